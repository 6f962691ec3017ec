"""The shape of an article reference after its statute name: 第三十四条第二款第（一）项,
lists (第三十四条、第三十五条和第三十六条; 第一款、第二款; 第（一）、（二）项) and ranges
(第三十四条至第三十六条).

`parse_group(text, pos)` reads one such group starting at a 第 and returns the articles it
names; deciding which statute they belong to is the finder's business.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from laws.numbering import NUMERAL_CLASS, parse_numeral

_SP = r"[ \u3000\t]*"
_NUM = rf"({NUMERAL_CLASS}+)"
_ARTICLE = re.compile(rf"第{_SP}{_NUM}{_SP}条(?:{_SP}之{_SP}{_NUM})?")
# After a list separator the 第 may be dropped: 第153条、154条.
_ARTICLE_CONT = re.compile(rf"第?{_SP}{_NUM}{_SP}条(?:{_SP}之{_SP}{_NUM})?")
_PARAGRAPH = re.compile(rf"{_SP}第{_SP}{_NUM}{_SP}款")
_PARAGRAPH_CONT = re.compile(rf"第?{_SP}{_NUM}{_SP}款")
# An item number: （一）, (一), 一, 1.
_ITEM_NUM = rf"(?:[（(]{_SP}{_NUM}{_SP}[）)]|{_NUM})"
# 第（一）项, 第一项, and （一）项 without the 第.
_ITEM = re.compile(rf"{_SP}(?:第{_SP}{_ITEM_NUM}|[（(]{_SP}{_NUM}{_SP}[）)]){_SP}项")
_ITEM_CONT = re.compile(rf"第?{_SP}{_ITEM_NUM}{_SP}项")
# A bare number inside 第一、二款 / 第（一）、（二）项 before the closing 款/项.
_LEAD = re.compile(rf"{_SP}第?{_SP}")
_BARE_PARAGRAPH = re.compile(rf"{_NUM}")
_BARE_ITEM = re.compile(_ITEM_NUM)
_SUBITEM = re.compile(rf"{_SP}第{_SP}{_NUM}{_SP}目")
_LIST_SEP = re.compile(rf"{_SP}(以及|或者|、|和|及|与|或){_SP}")
_RANGE_SEP = re.compile(rf"{_SP}(至|到|—|－|～|~|-){_SP}")

_RANGE_WORDS = ("至", "到", "—", "－", "～", "~", "-")
_SHARED_SEP = rf"{_SP}(?:、|和|及|至|到|—|－|～|~|-){_SP}"
_SHARED_UNIT = re.compile(rf"第{_SP}({NUMERAL_CLASS}+(?:{_SHARED_SEP}{NUMERAL_CLASS}+)+){_SP}条")
_SHARED_SPLIT = re.compile(rf"({_SHARED_SEP})")

# A range longer than this is a typo or not a range at all; only its ends are kept.
MAX_RANGE = 60
# Article numbers above this are not articles (years, document numbers).
MAX_ARTICLE = 3000


@dataclass(frozen=True)
class ArticleSpec:
    """One article named by a group, with where it is written."""
    start: int
    end: int
    number: int
    suffix: int = 0
    paragraphs: tuple[int, ...] = ()
    items: tuple[int, ...] = ()
    # True for an article inside a range that is not written out (35 in 第34条至第36条).
    implied: bool = False


@dataclass(frozen=True)
class Group:
    start: int
    end: int
    articles: tuple[ArticleSpec, ...]


def _number(text: str | None) -> int | None:
    return parse_numeral(text) if text else None


def _item_number(match: re.Match) -> int | None:
    return next((parse_numeral(g) for g in match.groups() if g), None)


def _read_numbers(text: str, pos: int, first: re.Pattern, cont: re.Pattern,
                  bare: re.Pattern, closing: str, value) -> tuple[list[int], int]:
    """Read 第一款、第二款 or 第一、二款 (and the same for 项) starting at pos."""
    match = first.match(text, pos)
    if match:
        numbers, pos = [value(match)], match.end()
        while True:
            sep = _LIST_SEP.match(text, pos)
            nxt = cont.match(text, sep.end()) if sep else None
            if nxt is None:
                break
            numbers.append(value(nxt))
            pos = nxt.end()
        return [n for n in numbers if n], pos
    # 第一、二款, 第（一）、第（二）项, 第（一）（二）项, 第（一）至（四）项: the unit once at the end.
    lead = _LEAD.match(text, pos)
    if not lead:
        return [], pos
    numbers, cursor, ranged = [], lead.end(), False
    while True:
        num = bare.match(text, cursor)
        if not num:
            return [], pos
        number = value(num)
        if ranged and numbers and number and 0 < number - numbers[-1] <= MAX_RANGE:
            numbers.extend(range(numbers[-1] + 1, number))
        numbers.append(number)
        cursor = num.end()
        sep = _LIST_SEP.match(text, cursor) or _RANGE_SEP.match(text, cursor)
        ranged = bool(sep) and sep.re is _RANGE_SEP
        if sep:
            cursor = _LEAD.match(text, sep.end()).end()
            continue
        if closing == "项" and text.startswith(("（", "("), cursor):
            continue
        end = re.compile(rf"{_SP}{closing}").match(text, cursor)
        if end:
            return [n for n in numbers if n], end.end()
        return [], pos


def _read_article(text: str, pos: int, pattern: re.Pattern) -> tuple[ArticleSpec, int] | None:
    match = pattern.match(text, pos)
    if not match:
        return None
    number, suffix = _number(match.group(1)), _number(match.group(2)) or 0
    if not number or number > MAX_ARTICLE:
        return None
    end = match.end()
    paragraphs, end = _read_numbers(text, end, _PARAGRAPH, _PARAGRAPH_CONT, _BARE_PARAGRAPH,
                                    "款", lambda m: _number(m.group(1)))
    items, end = _read_numbers(text, end, _ITEM, _ITEM_CONT, _BARE_ITEM, "项", _item_number)
    subitem = _SUBITEM.match(text, end)
    if subitem:
        end = subitem.end()
    return ArticleSpec(match.start(), end, number, suffix, tuple(paragraphs), tuple(items)), end


def parse_group(text: str, pos: int) -> Group | None:
    """The article group starting at text[pos] (a 第), or None when none starts there."""
    first = _read_article(text, pos, _ARTICLE)
    if first is None:
        return _read_shared_unit(text, pos)
    articles, end = [first[0]], first[1]
    while True:
        ranged = _RANGE_SEP.match(text, end)
        sep = ranged or _LIST_SEP.match(text, end)
        if sep is None:
            break
        nxt = _read_article(text, sep.end(), _ARTICLE_CONT)
        if nxt is None:
            break
        spec, end = nxt
        if ranged:
            articles.extend(_fill_range(articles[-1], spec))
        articles.append(spec)
    return Group(articles[0].start, end, tuple(articles))


def _read_shared_unit(text: str, pos: int) -> Group | None:
    """第三十四、三十五条 and 第三十四至三十六条: the numbers share one 条."""
    match = _SHARED_UNIT.match(text, pos)
    if not match:
        return None
    parts = _SHARED_SPLIT.split(match.group(1))
    numbers, seps = [_number(p) for p in parts[0::2]], parts[1::2]
    if not all(n and n <= MAX_ARTICLE for n in numbers):
        return None
    start, end = match.start(), match.end()
    articles = [ArticleSpec(start, end, numbers[0])]
    for sep, number in zip(seps, numbers[1:]):
        high = ArticleSpec(start, end, number)
        if sep.strip() in _RANGE_WORDS:
            articles.extend(_fill_range(articles[-1], high))
        articles.append(high)
    return Group(start, end, tuple(articles))


def _fill_range(low: ArticleSpec, high: ArticleSpec) -> list[ArticleSpec]:
    """The articles strictly between the ends of 第a条至第b条, marked implied."""
    if low.suffix or high.suffix or not 0 < high.number - low.number <= MAX_RANGE:
        return []
    return [ArticleSpec(low.start, high.end, n, implied=True)
            for n in range(low.number + 1, high.number)]
