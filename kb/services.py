"""The knowledge base's services wired together from Settings: built once per process
(by the command line or the web app's factory) and handed to whoever needs them."""
from __future__ import annotations

from dataclasses import dataclass

from kb.cases.audit_types import AuditTypeService
from kb.cases.service import CaseService
from kb.cases.transfer import CaseTransfer
from kb.citations.backlinks import BacklinkQuery
from kb.citations.check import CitationChecker
from kb.citations.linker import CitationLinker
from kb.citations.store import CitationStore
from kb.clock import Clock
from kb.db import Database
from kb.guide.service import GuideService
from kb.library import Library
from kb.settings import Settings


@dataclass
class KnowledgeBase:
    settings: Settings
    db: Database
    clock: Clock
    library: Library
    linker: CitationLinker
    citations: CitationStore
    backlinks: BacklinkQuery
    audit_types: AuditTypeService
    cases: CaseService
    guide: GuideService
    checker: CitationChecker
    transfer: CaseTransfer

    @classmethod
    def open(cls, settings: Settings, *, upgrade: bool = True,
             clock: Clock | None = None) -> "KnowledgeBase":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db = Database(settings.database_url)
        if upgrade:
            db.upgrade()
        clock = clock or Clock()
        linker = CitationLinker(db.session)
        store = CitationStore(db.session, linker)
        guide = GuideService(db.session, linker, clock)
        audit_types = AuditTypeService(db.session)
        cases = CaseService(db.session, linker, store, clock)
        return cls(settings=settings, db=db, clock=clock, library=Library(db.session),
                   linker=linker, citations=store, backlinks=BacklinkQuery(db.session),
                   audit_types=audit_types, cases=cases, guide=guide,
                   checker=CitationChecker(linker, guide),
                   transfer=CaseTransfer(cases, audit_types))

    def close(self) -> None:
        self.db.dispose()
