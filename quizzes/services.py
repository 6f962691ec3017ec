"""The quiz engine's services wired together: built once per process on top of the
knowledge base (by the web app's factory, the scheduler or a command) and handed to
whoever needs them.  Every service takes the session factory and the clock."""
from __future__ import annotations

from dataclasses import dataclass

from kb.clock import Clock
from kb.services import KnowledgeBase
from quizzes.articles import ArticleResolver
from quizzes.attempts import AttemptService
from quizzes.bank import QuestionBank
from quizzes.lifecycle import RoundLifecycle
from quizzes.rounds import RoundService


@dataclass
class QuizEngine:
    bank: QuestionBank
    rounds: RoundService
    lifecycle: RoundLifecycle
    attempts: AttemptService

    @classmethod
    def open(cls, kb: KnowledgeBase, clock: Clock | None = None) -> "QuizEngine":
        clock = clock or Clock()
        sessions = kb.db.session
        resolver = ArticleResolver(kb.library)
        rounds = RoundService(sessions, clock, kb.library)
        return cls(bank=QuestionBank(sessions, clock, resolver),
                   rounds=rounds,
                   lifecycle=RoundLifecycle(sessions, clock, rounds),
                   attempts=AttemptService(sessions, clock, resolver))
