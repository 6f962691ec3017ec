"""The one composition root: `open_services(settings, clock=…)` builds every domain service —
the library, accounts, cases and guide, search, the quiz engine, notices and the push —
wired through their constructors, and returns them as flat attributes of one `Services`.

The web app's factory, the command line (`python -m kb`), the scheduler and the demo all
open the domain here, so a service is wired the same way wherever it runs.  Email settings
are validated here once: a malformed MAIL_* setting turns email off and is kept as
`email_error`, which the admin pages and the test-notice command report, instead of
stopping the whole app from starting."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from huey import Huey

from accounts.api_token import TokenService
from accounts.authentication import Authenticator, LockoutPolicy
from accounts.department import DepartmentAdmin
from accounts.passwords import PasswordHasher, PasswordPolicy
from accounts.security_log import SecurityLog
from accounts.user_admin import UserAdmin
from accounts.user_import import UserImporter
from core.clock import Clock
from core.db import Database
from core.errors import InvalidInput
from core.job import JobStore
from core.work_queue import open_queue
from core.private_files import private_directory
from core.settings import Settings
from kb.bookmark import Bookmarks
from kb.follow import Follows
from kb.cases.audit_types import AuditTypeService
from kb.cases.search_documents import CaseDocuments, case_group
from kb.cases.service import CaseService
from kb.cases.transfer import CaseTransfer
from kb.catalogue import Catalogue
from kb.coverage import CoverageService
from kb.intake import IntakeDrafts, StatuteIntake
from kb.intake_sources import ConvertedSources
from kb.citations.backlinks import BacklinkQuery
from kb.citations.check import CitationChecker
from kb.citations.linker import CitationLinker
from kb.citations.outgoing import OutgoingLinks
from kb.citations.store import CitationStore
from kb.compare import ArticleVersions
from kb.correspondence import CorrespondenceService
from kb.find import Finder
from kb.guide.search_documents import GuideDocuments, guide_group
from kb.guide.service import GuideService
from kb.job_runner import JobRunner
from kb.legal_time.corrections import LegalTimeAdmin
from kb.library import Library
from kb.library_changes import LibraryFeed
from kb.library_import import LibraryImport
from kb.readiness import ReadinessCheck
from kb.reading import StatuteReader
from kb.version_admin import VersionAdmin
from kb.search import SearchService
from kb.search.feed import record_search_change
from kb.search.follower import IndexFollower
from quizzes.articles import ArticleResolver
from quizzes.attempts import AttemptService
from quizzes.background import Background
from quizzes.bank import QuestionBank
from quizzes.case_contest.documents import ContestDocuments
from quizzes.case_contest.entries import ContestEntries
from quizzes.case_contest.judging import ContestJudging
from quizzes.case_contest.service import CaseContests
from quizzes.citations import QuestionCitations
from quizzes.competition import CompetitionService
from quizzes.exports import ExportService
from quizzes.gauges import GaugeReader
from quizzes.generation.service import QuestionGenerator
from quizzes.law_pack.assembly import PackAssembler
from quizzes.law_pack.pdf_output import PdfWriter
from quizzes.law_pack.quiz import PackQuiz
from quizzes.law_pack.service import LawPackService
from quizzes.lifecycle import RoundLifecycle
from quizzes.exemplary import ExemplaryConsent
from quizzes.marking import MarkingService
from quizzes.notify.admin import NoticeAdmin
from quizzes.notify.channels import EmailTransport, RobotTransport, SmtpSettings
from quizzes.notify.delivery import DeliveryWorker
from quizzes.notify.library import LibraryNotices
from quizzes.notify.notifier import Inbox, Notifier
from quizzes.notify.sender import OutboxSender
from quizzes.practice import PracticeService
from quizzes.push import PushService
from quizzes.push_messages import overtaken_reason
from quizzes.regrade import RegradeService
from quizzes.reports import ReportService
from quizzes.results import ResultService
from quizzes.rounds import RoundService
from quizzes.sample import SampleLoader
from quizzes.schedule import ScheduleStore
from quizzes.statistics import StatisticsService
from quizzes.transfer import QuestionTransfer
from quizzes.training.annual import AnnualReport
from quizzes.training.lectures import LectureService
from quizzes.training.materials import MaterialStore
from quizzes.training.record import TrainingRecords

# The round page's path: the quiz pages serve it, notices link to it.
ROUND_PATH = "/rounds/{id}"
# A 案例评比's page (webapp.case_contest), which the results notice links to.
CONTEST_PATH = "/contests/{id}"


@dataclass(frozen=True)
class AccountOptions:
    """Security settings of the account services (the web app reads them from its config)."""
    hasher: PasswordHasher = field(default_factory=PasswordHasher)
    policy: PasswordPolicy = field(default_factory=PasswordPolicy)
    lockout: LockoutPolicy = field(default_factory=LockoutPolicy)
    token_days: int = 30


@dataclass(frozen=True)
class NoticeOptions:
    """How notices leave the system: the email transport (None: email off, with the reason
    in `email_error` when the settings were malformed), the robots' timeout, and the
    public address notices link to."""
    email: EmailTransport | None = None
    email_error: str | None = None
    robot_timeout: float = 5
    public_url: str = ""
    # Seconds between the delivery worker's sweeps for messages left over (retries, rate limits).
    sweep_seconds: float = 60

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "NoticeOptions":
        try:
            smtp = SmtpSettings.from_config({k: config.get(k) for k in config if k.startswith("MAIL_")})
            email, error = (EmailTransport(smtp) if smtp else None), None
        except InvalidInput as problem:
            email, error = None, str(problem)
        return cls(email=email, email_error=error,
                   robot_timeout=float(config.get("ROBOT_TIMEOUT") or 5),
                   public_url=str(config.get("PUBLIC_URL") or "").rstrip("/"),
                   sweep_seconds=float(config.get("NOTICE_SWEEP_SECONDS") or 60))


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    # The statute library
    library: Library
    catalogue: Catalogue
    article_versions: ArticleVersions
    correspondence: CorrespondenceService
    reader: StatuteReader
    library_import: LibraryImport
    legal_time: LegalTimeAdmin
    coverage: CoverageService
    intake: StatuteIntake
    intake_drafts: IntakeDrafts
    versions: VersionAdmin
    bookmarks: Bookmarks
    follows: Follows
    library_feed: LibraryFeed
    # Accounts and operations
    auth: Authenticator
    users: UserAdmin
    user_import: UserImporter
    departments: DepartmentAdmin
    tokens: TokenService
    security_log: SecurityLog
    jobs: JobStore
    runner: JobRunner
    # References, cases, the finding guide, search
    linker: CitationLinker
    citations: CitationStore
    backlinks: BacklinkQuery
    outgoing: OutgoingLinks
    audit_types: AuditTypeService
    cases: CaseService
    case_transfer: CaseTransfer
    guide: GuideService
    checker: CitationChecker
    search: SearchService
    finder: Finder
    # Started by the web server processes (webapp.server): applies the search change feed.
    follower: IndexFollower
    readiness: ReadinessCheck
    # The quiz engine
    bank: QuestionBank
    question_transfer: QuestionTransfer
    question_reports: ReportService
    rounds: RoundService
    lifecycle: RoundLifecycle
    attempts: AttemptService
    marking: MarkingService
    regrades: RegradeService
    exemplary_consent: ExemplaryConsent
    practice: PracticeService
    results: ResultService
    statistics: StatisticsService
    competitions: CompetitionService
    exports: ExportService
    generator: QuestionGenerator
    samples: SampleLoader
    # 案例评比 (the case competition)
    case_contests: CaseContests
    contest_entries: ContestEntries
    contest_judging: ContestJudging
    contest_documents: ContestDocuments
    # 以案释法 packs for audited units
    law_packs: LawPackService
    # 学法记录: lectures, each person's record, the annual summaries
    lectures: LectureService
    training_records: TrainingRecords
    annual_report: AnnualReport
    # Notices and the push
    inbox: Inbox
    notice_admin: NoticeAdmin
    schedule: ScheduleStore
    push: PushService
    email: EmailTransport | None
    robots: RobotTransport
    email_error: str | None
    # One pass in the caller's thread for a command that exits right after its action
    # (`flush`); the worker processes deliver everything else (`background`).
    delivery: DeliveryWorker
    library_notices: LibraryNotices
    # The database's figures for the monitoring (/metrics).
    gauges: GaugeReader
    # The work queue (core.work_queue) and what the worker processes take from it.
    queue: Huey
    background: Background

    def close(self) -> None:
        self.follower.stop()
        self.delivery.stop()
        self.queue.storage.close()
        self.search.close()
        self.db.dispose()


def open_services(settings: Settings, *, clock: Clock | None = None, upgrade: bool = True,
                  accounts: AccountOptions | None = None,
                  notices: NoticeOptions | None = None) -> Services:
    """Every service of the domain over one database, wired once."""
    private_directory(settings.data_dir)
    db = Database(settings.database_url)
    if upgrade:
        db.upgrade()
    clock = clock or Clock()
    parts: dict[str, Any] = {"settings": settings, "db": db, "clock": clock}
    parts.update(_library_parts(settings, db, clock, accounts or AccountOptions()))
    parts.update(_quiz_parts(db, clock, parts["library"], parts["linker"], parts["citations"],
                             parts["security_log"]))
    parts["queue"] = open_queue(settings)
    parts.update(_notice_parts(db, clock, parts, notices or NoticeOptions()))
    parts.update(_contest_parts(db, clock, parts, notices or NoticeOptions()))
    parts["law_packs"] = _law_packs(db, clock, parts)
    parts.update(_training_parts(settings, db, clock, parts["security_log"]))
    return Services(**parts)


def _library_parts(settings: Settings, db: Database, clock: Clock,
                   options: AccountOptions) -> dict[str, Any]:
    sessions = db.session
    library = Library(sessions, clock)
    users = UserAdmin(sessions, clock, options.hasher, options.policy)
    linker = CitationLinker(sessions, clock)
    citations = CitationStore(sessions, linker)
    guide = GuideService(sessions, linker, clock)
    audit_types = AuditTypeService(sessions)
    cases = CaseService(sessions, linker, citations, clock)
    search = SearchService(settings.index_dir, sessions,
                           providers=[CaseDocuments(sessions), GuideDocuments(sessions)])
    # Each save writes its search feed row in its own transaction (every server's index
    # follows the feed), then re-indexes here at once or wakes this process's follower.
    def record_case(session, event: str, case_id: int) -> None:
        record_search_change(session, case_group(case_id))
    cases.recorders.append(record_case)
    audit_types.recorders.append(record_case)  # a renamed type changes its cases' documents
    guide.recorders.append(lambda session, event, entry_id: record_search_change(session, guide_group(entry_id)))
    cases.listeners.append(search.follower(case_group))
    guide.listeners.append(search.follower(guide_group))
    backlinks = BacklinkQuery(sessions)
    correspondence = CorrespondenceService(library, backlinks)
    jobs, security_log = JobStore(sessions, clock), SecurityLog(sessions, clock)
    library_import = LibraryImport(db, citations, search)
    intake = StatuteIntake(db, library, library_import, security_log,
                           ConvertedSources(settings.data_dir / "intake-sources", clock))
    return dict(
        library=library, catalogue=Catalogue(sessions, clock),
        article_versions=ArticleVersions(library, correspondence),
        correspondence=correspondence, reader=StatuteReader(library),
        library_import=library_import, legal_time=LegalTimeAdmin(sessions, clock),
        coverage=CoverageService(sessions),
        intake=intake, versions=VersionAdmin(db, clock, intake, library_import),
        intake_drafts=IntakeDrafts(settings.data_dir / "intake", clock),
        bookmarks=Bookmarks(sessions, clock), follows=Follows(sessions, clock),
        library_feed=LibraryFeed(sessions),
        auth=Authenticator(sessions, clock, options.hasher, options.policy, options.lockout),
        users=users, user_import=UserImporter(users), departments=DepartmentAdmin(sessions, clock),
        tokens=TokenService(sessions, clock, options.token_days), security_log=security_log,
        jobs=jobs, runner=JobRunner(search, jobs, security_log),
        linker=linker, citations=citations, backlinks=backlinks, outgoing=OutgoingLinks(sessions),
        audit_types=audit_types, cases=cases, case_transfer=CaseTransfer(cases, audit_types),
        guide=guide, checker=CitationChecker(linker, guide),
        search=search, finder=Finder(search, guide), follower=IndexFollower(search, search.feed),
        readiness=ReadinessCheck(db, search))


def _quiz_parts(db: Database, clock: Clock, library: Library, linker: CitationLinker,
                citations: CitationStore, security_log: SecurityLog) -> dict[str, Any]:
    sessions = db.session
    resolver = ArticleResolver(library, linker)
    bank = QuestionBank(sessions, clock, resolver, QuestionCitations(linker, citations))
    rounds = RoundService(sessions, clock, library)
    attempts = AttemptService(sessions, clock, resolver)
    results = ResultService(sessions, clock, library, resolver)
    statistics = StatisticsService(sessions, clock)
    return dict(
        bank=bank, question_transfer=QuestionTransfer(sessions, clock, bank),
        question_reports=ReportService(sessions, clock), rounds=rounds,
        lifecycle=RoundLifecycle(sessions, clock, rounds), attempts=attempts,
        practice=PracticeService(sessions, clock, attempts, results),
        results=results, statistics=statistics, competitions=CompetitionService(sessions, clock),
        exports=ExportService(results, statistics, security_log),
        marking=MarkingService(sessions, clock, linker),
        regrades=RegradeService(sessions, clock), exemplary_consent=ExemplaryConsent(sessions),
        generator=QuestionGenerator(sessions, clock, library, bank),
        samples=SampleLoader(sessions, clock, bank))


def _contest_parts(db: Database, clock: Clock, parts: Mapping[str, Any],
                   options: NoticeOptions) -> dict[str, Any]:
    sessions = db.session
    contests = CaseContests(sessions, clock, parts["cases"], parts["push"].notifier,
                            lambda contest_id: options.public_url + CONTEST_PATH.format(id=contest_id))
    judging = ContestJudging(sessions, clock)
    return dict(case_contests=contests,
                contest_entries=ContestEntries(sessions, clock, parts["checker"], parts["linker"]),
                contest_judging=judging,
                contest_documents=ContestDocuments(sessions, clock, contests, judging,
                                                   parts["linker"], parts["security_log"]))


def _law_packs(db: Database, clock: Clock, parts: Mapping[str, Any]) -> LawPackService:
    assembler = PackAssembler(parts["library"], parts["linker"], parts["guide"], parts["cases"],
                              PackQuiz(db.session))
    return LawPackService(db.session, clock, assembler, PdfWriter())


def _training_parts(settings: Settings, db: Database, clock: Clock,
                    security_log: SecurityLog) -> dict[str, Any]:
    sessions = db.session
    # Lecture materials are private files of the data directory, served only through the app.
    store = MaterialStore(settings.data_dir / "lectures")
    return dict(lectures=LectureService(sessions, clock, store),
                training_records=TrainingRecords(sessions, clock, security_log),
                annual_report=AnnualReport(sessions, clock, security_log))


def _notice_parts(db: Database, clock: Clock, parts: Mapping[str, Any],
                  options: NoticeOptions) -> dict[str, Any]:
    sessions = db.session
    robots = RobotTransport(timeout=options.robot_timeout)
    schedule = ScheduleStore(sessions, clock)
    notifier = Notifier(sessions, clock, email_enabled=options.email is not None)
    sender = OutboxSender(sessions, clock, email=options.email, robots=robots, overtaken=overtaken_reason)
    # The push's pass writes notices; sending them is the workers' (the scheduler enqueues
    # a delivery pass after each tick), so the push gets no sender.
    push = PushService(sessions, clock, parts["lifecycle"], parts["results"], parts["statistics"],
                       schedule, notifier, None,
                       round_url=lambda round_id: options.public_url + ROUND_PATH.format(id=round_id))
    delivery = DeliveryWorker(sender, sweep_seconds=options.sweep_seconds)
    notice_admin = NoticeAdmin(sessions, clock, email=options.email, robots=robots)
    background = Background(parts["queue"], clock, parts["jobs"], parts["security_log"],
                            parts["library_import"], sender, parts["rounds"], parts["exports"],
                            notice_counts=notice_admin.counts)
    # Messages go out as soon as they are queued: a delivery pass is queued for the
    # workers, not left for the scheduler's next pass.
    notifier.queued.append(background.deliver_soon)
    notice_admin.queued.append(background.deliver_soon)
    # A manual action's notices (a round opened, closed, cancelled or extended by hand,
    # results published, a problem reported) are written at once rather than at the
    # scheduler's next pass; the notifier then queues their delivery.
    parts["lifecycle"].after_change.append(push.announce_pending)
    parts["question_reports"].after_change.append(push.announce_pending)
    parts["rounds"].after_change.append(push.announce_pending)
    # A 复核 decided: its notice (in the inbox at once, in the decision's transaction) is
    # emailed too, queued for the workers right after the decision.
    parts["regrades"].decided.append(
        lambda notice: notifier.announce(replace(notice, link=options.public_url + (notice.link or ""))))
    # A followed statute's changes reach its followers once the import is done.
    library_notices = LibraryNotices(sessions, clock, notifier, parts["follows"], options.public_url)
    parts["library_import"].after_import.append(library_notices.announce_pending)
    return dict(inbox=Inbox(sessions, clock), notice_admin=notice_admin,
                schedule=schedule, push=push, email=options.email, robots=robots,
                email_error=options.email_error, delivery=delivery,
                library_notices=library_notices, gauges=GaugeReader(sessions),
                background=background)
