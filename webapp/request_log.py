"""Structured logs: one JSON line per request (the access log) and errors as JSON lines
with their traceback, for the intranet's log collector.

Settings (webapp/config.py): `LOG_FORMAT` "json" (these logs; gunicorn's own access log
is then off, so each request is logged once) or "text" (gunicorn's combined access lines
and plain-text errors, as before); `ACCESS_LOG` where the access lines go ("-": standard
output, a file path: appended to, "": nowhere).  Every request carries an id — the
client's or proxy's `X-Request-ID` when it is a plain token, else a new one — sent back
in the response's `X-Request-ID` and written on its access and error lines, so a user's
report ("请求编号 …") finds its traceback.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import random
import re
import sys
import threading
import time
import traceback

from flask import Flask, g, has_request_context, request

from webapp.security import current_user

JSON, TEXT = "json", "text"
REQUEST_ID_HEADER = "X-Request-ID"
# A forwarded id is kept only when it cannot break a log line or a header.
_PLAIN_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_HANDLER_MARK = "_kb_json_errors"


def request_id() -> str:
    """This request's id (made on first use)."""
    if "request_id" not in g:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        # An id for finding log lines, not a secret: random.getrandbits (reseeded in each
        # forked worker) rather than uuid4, whose os.urandom lets go of the interpreter lock
        # and under load waits to get it back (a tenth of a busy worker's samples).
        g.request_id = given if _PLAIN_ID.fullmatch(given) else f"{random.getrandbits(128):032x}"
    return g.request_id


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


class LineWriter:
    """Appends whole lines to standard output or a file, one write per line under a lock,
    so the threads of a worker (and, through O_APPEND, the workers) never interleave.  The
    file is opened for each line: logrotate may move it at any time, and nothing stays open."""

    def __init__(self, target: str):
        self.target = target
        self.lock = threading.Lock()

    def write(self, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self.lock:
            if self.target == "-":
                sys.stdout.write(line)
                sys.stdout.flush()
                return
            with open(self.target, "a", encoding="utf-8") as out:
                out.write(line)


def access_record(response, duration_ms: float) -> dict:
    user = current_user()
    return {"time": _now(), "type": "access", "request_id": request_id(),
            "method": request.method, "path": request.path,
            "endpoint": request.endpoint or "", "status": response.status_code,
            "duration_ms": round(duration_ms, 1), "user_id": user.id if user else None,
            "remote_addr": request.remote_addr or "", "bytes": response.content_length}


class JsonErrorFormatter(logging.Formatter):
    """A log record as one JSON line, with the request it happened in and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": _now(), "type": "error" if record.levelno >= logging.ERROR else "log",
                 "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        if has_request_context():
            user = current_user()
            entry.update(request_id=request_id(), method=request.method, path=request.path,
                         endpoint=request.endpoint or "", user_id=user.id if user else None)
        if record.exc_info:
            entry["error"] = repr(record.exc_info[1])
            entry["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def _json_errors(app: Flask) -> None:
    """The app's logger (errors of every view) writes JSON lines to standard error."""
    from flask.logging import default_handler
    app.logger.removeHandler(default_handler)
    if not any(getattr(h, _HANDLER_MARK, False) for h in app.logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonErrorFormatter())
        setattr(handler, _HANDLER_MARK, True)
        app.logger.addHandler(handler)
    app.logger.setLevel(logging.INFO)


def init_app(app: Flask) -> None:
    if str(app.config.get("LOG_FORMAT") or JSON) != JSON:
        return
    _json_errors(app)
    target = str(app.config.get("ACCESS_LOG") or "")
    writer = LineWriter(target) if target else None

    @app.before_request
    def start_clock():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        response.headers[REQUEST_ID_HEADER] = request_id()
        if writer is not None:
            started = g.get("request_started", time.perf_counter())
            writer.write(access_record(response, (time.perf_counter() - started) * 1000))
        return response
