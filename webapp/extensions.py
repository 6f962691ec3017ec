"""The domain services of one app, opened once by the factory (quizzes.services.open_services,
the same call the command line and the scheduler make) and read through `services()` — the
one typed way views, commands and templates reach the domain."""
from __future__ import annotations

from flask import Flask, current_app

from accounts.authentication import LockoutPolicy
from accounts.passwords import PasswordHasher, PasswordPolicy
from core.settings import Settings
from quizzes.services import AccountOptions, NoticeOptions, Services, open_services
from webapp.common.fragments import FragmentCache

KEY = "kb"
FRAGMENTS = "fragments"


def services(app: Flask | None = None) -> Services:
    return (app or current_app).extensions[KEY]


def fragments(app: Flask | None = None) -> FragmentCache:
    """Rendered whole texts of statutes (webapp.common.fragments), kept per process."""
    return (app or current_app).extensions[FRAGMENTS]


def account_options(config) -> AccountOptions:
    return AccountOptions(
        hasher=PasswordHasher(n=int(config["PASSWORD_SCRYPT_N"])),
        policy=PasswordPolicy(min_length=int(config["PASSWORD_MIN_LENGTH"])),
        lockout=LockoutPolicy(int(config["LOGIN_MAX_FAILURES"]), int(config["LOGIN_LOCK_MINUTES"]),
                              int(config["LOGIN_IP_MAX_FAILURES"]),
                              int(config["LOGIN_IP_WINDOW_MINUTES"])),
        token_days=int(config["API_TOKEN_DAYS"]))


def init_app(app: Flask, settings: Settings) -> None:
    app.extensions[KEY] = open_services(settings, clock=app.config.get("CLOCK"),
                                        accounts=account_options(app.config),
                                        notices=NoticeOptions.from_config(app.config))
    app.extensions[FRAGMENTS] = FragmentCache()
