"""The web tests' helpers: an app's test configuration, the roles with one account each, and
`Web`, a test client that signs in and posts forms with their CSRF token as a browser does."""
from __future__ import annotations

import re

from tests.support.environment import PASSWORD

ROLES = ("staff", "trainer", "admin")
_CSRF = re.compile(r'name="(?:[\w-]+-)?csrf_token"[^>]*value="([^"]+)"')


def app_config(data_dir, clock, **extra) -> dict:
    """A test app's settings; no access log (tests/webapp/test_request_log.py asks for one)."""
    return {"TESTING": True, "DATA_DIR": str(data_dir), "SECRET_KEY": "test-secret-key",
            "PASSWORD_SCRYPT_N": 2 ** 8, "CLOCK": clock, "ACCESS_LOG": "", **extra}


class Web:
    """A test client that behaves like a browser user: reads CSRF tokens from pages."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def csrf(self, url: str = "/login") -> str:
        page = self.client.get(url).get_data(as_text=True)
        match = _CSRF.search(page)
        assert match, f"no CSRF token on {url}"
        self.token = match.group(1)
        return self.token

    def login(self, username: str, password: str = PASSWORD, **kwargs):
        self.csrf("/login")
        response = self.client.post("/login", data={"username": username, "password": password,
                                                    "csrf_token": self.token, **kwargs})
        self.token = None
        return response

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, *, token_from: str = "/me/account", **kwargs):
        if self.token is None:
            self.csrf(token_from)
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)

    def text(self, url: str, status: int = 200) -> str:
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code, response.location)
        return response.get_data(as_text=True)
