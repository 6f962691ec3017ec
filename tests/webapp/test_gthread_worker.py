"""The gunicorn worker class (webapp/gthread_worker.py), run by a real gunicorn on a minimal
WSGI app (tests/support/wsgi_probe.py): a worker whose threads are all busy leaves new
connections to the other workers, and a kept-alive connection is closed after
KEEPALIVE_REQUESTS requests so that clients spread out again."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import closing

import pytest

from tests.support.app_servers import ROOT, free_port
from webapp.gthread_worker import FreeThreadWorker


@pytest.fixture
def server():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--worker-class", "webapp.gthread_worker.FreeThreadWorker",
         "--workers", "2", "--threads", "1", "--keep-alive", "75", "--bind", f"127.0.0.1:{port}",
         "tests.support.wsgi_probe:app"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.05)  # polling for the port, not hiding a race
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_busy_worker_leaves_a_new_connection_to_a_free_one(server, tmp_path):
    fifo = tmp_path / "hold"
    os.mkfifo(fifo)
    held = http.client.HTTPConnection("127.0.0.1", server, timeout=30)
    other = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    with closing(held), closing(other):
        held.request("GET", "/hold?fifo=" + urllib.parse.quote(str(fifo)))
        # Opening the pipe to write returns once the handler has opened it: from then on
        # the only thread of one worker is busy.
        with open(fifo, "w", encoding="utf-8") as pipe:
            other.request("GET", "/")
            # With gunicorn's own gthread worker this connection can land on the busy
            # worker and wait behind the held request (a timeout here).
            free_pid = other.getresponse().read()
            pipe.write("go\n")
        busy_pid = held.getresponse().read()
    assert free_pid and busy_pid and free_pid != busy_pid


def test_a_kept_alive_connection_is_closed_after_its_quota_of_requests(server):
    closes = []
    with closing(http.client.HTTPConnection("127.0.0.1", server, timeout=10)) as connection:
        for _ in range(FreeThreadWorker.keepalive_requests):
            connection.request("GET", "/")
            response = connection.getresponse()
            response.read()
            closes.append(response.getheader("Connection", "").lower() == "close")
    assert closes == [False] * (FreeThreadWorker.keepalive_requests - 1) + [True]
