"""Real local peers for the channel tests: an SMTP server (aiosmtpd) and an HTTP server
that plays group robots, including one that fails and recovers and one that hangs."""
from __future__ import annotations

import json
import socket
import ssl
import subprocess
import threading
import urllib.parse
from email import message_from_bytes
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


class _Collector:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default)))
        return "250 OK"


class SmtpSink:
    """A real SMTP server on localhost: plain, STARTTLS (required) or implicit SSL, optional login."""

    def __init__(self, mode: str = "none", cert: tuple[Path, Path] | None = None,
                 credentials: tuple[str, str] | None = None):
        self.collector = _Collector()
        self.port = free_port()
        kwargs = {}
        context = None
        if cert:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(cert[0]), str(cert[1]))
        if mode == "starttls":
            kwargs.update(tls_context=context, require_starttls=True)
        if credentials:
            def authenticate(server, session, envelope, mechanism, data):
                ok = isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == credentials
                return AuthResult(success=ok, handled=False)
            kwargs.update(authenticator=authenticate, auth_required=True,
                          auth_require_tls=mode == "starttls")
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port,
                                     ssl_context=context if mode == "ssl" else None,
                                     server_hostname="localhost" if mode == "ssl" else None, **kwargs)

    @property
    def messages(self):
        with self.collector.lock:
            return list(self.collector.messages)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class RobotServer:
    """HTTP server for robot webhooks.  Paths: /ok, /errcode (robot refuses), /flaky (fails
    `fail_times` with HTTP 500, then succeeds), /hang (never answers until the test ends)."""

    def __init__(self, fail_times: int = 2):
        self.requests: list[tuple[str, dict, dict]] = []
        self.fail_times = fail_times
        self.release = threading.Event()
        self.lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                parsed = urllib.parse.urlparse(self.path)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with sink.lock:
                    sink.requests.append((parsed.path, body, urllib.parse.parse_qs(parsed.query)))
                    flaky_calls = sum(1 for p, *_ in sink.requests if p == "/flaky")
                if parsed.path == "/hang":
                    sink.release.wait(30)
                    return
                if parsed.path == "/flaky" and flaky_calls <= sink.fail_times:
                    self.send_response(500)
                    self.end_headers()
                    return
                answer = {"errcode": 310000, "errmsg": "sign not match"} if parsed.path == "/errcode" \
                    else {"errcode": 0, "errmsg": "ok"}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def bodies(self, path: str) -> list[dict]:
        with self.lock:
            return [body for p, body, _ in self.requests if p == path]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
