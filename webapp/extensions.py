"""The domain services of one app, built once by the factory and read through
`services()` — the one typed way views, commands and templates reach the domain."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, current_app

from accounts.authentication import LockoutPolicy
from kb.import_job import AfterImport
from kb.importer import ImportSummary, ProgressCallback
from accounts.passwords import PasswordHasher, PasswordPolicy
from kb.services import AccountOptions, KnowledgeBase
from core.settings import Settings
from quizzes.services import QuizEngine
from webapp.common.fragments import FragmentCache
from webapp.jobs import JobRunner
from webapp.notices import NoticeServices, build_notices

KEY = "kb"


@dataclass
class AppServices:
    kb: KnowledgeBase
    runner: JobRunner
    quiz: QuizEngine
    notices: NoticeServices
    # Rendered whole texts of statutes (webapp.common.fragments).
    fragments: FragmentCache = field(default_factory=FragmentCache)


def services(app: Flask | None = None) -> AppServices:
    return (app or current_app).extensions[KEY]


def account_options(config) -> AccountOptions:
    return AccountOptions(
        hasher=PasswordHasher(n=int(config["PASSWORD_SCRYPT_N"])),
        policy=PasswordPolicy(min_length=int(config["PASSWORD_MIN_LENGTH"])),
        lockout=LockoutPolicy(int(config["LOGIN_MAX_FAILURES"]), int(config["LOGIN_LOCK_MINUTES"]),
                              int(config["LOGIN_IP_MAX_FAILURES"]),
                              int(config["LOGIN_IP_WINDOW_MINUTES"])),
        token_days=int(config["API_TOKEN_DAYS"]))


def relink_after_import(kb: KnowledgeBase) -> AfterImport:
    """New statutes change what references resolve to, in the library and in cases."""
    def relink(summary: ImportSummary, progress: ProgressCallback) -> None:
        # Pending after any import that changed a statute, and after a run killed mid-link.
        if kb.citations.is_link_pending():
            # The job counts files; the link phase shows in its "current" line only.
            kb.citations.link_library(lambda done, total, name: progress(
                summary.files, summary.files, f"链接法条引用 {done}/{total}：{name}"))
    return relink


def reindex_after_import(kb: KnowledgeBase) -> AfterImport:
    """The search index follows the statutes an import touched; the first import from the
    browser builds it."""
    def reindex(summary: ImportSummary, progress: ProgressCallback) -> None:
        kb.search.refresh_statutes(summary.statutes_touched, lambda done, total, name: progress(
            summary.files, summary.files, f"更新检索索引 {done}/{total}"), build_if_missing=True)
    return reindex


def init_app(app: Flask, settings: Settings) -> None:
    kb = KnowledgeBase.open(settings, clock=app.config.get("CLOCK"),
                            accounts=account_options(app.config))
    quiz = QuizEngine.open(kb, kb.clock)
    runner = JobRunner(kb)
    runner.after_import.append(relink_after_import(kb))
    runner.after_import.append(reindex_after_import(kb))
    app.extensions[KEY] = AppServices(kb=kb, runner=runner, quiz=quiz,
                                      notices=build_notices(kb, quiz, app.config))
