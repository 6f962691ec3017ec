"""Request and response helpers shared by the quiz pages: the bank's filters from the
query string, and file downloads with Chinese file names."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response

from quizzes.bank import ORIGINS, STATUS_NAMES, QuestionFilter
from quizzes.content import TYPES
from webapp.common.params import int_arg, text_arg

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def choice_arg(name: str, allowed) -> str | None:
    """A query parameter naming one of `allowed`; anything else means no filter."""
    value = text_arg(name, 20)
    return value if value in allowed else None


def bank_filter() -> QuestionFilter:
    """The bank list's filters from the query string (the export reads the same ones)."""
    return QuestionFilter(status=choice_arg("status", STATUS_NAMES), qtype=choice_arg("type", TYPES),
                          origin=choice_arg("origin", ORIGINS), tag=text_arg("tag", 30) or None,
                          statute_id=int_arg("statute"), text=text_arg("q") or None,
                          page=int_arg("page", 1))


def download(data: bytes | str, filename: str, mimetype: str = XLSX) -> Response:
    """An attachment; the name in RFC 5987 form so browsers keep its Chinese."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
