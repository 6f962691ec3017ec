"""The knowledge base's services wired together from Settings: built once per process
(by the command line or the web app's factory) and handed to whoever needs them."""
from __future__ import annotations

from dataclasses import dataclass, field

from accounts.api_token import TokenService
from accounts.authentication import Authenticator, LockoutPolicy
from kb.bookmark import Bookmarks
from kb.cases.audit_types import AuditTypeService
from kb.cases.search_documents import CaseDocuments, case_group
from kb.cases.service import CaseService
from kb.cases.transfer import CaseTransfer
from kb.catalogue import Catalogue
from kb.citations.backlinks import BacklinkQuery
from kb.citations.check import CitationChecker
from kb.citations.linker import CitationLinker
from kb.citations.outgoing import OutgoingLinks
from kb.citations.store import CitationStore
from core.clock import Clock
from kb.compare import ArticleVersions
from kb.correspondence import CorrespondenceService
from kb.reading import StatuteReader
from core.db import Database
from kb.find import Finder
from accounts.department import DepartmentAdmin
from kb.guide.search_documents import GuideDocuments, guide_group
from kb.guide.service import GuideService
from core.job import JobStore
from kb.legal_time.corrections import LegalTimeAdmin
from kb.library import Library
from accounts.passwords import PasswordHasher, PasswordPolicy
from core.private_files import private_directory
from accounts.security_log import SecurityLog
from kb.search import SearchService
from core.settings import Settings
from accounts.user_admin import UserAdmin
from accounts.user_import import UserImporter


@dataclass(frozen=True)
class AccountOptions:
    """Security settings of the account services (the web app reads them from its config)."""
    hasher: PasswordHasher = field(default_factory=PasswordHasher)
    policy: PasswordPolicy = field(default_factory=PasswordPolicy)
    lockout: LockoutPolicy = field(default_factory=LockoutPolicy)
    token_days: int = 30


@dataclass
class KnowledgeBase:
    settings: Settings
    db: Database
    clock: Clock
    library: Library
    catalogue: Catalogue
    article_versions: ArticleVersions
    correspondence: CorrespondenceService
    reader: StatuteReader
    auth: Authenticator
    users: UserAdmin
    user_import: UserImporter
    departments: DepartmentAdmin
    tokens: TokenService
    bookmarks: Bookmarks
    jobs: JobStore
    security_log: SecurityLog
    linker: CitationLinker
    citations: CitationStore
    backlinks: BacklinkQuery
    outgoing: OutgoingLinks
    audit_types: AuditTypeService
    cases: CaseService
    guide: GuideService
    checker: CitationChecker
    transfer: CaseTransfer
    search: SearchService
    finder: Finder
    legal_time: LegalTimeAdmin

    @classmethod
    def open(cls, settings: Settings, *, upgrade: bool = True, clock: Clock | None = None,
             accounts: AccountOptions | None = None) -> "KnowledgeBase":
        private_directory(settings.data_dir)
        db = Database(settings.database_url)
        if upgrade:
            db.upgrade()
        clock = clock or Clock()
        options = accounts or AccountOptions()
        sessions = db.session
        library = Library(sessions, clock)
        users = UserAdmin(sessions, clock, options.hasher, options.policy)
        linker = CitationLinker(sessions, clock)
        store = CitationStore(sessions, linker)
        guide = GuideService(sessions, linker, clock)
        audit_types = AuditTypeService(sessions)
        cases = CaseService(sessions, linker, store, clock)
        search = SearchService(settings.index_dir, sessions,
                               providers=[CaseDocuments(sessions), GuideDocuments(sessions)])
        cases.listeners.append(search.follower(case_group))
        guide.listeners.append(search.follower(guide_group))
        backlinks = BacklinkQuery(sessions)
        correspondence = CorrespondenceService(library, backlinks)
        return cls(settings=settings, db=db, clock=clock, library=library,
                   catalogue=Catalogue(sessions, clock),
                   article_versions=ArticleVersions(library, correspondence),
                   correspondence=correspondence, reader=StatuteReader(library),
                   auth=Authenticator(sessions, clock, options.hasher, options.policy,
                                      options.lockout),
                   users=users, user_import=UserImporter(users),
                   departments=DepartmentAdmin(sessions, clock),
                   tokens=TokenService(sessions, clock, options.token_days),
                   bookmarks=Bookmarks(sessions, clock), jobs=JobStore(sessions, clock),
                   security_log=SecurityLog(sessions, clock),
                   linker=linker, citations=store, backlinks=backlinks,
                   outgoing=OutgoingLinks(sessions),
                   audit_types=audit_types, cases=cases, guide=guide,
                   checker=CitationChecker(linker, guide),
                   transfer=CaseTransfer(cases, audit_types),
                   search=search, finder=Finder(search, guide),
                   legal_time=LegalTimeAdmin(sessions, clock))

    def close(self) -> None:
        self.db.dispose()
