"""Every blueprint of the app, registered in one place.  A feature adds its blueprint
here (and its page to webapp/common/nav.py, its API routes under webapp.api.api)."""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2 ** 31 - 1


def digits_up_to(limit: int) -> str:
    r"""A regex for the decimal numbers 0…limit: 2147483647 → \d{1,9}|[1-1]\d{9}|2[0-0]\d{8}|…"""
    text = str(limit)
    options = [rf"\d{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    for i, digit in enumerate(map(int, text)):
        low = 1 if i == 0 else 0
        if digit > low:
            rest = len(text) - i - 1
            options.append(text[:i] + f"[{low}-{digit - 1}]" + (rf"\d{{{rest}}}" if rest else ""))
    return "|".join(options + [text])


class BoundedInt(IntegerConverter):
    """<int:…> that refuses numbers no database id can have (SQLite overflows past 2**63).
    The bound is in the pattern, not only in the conversion, so such URLs are an ordinary
    404 for every method (a converter refusing a matched path made PUT/POST a 405)."""
    regex = f"(?:{digits_up_to(MAX_ID)})"

    def __init__(self, url_map, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, **kwargs)


def register(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedInt
    from webapp import admin
    from webapp.account import auth, inbox, me
    from webapp.api import api
    from webapp.case_contest import views as case_contests
    from webapp.cases import views as cases
    from webapp.citations import views as citations
    from webapp.guide import views as guide
    from webapp.law_pack import views as law_packs
    from webapp.lectures import record, views as lectures
    from webapp.library import main, updates, views as library
    from webapp.marking import regrade, views as marking
    from webapp.quiz import attempts, bank, training, ui as quiz_ui
    from webapp.rounds import competition, management, results, views as rounds
    from webapp.search import views as search
    for blueprint in (main.bp, auth.bp, library.bp, search.bp, cases.bp, guide.bp, citations.bp,
                      me.bp, inbox.bp, admin.bp, api, updates.bp):
        app.register_blueprint(blueprint)
    for blueprint in (rounds.bp, management.bp, results.bp, competition.bp, attempts.bp, training.bp, bank.bp,
                      marking.bp, regrade.bp, case_contests.bp, law_packs.bp, lectures.bp,
                      record.bp):
        app.register_blueprint(blueprint)
    quiz_ui.init_app(app)
