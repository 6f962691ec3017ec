"""The quiz engine's services wired together: built once per process on top of the
knowledge base (by the web app's factory, the scheduler or a command) and handed to
whoever needs them.  Every service takes the session factory and the clock."""
from __future__ import annotations

from dataclasses import dataclass

from core.clock import Clock
from kb.services import KnowledgeBase
from quizzes.articles import ArticleResolver
from quizzes.attempts import AttemptService
from quizzes.bank import QuestionBank
from quizzes.citations import QuestionCitations
from quizzes.exports import ExportService
from quizzes.generation.service import QuestionGenerator
from quizzes.lifecycle import RoundLifecycle
from quizzes.practice import PracticeService
from quizzes.reports import ReportService
from quizzes.results import ResultService
from quizzes.rounds import RoundService
from quizzes.sample import SampleLoader
from quizzes.statistics import StatisticsService
from quizzes.transfer import QuestionTransfer


@dataclass
class QuizEngine:
    bank: QuestionBank
    transfer: QuestionTransfer
    reports: ReportService
    rounds: RoundService
    lifecycle: RoundLifecycle
    attempts: AttemptService
    practice: PracticeService
    results: ResultService
    statistics: StatisticsService
    exports: ExportService
    generator: QuestionGenerator
    samples: SampleLoader

    @classmethod
    def open(cls, kb: KnowledgeBase, clock: Clock | None = None) -> "QuizEngine":
        clock = clock or Clock()
        sessions = kb.db.session
        resolver = ArticleResolver(kb.library, kb.linker)
        bank = QuestionBank(sessions, clock, resolver, QuestionCitations(kb.linker, kb.citations))
        rounds = RoundService(sessions, clock, kb.library)
        attempts = AttemptService(sessions, clock, resolver)
        results = ResultService(sessions, clock, kb.library, resolver)
        statistics = StatisticsService(sessions, clock)
        return cls(bank=bank, transfer=QuestionTransfer(sessions, clock, bank),
                   reports=ReportService(sessions, clock), rounds=rounds,
                   lifecycle=RoundLifecycle(sessions, clock, rounds), attempts=attempts,
                   practice=PracticeService(sessions, clock, attempts, results),
                   results=results, statistics=statistics,
                   exports=ExportService(results, statistics),
                   generator=QuestionGenerator(sessions, clock, kb.library, bank),
                   samples=SampleLoader(sessions, clock, bank))
