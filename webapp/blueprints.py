"""Every blueprint of the app, registered in one place.  A feature adds its blueprint
here (and its page to webapp/nav.py, its API routes under webapp.api.api)."""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter


class BoundedInt(IntegerConverter):
    """<int:…> that refuses numbers no database id can have (SQLite overflows past 2**63);
    such URLs are an ordinary 404 instead of a 500."""

    def __init__(self, url_map, **kwargs):
        kwargs.setdefault("max", 2 ** 31 - 1)
        super().__init__(url_map, **kwargs)


def register(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedInt
    from webapp import quiz_ui
    from webapp.api import api
    from webapp.views import admin, auth, inbox, library, main, me
    from webapp.views import (quiz_attempts, quiz_bank, quiz_round_admin, quiz_round_results,
                              quiz_rounds, quiz_training)
    for blueprint in (main.bp, auth.bp, library.bp, me.bp, inbox.bp, admin.bp, api):
        app.register_blueprint(blueprint)
    for blueprint in (quiz_rounds.bp, quiz_round_admin.bp, quiz_round_results.bp, quiz_attempts.bp,
                      quiz_training.bp, quiz_bank.bp):
        app.register_blueprint(blueprint)
    quiz_ui.init_app(app)
