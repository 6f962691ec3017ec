"""What a search takes and gives back: filters, hits and the response (plain dataclasses)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.paging import PageNumbers
from kb.search.citation import CitationTarget

STATUS_FILTERS = ("current", "all")


@dataclass(frozen=True)
class SearchFilters:
    """Restrictions on a search; None means no restriction."""
    # A statute's name or alias (审计法): only its documents.
    law: str | None = None
    # 效力级别, one of laws.model.LEVELS.
    level: str | None = None
    # 法律部门.
    branch: str | None = None
    # "current": versions in force now (default); "all": superseded versions too.
    status: str = "current"
    # Versions in force on this day (overrides status).
    on_date: dt.date | None = None
    # Document kinds ("article", "statute", "passage", …); None for all.
    kinds: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SearchHit:
    kind: str
    key: str
    law_id: int | None
    law_title: str
    short_title: str
    version_id: int | None
    version_date: dt.date | None
    level: str | None
    status: str | None
    article_no: int | None
    article_suffix: int
    article_label: str
    chapter: tuple[str, ...]
    # HTML-safe: all text escaped, matched words in <mark>…</mark>.
    snippet: str
    score: float
    # Why the hit is where it is: "citation", "statute" (its name was typed) or "text".
    match: str = "text"
    # What a non-statute hit needs to be opened and shown (a case's id and audit type, a
    # guide entry's slug and keywords); a statute hit's other names.
    details: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "kind": self.kind, "key": self.key, "law_id": self.law_id,
            "law_title": self.law_title, "short_title": self.short_title,
            "version_id": self.version_id,
            "version_date": self.version_date.isoformat() if self.version_date else None,
            "level": self.level, "status": self.status,
            "article_no": self.article_no, "article_suffix": self.article_suffix,
            "article_label": self.article_label, "chapter": list(self.chapter),
            "snippet": self.snippet, "score": round(self.score, 4), "match": self.match,
            "details": self.details,
        }


@dataclass
class SearchResponse(PageNumbers):
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 10
    # "Did you mean": statute names close to a misspelt or partial one.
    suggestions: list[str] = field(default_factory=list)
    # For the user, in Chinese: why nothing was found, what was ignored …
    message: str | None = None
    # The article a citation query points to (the web app opens it directly).
    citation: CitationTarget | None = None
    # The query is one citation and nothing else (预算法第93条), and the first hit is that
    # article: a reader can be taken straight to it.
    citation_only: bool = False
    # No index yet: this server is building it from the database (message says how far).
    index_building: bool = False

    def to_json(self) -> dict:
        return {"query": self.query, "total": self.total, "page": self.page,
                "per_page": self.per_page, "message": self.message,
                "suggestions": self.suggestions,
                "citation": self.citation.to_json() if self.citation else None,
                "citation_only": self.citation_only, "index_building": self.index_building,
                "hits": [h.to_json() for h in self.hits]}
