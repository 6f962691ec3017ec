"""Reading request parameters strictly: a malformed number or date is a 400 with the
reason, never a silent default and never a 500."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from flask import request, url_for

from kb.catalogue import StatuteFilter
from core.errors import InvalidInput
from kb.library import parse_date_arg
from kb.models import STATUSES
from kb.search.results import SearchFilters
from kb.search.service import MAX_PAGE, MAX_PER_PAGE
from laws.model import LEVELS

MAX_ID = 2 ** 31 - 1
DIGITS = re.compile(r"[0-9]{1,10}")


def int_arg(name: str, default: int | None = None) -> int | None:
    """A positive integer, or `default` when absent or empty; blanks or any other
    character around the digits are refused (they are no number)."""
    raw = request.args.get(name, "")
    if raw == "":
        return default
    # ASCII digits only: str.isdigit() also accepts ¹ and ٣, which int() refuses.
    if not DIGITS.fullmatch(raw) or not 0 < int(raw) <= MAX_ID:
        raise InvalidInput(f"参数 {name} 应为正整数：“{raw[:20]}”")
    return int(raw)


def date_arg(name: str = "date") -> dt.date | None:
    """A YYYY-MM-DD date, or None when absent or empty (a page's date box left empty sends
    `date=`); anything else that is not a date — blanks included — is refused."""
    raw = request.args.get(name, "")
    return parse_date_arg(raw[:20]) if raw != "" else None


def choice_arg(name: str, choices, *, blank_ok: bool = False, message: str = "") -> str | None:
    """One of `choices` exactly, or None when absent — or blank, where a page's “all”
    option sends it (`blank_ok`; the API's enums have no blank).  Nothing is stripped:
    " open" and "\x0b" are not in any list."""
    raw = request.args.get(name)
    if raw is None or (blank_ok and raw == ""):
        return None
    if raw not in choices:
        raise InvalidInput(message or f"参数 {name} 无效：“{raw[:20]}”，可选：{'、'.join(choices)}")
    return raw


def text_arg(name: str, limit: int = 100) -> str:
    raw = request.args.get(name, "")
    if len(raw) > limit:
        raise InvalidInput(f"参数 {name} 过长（不超过 {limit} 个字符）")
    return raw.strip()


# A search text longer than this is refused; up to it, the search service uses the first
# 200 characters and says so.
MAX_QUERY = 10_000


def search_filters(blank_ok: bool = True) -> SearchFilters:
    """The search filters of the page and (with `blank_ok=False`) the API: law, level,
    branch, date, versions."""
    level = choice_arg("level", LEVELS, blank_ok=blank_ok, message=f"效力级别只能是：{'、'.join(LEVELS)}")
    versions = choice_arg("versions", ("current", "all"), blank_ok=blank_ok,
                          message="版本范围只能是 current（现行有效）或 all（全部版本）")
    return SearchFilters(law=text_arg("law", 100) or None, level=level,
                         branch=text_arg("branch", 40) or None,
                         status=versions or "current", on_date=date_arg())


def search_page() -> int:
    page = int_arg("page", 1)
    if page > MAX_PAGE:
        raise InvalidInput(f"页码不能超过 {MAX_PAGE}")
    return page


def search_limit(default: int) -> int:
    """Hits per page (the API's `limit`)."""
    limit = int_arg("limit", default)
    if limit > MAX_PER_PAGE:
        raise InvalidInput(f"每页条数不能超过 {MAX_PER_PAGE}")
    return limit


def safe_next(target: str | None, fallback: str = "library.index") -> str:
    """Only a path on this site (no scheme, no host, no //host) is followed."""
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/") \
            and not target.startswith("//") and "\\" not in target:
        return target
    return url_for(fallback)


def statute_filter(blank_ok: bool = True) -> StatuteFilter:
    """The statute list's filters (the page and, with `blank_ok=False`, the API): level,
    branch, title words, 时效性, province and issuing body."""
    level = choice_arg("level", LEVELS, blank_ok=blank_ok, message=f"效力级别只能是：{'、'.join(LEVELS)}")
    status = choice_arg("status", STATUSES, blank_ok=blank_ok,
                        message=f"时效性只能是：{'、'.join(STATUSES)}")
    return StatuteFilter(level or "", text_arg("branch", 40), text_arg("q"), status or "",
                         text_arg("region", 40), text_arg("authority", 100))
