"""Where the product keeps its state: one data directory, configured by environment.

`KB_DATA_DIR` names the data directory (default: `data/` beside the code); the SQLite
database and the search index live inside it unless `KB_DATABASE_URL` (or
`DATABASE_URL`) points the database elsewhere, e.g. at PostgreSQL.  `KB_CORPUS` names the
statute corpus (default `../shared/corpus` beside the checkout).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    corpus_path: Path

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def sqlite_path(self) -> Path | None:
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix):
            return Path(self.database_url[len(prefix):])
        return None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("KB_DATA_DIR") or DEFAULT_DATA_DIR).expanduser().resolve()
        url = env.get("KB_DATABASE_URL") or env.get("DATABASE_URL") or sqlite_url(data_dir)
        corpus = Path(env.get("KB_CORPUS") or DEFAULT_CORPUS).expanduser()
        return cls(data_dir=data_dir, database_url=url, corpus_path=corpus)


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'kb.sqlite3'}"
