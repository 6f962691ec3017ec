"""The issuing history in a document's header: dated 通过/修正/修订/公布/施行 events.

Header lines look like ``2021年10月23日 第十三届…会议《关于修改…的决定》第二次修正``; long
ones are wrapped onto continuation lines without a date, and some lines hold two events
(``…发布　根据…修订``).  Dates come in Arabic, full-width or Chinese digits.
"""
from __future__ import annotations

import datetime as dt
import re

from laws.model import EFFECTIVE_HEADER, EFFECTIVE_NONE, EFFECTIVE_TEXT, HistoryEvent
from laws.numbering import parse_numeral

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_YEAR = r"(\d{4}|[〇○零一二三四五六七八九]{4})"
_MONTH_DAY = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_RE = re.compile(rf"{_YEAR}\s*年\s*{_MONTH_DAY}\s*月\s*{_MONTH_DAY}\s*日")
_LINE_START_DATE = re.compile(rf"^\s*[（(]?\s*{_YEAR}\s*年")

# Later entries win when a clause names several (…通过…公布 is a publication).
_KEYWORDS = (
    ("修正案", "修正"), ("通过", "通过"), ("批准", "批准"), ("修正", "修正"),
    ("修改", "修正"), ("修订", "修订"), ("发布", "发布"), ("印发", "发布"),
    ("颁布", "公布"), ("公布", "公布"), ("废止", "废止"), ("施行", "施行"), ("实施", "施行"),
)
_BOOK_TITLE = re.compile(r"《[^》]*》")


def parse_date(text: str) -> dt.date | None:
    """First date in the text, or None (also None for an impossible date such as 2月30日)."""
    match = DATE_RE.search(text.translate(_FULLWIDTH))
    if not match:
        return None
    return _to_date(match)


def find_dates(text: str) -> list[dt.date]:
    """Every valid date in the text, in order."""
    return [d for m in DATE_RE.finditer(text.translate(_FULLWIDTH)) if (d := _to_date(m))]


def _to_date(match: re.Match) -> dt.date | None:
    year, month, day = (parse_numeral(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except (TypeError, ValueError):
        return None


def starts_with_date(line: str) -> bool:
    return bool(_LINE_START_DATE.match(line.translate(_FULLWIDTH)))


def classify_clause(clause: str) -> str:
    """The event kind a clause of a header line describes."""
    outside_titles = _BOOK_TITLE.sub("", clause)
    if "修正案" in clause and "通过" in outside_titles and "修正" not in outside_titles:
        return "修正"  # …通过的《刑法修正案（二）》: an amendment of this law
    best, best_pos = "其他", -1
    for keyword, kind in _KEYWORDS:
        pos = outside_titles.rfind(keyword)
        if pos > best_pos:
            best, best_pos = kind, pos
    if best == "其他" and "修正案" in clause:
        return "修正"
    return best


def _clause_start(line: str, date_start: int) -> int:
    """Where the clause of a date begins: 自2010年5月1日起施行 starts at 自."""
    start = date_start
    while start > 0 and line[start - 1] in " \u3000":
        start -= 1
    if start > 0 and line[start - 1] in "自于":
        return start - 1
    if line[max(0, start - 2):start] == "根据":
        return start - 2
    return date_start


def join_wrapped(lines: list[str]) -> list[str]:
    """Join continuation lines (no leading date) onto the dated line they continue."""
    logical: list[str] = []
    for line in lines:
        if logical and not starts_with_date(line):
            logical[-1] += line.strip()
        else:
            logical.append(line.strip())
    return logical


def parse_events(header_lines: list[str]) -> list[HistoryEvent]:
    """Every dated clause of the header, in order; undated lines become kind 其他 without date."""
    events: list[HistoryEvent] = []
    for line in join_wrapped(header_lines):
        normalised = line.translate(_FULLWIDTH)
        starts = [m for m in DATE_RE.finditer(normalised)]
        if not starts:
            events.append(HistoryEvent(None, classify_clause(line), line))
            continue
        # A clause runs from its date to the next date that starts a new event.
        # Dates inside a clause (…自2021年1月1日起施行) split too: that is its own event.
        cut_points = [_clause_start(normalised, m.start()) for m in starts]
        if cut_points[0] > 0 and normalised[:cut_points[0]].strip(" （(　"):
            cut_points.insert(0, 0)
        for i, start in enumerate(cut_points):
            end = cut_points[i + 1] if i + 1 < len(cut_points) else len(line)
            clause = line[start:end].strip(" ，,；;　")
            if not clause:
                continue
            match = DATE_RE.search(normalised[start:end])
            date = _to_date(match) if match else None
            events.append(HistoryEvent(date, classify_clause(clause), clause))
    return events


def version_date_of(events: list[HistoryEvent]) -> dt.date | None:
    """The date of the latest enacting event (通过/修正/修订/公布/发布/批准)."""
    dates = [e.date for e in events if e.date and e.kind not in ("施行", "废止", "其他")]
    if not dates:
        dates = [e.date for e in events if e.date]
    return max(dates) if dates else None


def effective_date_of(events: list[HistoryEvent], version_date: dt.date | None) -> dt.date | None:
    """When this version took effect by its header: a 施行 date on or after the version date,
    else None (unknown: a consolidated text's history rarely says)."""
    if version_date is None:
        return None
    later = [e.date for e in events if e.kind == "施行" and e.date and e.date >= version_date]
    return min(later) if later else None


# 本法自2021年7月15日起施行 / 本条例自公布之日起施行 / 本决定自…起施行.
_COMMENCEMENT = re.compile(
    r"本(?:法|法典|条例|规定|办法|细则|解释|决定|规则|准则|意见|通知|实施细则)"
    r"[^。；]{0,30}?自\s*(公布之日|发布之日|印发之日|\S{6,16}?日)\s*起(?:施行|实施|生效)")
_ENACTING = ("通过", "修正", "修订", "公布", "发布", "批准")


def commencement_date(texts: list[str], promulgated: dt.date | None) -> dt.date | None:
    """The date a text's own commencement clause names (the last one, as it closes the
    text); 自公布之日起施行 is the promulgation date."""
    for text in reversed(texts):
        matches = list(_COMMENCEMENT.finditer(text))
        if matches:
            written = matches[-1].group(1)
            return promulgated if written.endswith("之日") else parse_date(written)
    return None


def is_amendment(events: list[HistoryEvent], version_date: dt.date | None) -> bool:
    """Whether the version is a consolidated text after a 修正 (its commencement clause is
    still the original one), judged by the last enacting event of its history."""
    enacting = [e for e in events if e.date and e.kind in _ENACTING
                and (version_date is None or e.date <= version_date)]
    return bool(enacting) and enacting[-1].kind == "修正"


def dates_of(events: list[HistoryEvent], version_date: dt.date | None,
             closing_texts: list[str]) -> tuple[dt.date | None, dt.date | None, str]:
    """(公布日期, 施行日期, where the 施行日期 comes from) of a version.

    The text's own clause counts for a newly made or fully revised (修订) text only, and
    only when it is not older than the version; else a 施行 line of the header; else
    unknown (EFFECTIVE_NONE)."""
    promulgated = version_date
    if version_date is not None and not is_amendment(events, version_date):
        stated = commencement_date(closing_texts, promulgated)
        if stated is not None and stated >= version_date:
            return promulgated, stated, EFFECTIVE_TEXT
    header = effective_date_of(events, version_date)
    if header is not None:
        return promulgated, header, EFFECTIVE_HEADER
    return promulgated, None, EFFECTIVE_NONE
