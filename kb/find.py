"""One search over everything a reader can look up — statutes, published cases, the
finding-to-law guide — as the search page and the API offer it.

The index holds all three (`kb.search` with the case and guide providers); a *scope*
narrows to one of them.  In the default scope the guide entries a query is about are
shown above the hits (化整为零 → 化整为零规避公开招标, with its 定性依据 and 处理处罚依据),
so they are left out of the hit list there.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from kb.cases.search_documents import KIND_CASE, KIND_COURT_CASE
from core.errors import InvalidInput
from kb.guide.search_documents import KIND_GUIDE
from kb.guide.service import GuideService
from kb.guide.values import GuideView
from kb.search import SearchService
from kb.search.documents import KIND_STATUTE
from kb.search.results import SearchFilters, SearchResponse
from kb.models import KIND_ARTICLE, KIND_PASSAGE

STATUTE_KINDS = (KIND_STATUTE, KIND_ARTICLE, KIND_PASSAGE)
# scope → (label, document kinds).  An auditor asking for cases means the bureau's own
# (审计发现, 定性, 处理): `cases` holds those alone, so the 52 court rulings of the corpus
# cannot outrank them; `court_cases` holds the rulings, and `all` both.
SCOPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "all": ("全部", STATUTE_KINDS + (KIND_CASE, KIND_COURT_CASE)),
    "laws": ("法规", STATUTE_KINDS),
    "cases": ("审计案例", (KIND_CASE,)),
    "court_cases": ("裁判案例", (KIND_COURT_CASE,)),
    "guide": ("定性指引", (KIND_GUIDE,)),
}
DEFAULT_SCOPE = "all"
# Guide entries shown above the hits, at most.
GUIDE_ABOVE = 2


@dataclass
class FindResult:
    scope: str
    response: SearchResponse
    # Guide entries the query is about, with their articles (first page of the default scope).
    guide: list[GuideView] = field(default_factory=list)

    def to_json(self) -> dict:
        return {**self.response.to_json(), "scope": self.scope, "pages": self.response.pages,
                "guide": [{"slug": g.slug, "title": g.title, "category": g.category,
                           "characterisation": [b.basis.label for b in g.characterisation],
                           "sanction": [b.basis.label for b in g.sanction]}
                          for g in self.guide]}


SCOPE_MESSAGE = f"范围只能是：{'、'.join(f'{k}（{v[0]}）' for k, v in SCOPES.items())}"


def check_scope(scope: str | None) -> str:
    scope = scope or DEFAULT_SCOPE
    if scope not in SCOPES:
        raise InvalidInput(SCOPE_MESSAGE)
    return scope


class Finder:
    def __init__(self, search: SearchService, guide: GuideService):
        self.search = search
        self.guide = guide

    def find(self, query: str, scope: str | None = None, filters: SearchFilters | None = None,
             page: int = 1, per_page: int = 10) -> FindResult:
        """Hits of one scope; never raises for any query text (a bad scope is InvalidInput)."""
        scope = check_scope(scope)
        filters = replace(filters or SearchFilters(), kinds=SCOPES[scope][1])
        response = self.search.search(query, filters, page=page, per_page=per_page)
        guide = []
        if scope == DEFAULT_SCOPE and response.page == 1 and not response.citation_only:
            guide = [self.guide.get_entry(m.entry.id, related=False)
                     for m in self.guide.match(query or "", limit=GUIDE_ABOVE)]
        return FindResult(scope, response, guide)
