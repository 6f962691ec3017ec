"""The knowledge base's services wired together from Settings: built once per process
(by the command line or the web app's factory) and handed to whoever needs them."""
from __future__ import annotations

from dataclasses import dataclass

from kb.db import Database
from kb.library import Library
from kb.search import SearchService
from kb.settings import Settings


@dataclass
class KnowledgeBase:
    settings: Settings
    db: Database
    library: Library
    search: SearchService

    @classmethod
    def open(cls, settings: Settings, *, upgrade: bool = True) -> "KnowledgeBase":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db = Database(settings.database_url)
        if upgrade:
            db.upgrade()
        return cls(settings=settings, db=db, library=Library(db.session),
                   search=SearchService(settings.index_dir, db.session))

    def close(self) -> None:
        self.db.dispose()
