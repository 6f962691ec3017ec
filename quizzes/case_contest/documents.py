"""What a contest sends upward: the results sheet (.xlsx: ranking, every judge's scores,
the judges' progress) and the 案例汇编 — the winning cases in award order, each with the
texts of the articles it cites (the version in force on the case's date) — as data for
the preview page and as a Word document (quizzes/case_contest/compilation_docx.py).
Both are trainers' documents; exporting them is recorded in the security log."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl import Workbook
from sqlalchemy import select

from accounts.permissions import require_manager
from accounts.security_log import SecurityLog
from core.actor import Actor
from core.clock import Clock
from core.transactions import read_session
from kb.citations.linker import Citation, CitationLinker
from kb.models import Statute, StatuteVersion, Unit
from kb.rendering import markdown_to_html
from quizzes.case_contest.compilation_docx import compilation_docx
from quizzes.case_contest.judging import ContestJudging
from quizzes.case_contest.models import ContestEntry
from quizzes.case_contest.queries import case_input
from quizzes.case_contest.scoring import award_order
from quizzes.case_contest.service import CaseContests
from quizzes.case_contest.values import Results
from quizzes.exports import add_sheet, local_text, workbook_bytes


@dataclass(frozen=True)
class CitedArticle:
    law_title: str
    label: str
    # The version's 施行 date (None when the library does not record it).
    effective: dt.date | None
    text: str


@dataclass(frozen=True)
class CompiledCase:
    number: int
    award: str
    title: str
    authors: str
    departments: str
    audit_type: str
    case_date: dt.date | None
    summary: str
    body: str
    # The body as safe HTML, for the preview page.
    html: str
    articles: tuple[CitedArticle, ...]


@dataclass(frozen=True)
class Compilation:
    title: str
    contest_title: str
    made_on: dt.date
    cases: tuple[CompiledCase, ...]


class ContestDocuments:
    def __init__(self, sessions, clock: Clock, contests: CaseContests, judging: ContestJudging,
                 linker: CitationLinker, security_log: SecurityLog):
        self.sessions = sessions
        self.clock = clock
        self.contests = contests
        self.judging = judging
        self.linker = linker
        self.security_log = security_log

    def results_workbook(self, actor: Actor, contest_id: int) -> bytes:
        require_manager(actor, "导出评比结果")
        results = self.contests.results(actor, contest_id)
        book = Workbook()
        _ranking_sheet(book, results)
        _scores_sheet(book, results, [self.judging.reviews_of_entry(actor, s.entry_id)
                                      for s in results.standings])
        add_sheet(book, "评委进度", ("评委", "工号", "应评", "已评"),
                  ((p.judge.name, p.judge.username, p.due, p.done) for p in results.progress),
                  (16, 16, 8, 8))
        self.security_log.record(actor, "contest_exported", results.contest.summary.title,
                                 f"成绩表：{len(results.standings)} 个参评案例")
        return workbook_bytes(book)

    def compilation(self, actor: Actor, contest_id: int) -> Compilation:
        """The winners in award order (then rank), each with its cited articles' texts."""
        require_manager(actor, "编印案例汇编")
        results = self.contests.results(actor, contest_id)
        winners = sorted(results.winners, key=lambda s: (award_order(s.award), s.rank or 0))
        with read_session(self.sessions) as session:
            entries = {e.id: e for e in session.scalars(select(ContestEntry).where(
                ContestEntry.id.in_([w.entry_id for w in winners])))}
            cases = tuple(self._compiled(session, number, w, entries[w.entry_id])
                          for number, w in enumerate(winners, 1))
        title = results.contest.summary.title
        return Compilation(f"{title}优秀案例汇编", title, self.clock.today_local(), cases)

    def compilation_docx(self, actor: Actor, contest_id: int) -> bytes:
        compiled = self.compilation(actor, contest_id)
        self.security_log.record(actor, "contest_exported", compiled.contest_title,
                                 f"案例汇编：{len(compiled.cases)} 个获奖案例")
        return compilation_docx(compiled)

    def _compiled(self, session, number: int, standing, entry: ContestEntry) -> CompiledCase:
        case = case_input(entry)
        # The 汇编 is read away from the library: references stay text (no links), and
        # the articles they cite are printed after the case instead.
        html = markdown_to_html(case.body)
        citations = tuple(self.linker.cite(case.body, case.case_date))
        departments = "、".join(dict.fromkeys(a.department for a in standing.authors
                                              if a.department))
        return CompiledCase(number, standing.award, case.title, standing.author_names,
                            departments, case.audit_type, case.case_date, case.summary,
                            case.body, html, cited_articles(session, citations))


def cited_articles(session, citations: tuple[Citation, ...]) -> tuple[CitedArticle, ...]:
    """The texts of the articles cited (each once, in the order first cited)."""
    unit_ids = list(dict.fromkeys(c.unit_id for c in citations if c.unit_id is not None))
    if not unit_ids:
        return ()
    rows = {unit.id: (unit, version, statute) for unit, version, statute in session.execute(
        select(Unit, StatuteVersion, Statute).join(StatuteVersion, StatuteVersion.id == Unit.version_id)
        .join(Statute, Statute.id == StatuteVersion.statute_id).where(Unit.id.in_(unit_ids)))}
    articles = []
    for unit_id in unit_ids:
        if unit_id in rows:
            unit, version, statute = rows[unit_id]
            articles.append(CitedArticle(statute.title, unit.label, version.effective_date,
                                         unit.text))
    return tuple(articles)


def _ranking_sheet(book: Workbook, results: Results) -> None:
    judges = max((len(s.totals) for s in results.standings), default=0)
    header = ("名次", "案例标题", "作者", "科室", "审计类型", "评委人数", "最终得分", "计分方式",
              "奖项") + tuple(f"评委总分{i}" for i in range(1, judges + 1))
    add_sheet(book, "成绩排名", header, (
        (s.rank or "", s.title, s.author_names,
         "、".join(dict.fromkeys(a.department for a in s.authors if a.department)), s.audit_type,
         len(s.totals), s.score if s.score is not None else "未评",
         "去掉最高分和最低分后平均" if s.trimmed else "平均", s.award) + s.totals
        for s in results.standings), (6, 36, 20, 14, 12, 8, 10, 22, 8))


def _scores_sheet(book: Workbook, results: Results, reviews) -> None:
    criteria = results.contest.criteria
    header = ("案例标题", "评委") + tuple(f"{c.name}（{c.weight}分）" for c in criteria) + (
        "总分", "评语", "评分时间")
    rows = []
    for standing, entry_reviews in zip(results.standings, reviews):
        for review in entry_reviews:
            rows.append((standing.title, review.judge.name)
                        + tuple(review.points.get(c.id, "") for c in criteria)
                        + (review.total, review.comment,
                           local_text(review.scored_at)))
    add_sheet(book, "评分明细", header, rows, (36, 12) + (10,) * len(criteria) + (8, 60, 18))
