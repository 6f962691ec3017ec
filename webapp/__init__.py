"""The web application: `create_app(config=None)` builds it in the flaskr shape.

Configuration comes from webapp/config.py, then `<data dir>/webapp.cfg`, then `KB_*`
environment variables; a test passes a mapping that replaces the file and the
environment.  The domain services are built once here and kept in
`app.extensions["kb"]` (read them through `webapp.extensions.services()`).
"""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

from core.private_files import private_directory
from core.settings import Settings

INSTANCE_FILE = "webapp.cfg"
SECRET_KEY_FILE = "secret_key"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_object("webapp.config")
    if config is None:
        data_dir = Settings.from_env().data_dir
        app.config.from_pyfile(str(data_dir / INSTANCE_FILE), silent=True)
        app.config.from_prefixed_env("KB")
        app.config["DATABASE_URL"] = app.config.get("DATABASE_URL") or os.environ.get("DATABASE_URL")
    else:
        app.config.from_mapping(config)
    settings = settings_from_config(app.config)
    app.config["DATA_DIR"] = str(settings.data_dir)
    private_directory(settings.data_dir)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(settings.data_dir / SECRET_KEY_FILE)

    from webapp import blueprints, errors, extensions, request_log, security
    from webapp.common import assets, links
    extensions.init_app(app, settings)
    request_log.init_app(app)   # first, so that its clock starts before any other hook
    security.init_app(app)
    errors.init_app(app)
    assets.init_app(app)
    links.init_app(app)
    blueprints.register(app)
    from webapp import metrics
    metrics.init_app(app)
    from webapp.commands import register_commands
    register_commands(app)
    return app


def settings_from_config(config: Mapping[str, Any]) -> Settings:
    """kb Settings from the app config: DATA_DIR, DATABASE_URL, CORPUS."""
    environ = {"KB_DATA_DIR": config.get("DATA_DIR"), "KB_DATABASE_URL": config.get("DATABASE_URL"),
               "KB_CORPUS": config.get("CORPUS")}
    return Settings.from_env({key: str(value) for key, value in environ.items() if value})


def load_secret_key(path: Path) -> str:
    """The install's secret key, created once and then reused by every worker.

    Written to a private temporary file and hard-linked into place, so a worker racing
    this one either finds no file or a complete one, never a half-written key.
    """
    if not path.exists():
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker won the race: use its key
        finally:
            os.unlink(temporary)
    return path.read_text(encoding="ascii").strip()
