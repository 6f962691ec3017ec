"""gunicorn's threaded worker, taking a new connection only while it has a free thread.

gunicorn's own gthread worker accepts every connection it can hold (WORKER_CONNECTIONS)
whether or not it can serve it now.  Connections are kept alive (KEEPALIVE_SECONDS), and
a kept connection stays with the worker that accepted it.  So twenty browsers (or nginx's
upstream pool) that connect while one worker happens to be quicker to wake all end up on
that worker: it serves everything on one core under its interpreter lock while the other
workers idle.  `bench/web_load` saw exactly that: one worker at 98 % of a core, the other
at 0 %, and the median page waiting in that worker's queue.

This worker stops listening while all its threads are busy and listens again when one is
free, so a new connection goes to a worker that can serve it now (the kernel keeps it in
the listening socket's backlog meanwhile).  It also closes a kept-alive connection after
KEEPALIVE_REQUESTS requests (nginx's `keepalive_requests` does the same); the client opens
a new one (browsers and nginx do so transparently) and that one, too, goes to a worker
with a free thread, so a lasting imbalance corrects itself.
"""
from __future__ import annotations

from gunicorn.workers.gthread import ThreadWorker


class FreeThreadWorker(ThreadWorker):
    """`worker_class` for gunicorn (`webapp.gthread_worker.FreeThreadWorker`)."""

    # Requests served on one connection before the response closes it.
    keepalive_requests = 100

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._in_threads = 0  # connections handed to the pool and not finished yet

    def set_accept_enabled(self, enabled):
        super().set_accept_enabled(enabled and self._in_threads < self.cfg.threads)

    def enqueue_req(self, conn):
        # Called on the main thread only (poller callbacks), as is finish_request.
        self._in_threads += 1
        if self._in_threads >= self.cfg.threads:
            self.set_accept_enabled(False)
        super().enqueue_req(conn)

    def finish_request(self, conn, fs):
        self._in_threads -= 1
        super().finish_request(conn, fs)
        # The main loop listens again (set_accept_enabled) before its next wait.

    def handle_request(self, req, conn):
        served = getattr(conn, "served", 0) + 1
        conn.served = served
        if served >= self.keepalive_requests:
            # gunicorn answers with "Connection: close" when the request asks to close.
            req.must_close = True
        return super().handle_request(req, conn)
