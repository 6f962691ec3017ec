"""Reading request parameters strictly: a malformed number or date is a 400 with the
reason, never a silent default and never a 500."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from flask import request, url_for

from kb.catalogue import StatuteFilter
from kb.errors import InvalidInput
from kb.library import parse_date_arg
from kb.search.results import SearchFilters
from kb.search.service import MAX_PAGE, MAX_PER_PAGE
from laws.model import LEVELS

MAX_ID = 2 ** 31 - 1
DIGITS = re.compile(r"[0-9]{1,10}")


def int_arg(name: str, default: int | None = None, source=None) -> int | None:
    raw = (source if source is not None else request.args).get(name, "").strip()
    if not raw:
        return default
    # ASCII digits only: str.isdigit() also accepts ¹ and ٣, which int() refuses.
    if not DIGITS.fullmatch(raw) or not 0 < int(raw) <= MAX_ID:
        raise InvalidInput(f"参数 {name} 应为正整数：“{raw[:20]}”")
    return int(raw)


def date_arg(name: str = "date") -> dt.date | None:
    raw = request.args.get(name, "")
    return parse_date_arg(raw[:20]) if raw.strip() else None


def text_arg(name: str, limit: int = 100) -> str:
    raw = request.args.get(name, "")
    if len(raw) > limit:
        raise InvalidInput(f"参数 {name} 过长（不超过 {limit} 个字符）")
    return raw.strip()


# A search text longer than this is refused; up to it, the search service uses the first
# 200 characters and says so.
MAX_QUERY = 10_000


def search_filters() -> SearchFilters:
    """The search filters of the page and the API (law, level, branch, date, versions)."""
    level = text_arg("level", 20) or None
    if level and level not in LEVELS:
        raise InvalidInput(f"效力级别只能是：{'、'.join(LEVELS)}")
    versions = text_arg("versions", 10)
    if versions not in ("", "current", "all"):
        raise InvalidInput("版本范围只能是 current（现行有效）或 all（全部版本）")
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


def statute_filter() -> StatuteFilter:
    """The statute list's filters (page and API): level, branch, title words, 时效性,
    province and issuing body."""
    return StatuteFilter(text_arg("level", 20), text_arg("branch", 40), text_arg("q"),
                         text_arg("status", 10), text_arg("region", 40), text_arg("authority", 100))
