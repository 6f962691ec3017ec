"""A minimal WSGI app for testing gunicorn worker classes: every answer names the worker
process that gave it; `/hold?fifo=PATH` answers only once the test writes a line to the
named pipe PATH (so the test decides how long a thread stays busy)."""
from __future__ import annotations

import os
import urllib.parse


def app(environ, start_response):
    if environ["PATH_INFO"] == "/hold":
        fifo = urllib.parse.parse_qs(environ["QUERY_STRING"])["fifo"][0]
        with open(fifo, encoding="utf-8") as pipe:  # blocks until the test opens it to write
            pipe.readline()
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
