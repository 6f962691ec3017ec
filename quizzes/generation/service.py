"""Running the generator over statutes and keeping its candidates as draft questions.

Candidates come from the version of each statute currently in force.  Each one has a
stable source key, so running the generator again adds only what is new; nothing it
writes is published before a trainer reviews it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import select

from core.clock import Clock
from core.errors import KbError, NotFound
from kb.library import Library
from accounts.permissions import require_manager
from core.actor import Actor
from quizzes.bank import QuestionBank
from quizzes.composition import AUDIT_STATUTES
from quizzes.content import ArticleRef, Content, parse_content
from quizzes.generation.candidates import ArticleText, Outcome, value_questions
from quizzes.generation.locate import locate_questions
from quizzes.models import Question
from quizzes.transactions import SessionFactory, read_session, write_session

KIND_NAMES = {"fill": "填空题（挖空）", "true_false": "判断题（改值）", "locate": "单选题（条文定位）"}


@dataclass
class GenerationReport:
    statutes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    candidates: Counter = field(default_factory=Counter)        # kind → sound candidates
    per_statute: Counter = field(default_factory=Counter)       # short title → sound candidates
    rejections: Counter = field(default_factory=Counter)        # (kind, reason) → count
    created: list[int] = field(default_factory=list)
    existing: int = 0

    @property
    def total(self) -> int:
        return sum(self.candidates.values())


class QuestionGenerator:
    def __init__(self, sessions: SessionFactory, clock: Clock, library: Library, bank: QuestionBank):
        self.sessions = sessions
        self.clock = clock
        self.library = library
        self.bank = bank

    def statute_articles(self, name: str | int) -> list[ArticleText]:
        info = self.library.get_statute(name) if isinstance(name, int) else self.library.find_statute(name)
        version = self.library.current_version(info.id)
        return [ArticleText(info.id, info.title, info.short_title, version.id, a.article_no,
                            a.article_suffix, a.article_label, a.text)
                for a in self.library.articles(version.id)]

    def candidates(self, statutes: Iterable[str | int] = AUDIT_STATUTES,
                   report: GenerationReport | None = None) -> Outcome:
        """Sound candidates and the rejected ones, without storing anything."""
        report = report if report is not None else GenerationReport()
        outcome = Outcome()
        for name in statutes:
            try:
                articles = self.statute_articles(name)
            except NotFound:
                report.missing.append(str(name))
                continue
            if not articles:
                continue
            report.statutes.append(articles[0].short_title)
            texts = [a.text for a in articles]
            found = locate_questions(articles)
            for index, article in enumerate(articles):
                found.extend(value_questions(article, texts[:index] + texts[index + 1:]))
            report.per_statute[articles[0].short_title] += len(found.questions)
            outcome.extend(found)
        report.candidates.update(q.kind for q in outcome.questions)
        report.rejections.update((r.kind, r.reason) for r in outcome.rejections)
        return outcome

    def generate(self, actor: Actor, statutes: Iterable[str | int] = AUDIT_STATUTES) -> GenerationReport:
        """Store new candidates as draft questions authored by the trainer who asked."""
        with read_session(self.sessions) as session:
            require_manager(actor, "生成试题")
        report = GenerationReport()
        outcome = self.candidates(statutes, report)
        with read_session(self.sessions) as session:
            known = set(session.scalars(select(Question.source_key).where(Question.source_key.like("gen:%"))))
        fresh = [g for g in outcome.questions if g.source_key not in known]
        report.existing = len(outcome.questions) - len(fresh)
        for start in range(0, len(fresh), 200):
            batch = [(g, self._content(g)) for g in fresh[start:start + 200]]
            found = [self.bank.citations.find(content) for _, content in batch]
            with write_session(self.sessions) as session:
                for (generated, content), citations in zip(batch, found):
                    question = self.bank.store_new(session, content, actor.id, origin="generated",
                                                   source_key=generated.source_key, citations=citations)
                    report.created.append(question.id)
        return report

    @staticmethod
    def _content(generated) -> Content:
        refs = tuple(ArticleRef(*ref) for ref in generated.data["articles"])
        try:
            return parse_content(generated.data, refs)
        except KbError as error:        # a generator bug, never the trainer's doing
            raise RuntimeError(f"生成的试题无效（{generated.source_key}）：{error}") from error
