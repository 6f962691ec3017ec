"""The sample question bank shipped for demonstrations (quizzes/data/sample_bank.json):
questions and fictional audit cases written for the product, citing real articles.

Loading is idempotent (each question has a stable key) and publishes the questions at
once — they were reviewed when written — so a demo can compose a round straight away.
A question whose statute is missing from the library is reported and skipped.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from core.clock import Clock, to_db
from core.errors import KbError
from accounts.permissions import require_manager
from core.actor import Actor
from quizzes.bank import PUBLISHED, QuestionBank
from quizzes.models import Question
from quizzes.transactions import SessionFactory, read_session, write_session

SAMPLE_BANK = Path(__file__).resolve().parent / "data" / "sample_bank.json"


@dataclass
class SampleReport:
    created: list[int] = field(default_factory=list)
    existing: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


class SampleLoader:
    def __init__(self, sessions: SessionFactory, clock: Clock, bank: QuestionBank):
        self.sessions = sessions
        self.clock = clock
        self.bank = bank

    def load(self, actor: Actor, path: Path = SAMPLE_BANK) -> SampleReport:
        with read_session(self.sessions) as session:
            require_manager(actor, "导入样例题库")
            known = set(session.scalars(select(Question.source_key).where(Question.source_key.like("sample:%"))))
        report = SampleReport()
        for item in json.loads(path.read_text(encoding="utf-8"))["questions"]:
            key = f"sample:{item['key']}"
            if key in known:
                report.existing += 1
                continue
            try:
                content = self.bank.parse(item)
            except KbError as error:
                report.errors.append((item["key"], str(error)))
                continue
            citations = self.bank.citations.find(content)
            with write_session(self.sessions) as session:
                question = self.bank.store_new(session, content, actor.id, origin="sample", source_key=key,
                                               status=PUBLISHED, citations=citations)
                question.reviewed_by_id, question.reviewed_at = actor.id, to_db(self.clock.now())
                report.created.append(question.id)
        return report
