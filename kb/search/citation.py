"""Citations in a query: 审计法第三十四条, 《预算法》第93条, 民法典 153条, 审计法34条,
中华人民共和国招标投标法第五十三条, 第三十四条第二款, 政府采购法第七十七条第一款第三项.

An article reference is found first; the statute is the longest name that ends right before
it (spaces, 《》 and 的 ignored).  A reference with no statute before it takes the statute of
the previous citation (审计法第三十四条、第四十七条), else the one the caller supplies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.search.lexicon import NAME_ENDINGS, Lexicon, StatuteEntry
from laws.numbering import NUMERAL_CLASS, format_article_label, format_numeral, parse_numeral

_NUM = rf"{NUMERAL_CLASS}+"
_REFERENCE = re.compile(
    rf"(?P<di>第\s*)?(?P<no>{_NUM})\s*条(?:\s*之\s*(?P<suffix>{_NUM}))?"
    rf"(?:\s*第?\s*(?P<para>{_NUM})\s*款)?(?:\s*第?\s*[（(]?(?P<item>{_NUM})[）)]?\s*项)?")
# Between a statute name and its article: spaces, closing 》, 的.
_GLUE = " \u3000》〉的"
# A version note between name and article: 《会计法》（2017年修订）第四十二条.
_VERSION_NOTE = re.compile(r"[（(][^（）()]{0,20}[)）]\s*$")
# A statute name followed by a bare number: 审计法 34.
_NAME_NUMBER = re.compile(r"^(?P<name>.+?)\s*(?P<no>\d{1,4})$")


@dataclass(frozen=True)
class CitationTarget:
    """The article a citation points to, as typed (paragraph and item are shown, not searched)."""
    law_id: int
    law_title: str
    short_title: str
    article_no: int
    article_suffix: int = 0
    paragraph: int | None = None
    item: int | None = None
    # The version asked for by year (《会计法》（2017年修订）第四十二条); None: by the filters.
    year: int | None = None

    @property
    def label(self) -> str:
        label = format_article_label(self.article_no, self.article_suffix)
        if self.paragraph:
            label += f"第{format_numeral(self.paragraph)}款"
        if self.item:
            label += f"第{format_numeral(self.item)}项"
        return label

    def to_json(self) -> dict:
        return {"law_id": self.law_id, "law_title": self.law_title,
                "short_title": self.short_title, "article_no": self.article_no,
                "article_suffix": self.article_suffix, "paragraph": self.paragraph,
                "item": self.item, "year": self.year, "label": self.label}


@dataclass(frozen=True)
class FoundCitation:
    target: CitationTarget | None
    # Where the citation (with its statute name) is in the text.
    start: int
    end: int
    # The words before the reference when they name no known statute (for "did you mean").
    unknown_name: str = ""
    # The statute was not named in the text but taken from the caller's default.
    by_default: bool = False


def _number(text: str | None) -> int | None:
    return parse_numeral(text) if text else None


def _target(entry: StatuteEntry, match: re.Match, year: int | None) -> CitationTarget | None:
    number = _number(match.group("no"))
    suffix = _number(match.group("suffix")) or 0
    if not number:
        return None
    return CitationTarget(entry.law_id, entry.title, entry.short_title, number, suffix,
                          _number(match.group("para")), _number(match.group("item")), year)


def _skip_glue(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in _GLUE:
        end -= 1
    return end


@dataclass(frozen=True)
class _NameBefore:
    start: int
    entry: StatuteEntry | None
    unknown: str = ""
    year: int | None = None


def _name_before(text: str, end: int, lexicon: Lexicon) -> _NameBefore:
    """The statute named right before `end`: glue and a version note (2017年修订) skipped."""
    end = _skip_glue(text, end)
    year = None
    note = _VERSION_NOTE.search(text[:end])
    if note:
        found_year = re.search(r"(19|20)\d\d", note.group(0))
        year = int(found_year.group(0)) if found_year else None
        end = _skip_glue(text, note.start())
    found = lexicon.name_ending_at(text, end)
    if found:
        start, entry = found
        return _NameBefore(start - 1 if start and text[start - 1] in "《〈" else start, entry,
                           year=year)
    words = re.split(r"[\s，。；、,;《》〈〉]", text[:end])[-1]
    if words.endswith(NAME_ENDINGS):
        return _NameBefore(end - len(words), None, words)
    return _NameBefore(end, None)


def find_citations(text: str, lexicon: Lexicon,
                   default: StatuteEntry | None = None) -> list[FoundCitation]:
    """Every citation in `text`, in order; a target is None when the statute is unknown."""
    whole = _NAME_NUMBER.match(text.strip())
    # Four digits from 1900 on are a year (预算法2018), not an article.
    if whole and int(whole.group("no")) < 1900:
        entry = lexicon.resolve(whole.group("name"))
        if entry:
            target = CitationTarget(entry.law_id, entry.title, entry.short_title,
                                    int(whole.group("no")))
            return [FoundCitation(target, 0, len(text))]
    found: list[FoundCitation] = []
    previous, named_before = default, False
    for match in _REFERENCE.finditer(text):
        name = _name_before(text, match.start(), lexicon)
        if name.entry is None and not match.group("di") and text.strip() != match.group(0).strip():
            continue  # "34条" inside a sentence without 第 or a statute is not a citation
        by_default = name.entry is None and not name.unknown and not named_before
        named_before = named_before or name.entry is not None
        entry = name.entry or (previous if not name.unknown else None)
        previous = entry or previous
        target = _target(entry, match, name.year) if entry else None
        found.append(FoundCitation(target, name.start, match.end(), name.unknown, by_default))
    return found
