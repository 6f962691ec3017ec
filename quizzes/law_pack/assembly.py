"""Assembling a pack for one meeting: the key articles read in the version in force on the
meeting date, the typical findings of the audit type from the guide with their 定性依据 and
处理处罚依据, two or three short cases, and the self-check quiz from the bank.

Everything is resolved for the meeting's date, never today's: a pack for a 2021 meeting
printed in 2026 still quotes the text that bound the unit then.  A subject that names
something the library cannot supply (an article the statute does not have on that date, a
guide entry or case that is gone) is refused with the reason, never silently dropped."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from core.errors import ArticleNotFound, InvalidInput, NotFound
from kb.cases.models import STATUS_PUBLISHED
from kb.cases.service import CaseService
from kb.citations.linker import Citation, CitationLinker
from kb.citations.resolver import STATUS_NAMES, STATUS_NEAREST, STATUS_NO_ARTICLE, STATUS_RESOLVED
from kb.guide.service import GuideService
from kb.guide.values import BasisView, GuideView
from kb.library import ArticleView, Library
from quizzes.law_pack.quiz import PackQuiz
from quizzes.law_pack.values import (MAX_CASES, PackArticle, PackBasis, PackCase, PackDocument,
                                     PackFinding, PackInput, plain)
from accounts.permissions import SYSTEM

# The sections of a case body told in a pack, by their headings in the case template.
CASE_PARTS = ("审计发现", "定性依据", "处理处罚")
MAX_PART = 400
MIN_CASES = 2
ArticleKey = tuple[int, int, int]


class PackAssembler:
    """Builds `PackDocument`s and checks subjects.  Takes the library (legal time), the
    citation linker (what the trainer wrote), the guide, the cases and the bank's quiz."""

    def __init__(self, library: Library, linker: CitationLinker, guide: GuideService,
                 cases: CaseService, quiz: PackQuiz):
        self.library = library
        self.linker = linker
        self.guide = guide
        self.cases = cases
        self.quiz = quiz

    def check(self, data: PackInput, dates: list[dt.date]) -> None:
        """Refuses a subject that names anything missing on one of the meeting dates, or
        that would give an empty pack (the quiz is not drawn: it never refuses)."""
        for on in dates:
            self.assemble(replace(data, question_count=0), "", "", on, data.title)

    def assemble(self, data: PackInput, unit_name: str, kind: str, on: dt.date,
                 title: str) -> PackDocument:
        entries = self._entries(data)
        articles = self._named_articles(data.articles, on)
        named = {_view_key(a) for a in articles}
        for key in _basis_keys(entries):
            view = None if key in named else self._article(key, on)
            if view is not None:
                articles.append(view)
                named.add(key)
        findings = tuple(_finding(entry, named) for entry in entries)
        cases = self._cases(data, entries)
        if not (articles or findings or cases):
            raise InvalidInput("资料包没有可用的内容：所选审计类型在问题定性指引和案例库中都没有条目，"
                               "请再选择指引条目、法条或案例")
        printed = {_view_key(a): _pack_article(a) for a in articles}
        questions = self.quiz.questions({k: a.heading for k, a in printed.items()},
                                        data.question_count)
        return PackDocument(title, unit_name, kind, on, data.audit_type,
                            tuple(printed.values()), findings, cases, questions)

    def _entries(self, data: PackInput) -> list[GuideView]:
        """The chosen guide entries, else every entry of the audit type."""
        if data.guide_slugs:
            return [self._entry(slug) for slug in data.guide_slugs]
        if not data.audit_type:
            return []
        return [self.guide.get_entry(e.id) for e in self.guide.list_entries(data.audit_type)]

    # -- articles ----------------------------------------------------------------------
    def _named_articles(self, text: str, on: dt.date) -> list[ArticleView]:
        """The articles the trainer wrote, each in the version in force on `on`."""
        if not text:
            return []
        citations = self.linker.cite(text, on)
        if not citations:
            raise InvalidInput(f"无法识别的法条：“{text[:60]}”（示例：预算法第九十三条；《审计法》第四十九条）")
        views: dict[ArticleKey, ArticleView] = {}
        for citation in citations:
            _check_citation(citation, on)
            key = (citation.statute_id, citation.article_no, citation.article_suffix)
            view = views.get(key) or self._article(key, on)
            if view is None:
                raise InvalidInput(f"《{citation.law_title}》在 {on} 施行的版本中没有"
                                   f"{citation.article_label}（{citation.text}）")
            views[key] = view
        return list(views.values())

    def _article(self, key: ArticleKey, on: dt.date) -> ArticleView | None:
        try:
            return self.library.get_article(key[0], (key[1], key[2]), on=on)
        except ArticleNotFound:
            return None

    # -- findings and cases --------------------------------------------------------------
    def _entry(self, slug: str) -> GuideView:
        try:
            return self.guide.get_entry(slug, related=True)
        except NotFound:
            raise InvalidInput(f"没有找到问题定性指引条目“{slug}”") from None

    def _case(self, uid: str):
        try:
            case = self.cases.get_case(SYSTEM, uid)
        except NotFound:
            raise InvalidInput(f"没有找到编号为“{uid}”的案例") from None
        if case.status != STATUS_PUBLISHED:
            raise InvalidInput(f"案例“{case.title}”尚未发布，不能放入普法资料")
        return case

    def _cases(self, data: PackInput, entries: list[GuideView]) -> tuple[PackCase, ...]:
        if data.case_uids:
            return tuple(_pack_case(self._case(uid)) for uid in data.case_uids)
        uids: list[str] = []
        if data.audit_type:
            page = self.cases.list_cases(None, audit_type=data.audit_type, per_page=MAX_CASES)
            uids += [c.uid for c in page.items]
        for entry in entries:
            if len(uids) >= MIN_CASES:
                break
            uids += [c.uid for c in entry.cases if c.uid not in uids]
        found = []
        for uid in uids[:MAX_CASES]:
            try:
                found.append(_pack_case(self._case(uid)))
            except InvalidInput:
                continue    # a related draft: only published cases go to an audited unit
        return tuple(found)


def _finding(entry: GuideView, found: set[ArticleKey]) -> PackFinding:
    """A guide entry as the pack tells it; `found`: the articles in force on the meeting date."""
    def basis(view: BasisView) -> PackBasis:
        return PackBasis(view.basis.label, view.basis.note,
                         view.statute_id is not None and _key(view) in found)
    return PackFinding(entry.title, entry.description,
                       tuple(basis(b) for b in entry.characterisation),
                       tuple(basis(b) for b in entry.sanction))


def _check_citation(citation: Citation, on: dt.date) -> None:
    if citation.status in (STATUS_RESOLVED, STATUS_NEAREST) and citation.statute_id is not None:
        return
    if citation.status == STATUS_NO_ARTICLE:
        raise InvalidInput(f"《{citation.law_title}》在 {on} 施行的版本中没有"
                           f"{citation.article_label}（{citation.text}）")
    why = STATUS_NAMES.get(citation.status, citation.status)
    raise InvalidInput(f"法条“{citation.text}”不能使用：{why}（按会议日期 {on} 核对）")


def _key(view: BasisView) -> ArticleKey:
    return (view.statute_id, view.basis.article_no, view.basis.article_suffix)


def _view_key(view: ArticleView) -> ArticleKey:
    return (view.statute.id, view.article_no, view.article_suffix)


def _basis_keys(entries: list[GuideView]) -> list[ArticleKey]:
    return list(dict.fromkeys(_key(b) for e in entries for b in e.basis if b.statute_id))


def _pack_article(view: ArticleView) -> PackArticle:
    version = view.version
    # One line a paragraph: items （一）（二） are printed as lines of their own, indented alike.
    paragraphs = tuple(line for p in view.paragraphs for line in p.lines())
    return PackArticle(view.statute.title, view.statute.short_title, view.article_label,
                       paragraphs, version.label, version.in_force_from, version.status,
                       view.notice)


_HEADING = re.compile(r"^#{1,6}\s*(.+?)\s*$", re.M)


def case_parts(body: str) -> tuple[tuple[str, str], ...]:
    """The 审计发现 / 定性依据 / 处理处罚 sections of a case body as plain text, each cut to
    a few sentences (a pack tells a case in half a page)."""
    marks = list(_HEADING.finditer(body or ""))
    parts = []
    for i, mark in enumerate(marks):
        name = mark.group(1)
        if not any(name.startswith(p) for p in CASE_PARTS):
            continue
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        text = plain(body[mark.end():end])
        if len(text) > MAX_PART:
            text = text[:MAX_PART].rstrip() + "……"
        if text:
            parts.append((name, text))
    return tuple(parts)


def _pack_case(case) -> PackCase:
    return PackCase(case.title, case.audit_type, case.case_date, case.summary,
                    case_parts(case.body))
