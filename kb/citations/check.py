"""The citation check: paste an audit report or decision, get every reference with its
status on the text's date, and warnings where a finding the guide knows is cited with
only half of its legal basis (漏引) or with another article of the right statute (错引).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select

from kb.citations.linker import Citation, CitationLinker
from kb.citations.resolver import (STATUS_NEAREST, STATUS_NO_ARTICLE, STATUS_NOT_HELD,
                                   STATUS_REPEALED, STATUS_RESOLVED, STATUS_UNKNOWN,
                                   pick_version)
from kb.guide.models import ROLE_CHARACTERISATION, ROLE_SANCTION
from kb.guide.service import GuideService
from kb.models import Unit
from laws.numbering import format_numeral
from laws.parser import paragraphs_from_text

WARN_MISSING_SANCTION = "missing_sanction"
WARN_MISSING_CHARACTERISATION = "missing_characterisation"
WARN_WRONG_ARTICLE = "wrong_article"
_PARAGRAPHS = re.compile(r"[^\n]+")
MAX_TEXT = 200_000


@dataclass(frozen=True)
class CheckedCitation:
    citation: Citation
    message: str

    @property
    def ok(self) -> bool:
        return self.citation.status == STATUS_RESOLVED and not self.message


@dataclass(frozen=True)
class GuideWarning:
    kind: str
    entry_slug: str
    entry_title: str
    message: str
    # Where the paragraph the warning is about starts and ends in the text.
    start: int
    end: int
    suggested: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckReport:
    on: dt.date | None
    items: tuple[CheckedCitation, ...]
    warnings: tuple[GuideWarning, ...]

    @property
    def problems(self) -> tuple[CheckedCitation, ...]:
        return tuple(i for i in self.items if not i.ok)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.citation.status] = counts.get(item.citation.status, 0) + 1
        return counts

    def to_json(self) -> dict:
        return {"date": self.on.isoformat() if self.on else None, "counts": self.counts(),
                "citations": [dict(i.citation.to_json(), message=i.message, ok=i.ok)
                              for i in self.items],
                "warnings": [{**w.__dict__, "suggested": list(w.suggested)}
                             for w in self.warnings]}


class CitationChecker:
    def __init__(self, linker: CitationLinker, guide: GuideService):
        self.linker = linker
        self.guide = guide

    def check(self, text: str, on: dt.date | None = None) -> CheckReport:
        """Every reference in `text` with its status on `on`, and the guide's warnings."""
        text = (text or "")[:MAX_TEXT]
        citations = self.linker.cite(text, on)
        items = tuple(CheckedCitation(c, self._message(c, on)) for c in citations)
        warnings = tuple(self._guide_warnings(text, citations))
        return CheckReport(on, items, warnings)

    def _message(self, citation: Citation, on: dt.date | None) -> str:
        where = f"《{citation.law_title}》{citation.article_label}"
        if citation.status == STATUS_UNKNOWN:
            return f"法规库中没有《{citation.law_title}》，请核对法规名称"
        if citation.status == STATUS_NOT_HELD:
            return f"《{citation.law_title}》{citation.notice}"
        if citation.status == STATUS_REPEALED:
            by = f"（废止依据：《{citation.repealed_by}》）" if citation.repealed_by else ""
            when = citation.repealed_on.isoformat() if citation.repealed_on else "此前"
            return f"《{citation.law_title}》已于{when}废止{by}；引用时已失效"
        if citation.status == STATUS_NO_ARTICLE:
            version = f"（{citation.version_date} 版）" if citation.version_date else ""
            return f"《{citation.law_title}》{version}中没有{citation.article_label}"
        if citation.status == STATUS_NEAREST:
            # The text in force then is not in the library: its 款 and 项 cannot be checked
            # against another version's.
            when = on.isoformat() if on else "该日期"
            notice = citation.notice or f"库中没有 {when} 时有效的版本"
            return f"{notice}；链接的是 {citation.version_date} 版，条文序号可能已变化"
        note = self._structure_problem(citation)
        return note or ("" if citation.status == STATUS_RESOLVED else where)

    def _structure_problem(self, citation: Citation) -> str:
        """Paragraph (款) and item (项) numbers the article does not have."""
        if not (citation.paragraphs or citation.items) or citation.unit_id is None:
            return ""
        with self.linker.sessions() as session:
            text = session.scalar(select(Unit.text).where(Unit.id == citation.unit_id)) or ""
        paragraphs = paragraphs_from_text(text)
        for number in citation.paragraphs:
            if number > len(paragraphs):
                return (f"{citation.article_label}只有{len(paragraphs)}款，"
                        f"没有第{format_numeral(number)}款")
        paragraph = paragraphs[citation.paragraph - 1] if citation.paragraph else (
            paragraphs[0] if paragraphs else None)
        count = len(paragraph.items) if paragraph else 0
        for number in citation.items:
            if number > count:
                where = "该款" if citation.paragraph else ""
                return f"{citation.article_label}{where}没有第（{format_numeral(number)}）项"
        return ""

    # -- 漏引 and 错引 -------------------------------------------------------------------
    def _guide_warnings(self, text: str, citations: list[Citation]):
        # The guide's article numbers are those of the current versions; a text dated
        # under an older version numbers differently, so only current citations compare.
        citations = [c for c in citations if self._is_current(c)]
        cited_all = {_key(c) for c in citations if c.statute_id}
        for match in _PARAGRAPHS.finditer(text):
            inside = [c for c in citations if match.start() <= c.start < match.end()]
            if not inside:
                continue
            for found in self.guide.find_in_text(match.group(0)):
                yield from self._entry_warnings(found.entry, inside, cited_all, match)

    def _is_current(self, citation: Citation) -> bool:
        statute = self.linker.snapshot().statutes.get(citation.statute_id)
        return statute is not None and citation.version_id == pick_version(statute, None)[0].id

    def _entry_warnings(self, entry, inside: list[Citation], cited_all: set, match):
        chars, sanctions = self.guide.article_keys(entry.id)
        here = {_key(c) for c in inside if c.statute_id}
        span = (match.start(), match.end())
        if here & chars and not cited_all & sanctions:
            labels = self.guide.basis_labels(entry.id, ROLE_SANCTION)
            yield GuideWarning(WARN_MISSING_SANCTION, entry.slug, entry.title,
                               f"漏引：“{entry.title}”引用了定性依据，但全文没有引用处理处罚依据"
                               f"（如{'、'.join(labels)}）", *span, tuple(labels))
        if here & sanctions and not cited_all & chars:
            labels = self.guide.basis_labels(entry.id, ROLE_CHARACTERISATION)
            yield GuideWarning(WARN_MISSING_CHARACTERISATION, entry.slug, entry.title,
                               f"漏引：“{entry.title}”引用了处理处罚依据，但全文没有引用定性依据"
                               f"（如{'、'.join(labels)}）", *span, tuple(labels))
        statutes = {k[0] for k in chars | sanctions}
        for citation in inside:
            key = _key(citation)
            if citation.statute_id in statutes and key not in chars | sanctions:
                labels = [label for role in (ROLE_CHARACTERISATION, ROLE_SANCTION)
                          for label in self.guide.basis_labels(entry.id, role)
                          if citation.short_title in label or citation.law_title in label]
                yield GuideWarning(WARN_WRONG_ARTICLE, entry.slug, entry.title,
                                   f"可能错引：“{entry.title}”通常引用{'、'.join(labels)}，"
                                   f"此处引用的是《{citation.short_title}》{citation.article_label}",
                                   *span, tuple(labels))


def _key(citation: Citation) -> tuple[int | None, int, int]:
    return citation.statute_id, citation.article_no, citation.article_suffix
