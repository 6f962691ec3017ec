"""Static assets and template helpers: cache-busting URLs for the hand-written CSS/JS
(no CDN, no build step), local-time formatting, navigation."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from flask import Flask, url_for

from core.clock import to_local
from webapp.common.nav import ADMIN, MAIN, is_active, nav_entries

STATIC = Path(__file__).resolve().parent / "static"


def file_versions() -> dict[str, str]:
    return {str(p.relative_to(STATIC)): hashlib.sha256(p.read_bytes()).hexdigest()[:10]
            for p in STATIC.rglob("*") if p.is_file()}


def local_time(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return to_local(value).strftime(fmt) if value else ""


def weekday(value: dt.datetime | None) -> str:
    return "星期" + "一二三四五六日"[to_local(value).weekday()] if value else ""


def init_app(app: Flask) -> None:
    versions = file_versions()

    def asset(filename: str) -> str:
        return url_for("static", filename=filename, v=versions.get(filename, "0"))

    app.jinja_env.globals.update(asset=asset, nav_entries=nav_entries, nav_active=is_active,
                                 NAV_MAIN=MAIN, NAV_ADMIN=ADMIN)
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["weekday"] = weekday
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
