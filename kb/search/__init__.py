"""Full-text search over the statute library (and, later, cases): Whoosh + jieba."""
from kb.search.citation import CitationTarget
from kb.search.results import SearchFilters, SearchHit, SearchResponse
from kb.search.service import SearchService

__all__ = ["CitationTarget", "SearchFilters", "SearchHit", "SearchResponse", "SearchService"]
