"""One search against an open Whoosh searcher: filters, pinned hits, text hits, one page.

Order of hits: what the query points at (the cited articles, the statute it names), then
the articles of statutes named in the query, then everything else; each text list is ranked
by BM25F with priors and its top re-ranked (`kb.search.ranking.rerank`).
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from kb.models import STATUS_CURRENT
from kb.search import schema as f
from kb.search.analysis import cut_words, sub_words
from kb.search.citation import CitationTarget
from kb.search.documents import KIND_STATUTE, statute_group
from kb.search.fields import article_term
from kb.search.keywords import IndexStats
from kb.search.lexicon import Lexicon, StatuteEntry
from kb.search.query import QueryPlan, stopwords, understand
from kb.search.ranking import Candidate, rerank
from kb.search.results import STATUS_FILTERS, SearchFilters, SearchHit, SearchResponse
from kb.search.scope import Scope
from kb.search.scoring import Scorer, WeightedTerm
from kb.search.snippet import make_snippet
from kb.search.stored import StoredReader
from kb.search.terms import phrase_query, query_terms
from laws.model import LEVELS
from laws.numbering import format_article_label

# How many top hits of each list are re-ranked (their stored text is read).
RERANK_DEPTH = 40
# A bare article reference (第三十四条第二款) with no statute filter refers to this statute.
DEFAULT_STATUTE = "审计法"


class Retrieval:
    def __init__(self, searcher, lexicon: Lexicon, scope: Scope, scorer: Scorer,
                 stored: StoredReader, filters: SearchFilters, page: int, per_page: int):
        self.searcher = searcher
        self.stored = stored
        self.lexicon = lexicon
        self.scope = scope
        self.scorer = scorer
        self.filters = filters
        self.page = page
        self.per_page = per_page
        self.needed = page * per_page
        self.law: StatuteEntry | None = None

    def run(self, query: str) -> SearchResponse:
        response = SearchResponse(query=query, page=self.page, per_page=self.per_page)
        if not self._apply_filters(response):
            return response
        plan = understand(query, self.lexicon, self.law or self.lexicon.resolve(DEFAULT_STATUTE),
                          self._stats())
        response.suggestions = list(plan.suggestions)
        notes = list(plan.notes)
        for phrase in plan.phrases:
            query = phrase_query(phrase)
            if query is not None:
                self.scope.require(self.scope.phrase_docs(query))
        pinned = self._pinned(plan, notes, response)
        ranked, total = self._ranked(plan, [d for d, _ in pinned])
        response.total = len(pinned) + total
        top = (ranked[0][1] if ranked else 0.0) + 1.0
        merged = [(d, top, why) for d, why in pinned] + [(d, s, "text") for d, s in ranked]
        start = (self.page - 1) * self.per_page
        response.hits = [self._hit(d, s, why, plan) for d, s, why in merged[start:self.needed]]
        response.citation_only = (len(plan.citations) == 1 and not plan.concepts
                                  and not plan.phrases and bool(pinned)
                                  and pinned[0][1] == "citation")
        if plan.is_empty and not notes:
            notes.append("请输入要查找的内容" if not plan.text else "查询中没有可检索的词语")
        elif not response.total and not notes:
            notes.append("没有找到相关内容")
        if response.suggestions and not response.hits:
            notes.append(f"您是不是要找：{'、'.join(response.suggestions)}")
        response.message = "；".join(notes) or None
        return response

    def _stats(self) -> IndexStats:
        """Document frequencies for the key words of a long query (any field a word counts in)."""
        frequency = self.scorer.frequency
        return IndexStats(self.searcher.doc_count(), lambda word: (
            frequency(f.BODY, word) or frequency(f.BODY_SUB, word)))

    def _apply_filters(self, response: SearchResponse) -> bool:
        """Narrow the scope by the filters; False (with a message) when one cannot be used."""
        filters, scope = self.filters, self.scope
        if filters.law:
            self.law = self.lexicon.resolve(filters.law)
            if self.law is None:
                response.suggestions = self.lexicon.suggest(filters.law.strip("《》 "))
                response.message = f"没有找到法规“{filters.law}”"
                return False
            scope.require(scope.docs((f.GROUP, self.law.group)))
        if filters.level and filters.level not in LEVELS:
            response.message = f"效力级别只能是：{'、'.join(LEVELS)}"
            return False
        if filters.status not in STATUS_FILTERS:
            response.message = "状态只能是：current（现行有效）或 all（全部版本）"
            return False
        for fieldname, value in ((f.LEVEL, filters.level), (f.BRANCH, filters.branch)):
            if value:
                scope.require(scope.docs((fieldname, value)))
        if filters.kinds:
            scope.require(scope.docs(*((f.KIND, k) for k in filters.kinds)))
        if filters.on_date:
            versions = self.lexicon.versions_in_force(filters.on_date)
            scope.require(scope.docs(*((f.VERSION, str(v)) for v in versions)))
        elif filters.status == "current":
            scope.exclude(scope.other_than((f.STATUS, STATUS_CURRENT)))
        return True

    def _pinned(self, plan: QueryPlan, notes: list[str],
                response: SearchResponse) -> list[tuple[int, str]]:
        """Documents the query points at: cited articles, the statute it names."""
        pinned: list[tuple[int, str]] = []
        current = self.scope.docs((f.STATUS, STATUS_CURRENT))  # when all versions are allowed
        for target in plan.citations:
            found = self._cited(target, current)
            if found is not None and found not in {d for d, _ in pinned}:
                pinned.append((found, "citation"))
                response.citation = response.citation or target
            elif found is None:
                label = format_article_label(target.article_no, target.article_suffix)
                notes.append(f"在所选范围内没有找到《{target.law_title}》{label}")
        for entry, why in ((plan.name_only, "statute"), *((e, "suggestion") for e in plan.guessed)):
            if entry is None:
                continue
            found = self.scope.first((f.GROUP, entry.group), (f.KIND, KIND_STATUTE), prefer=current)
            if found is not None:
                pinned.append((found, why))
        return pinned

    def _cited(self, target: CitationTarget, current: np.ndarray) -> int | None:
        """The cited article: of the version of the year named in the citation, if any, else
        of the version the filters allow (the current one by default)."""
        terms = [(f.GROUP, statute_group(target.law_id)),
                 (f.ARTICLE, article_term(target.article_no, target.article_suffix))]
        version = target.year and self.lexicon.version_of_year(target.law_id, target.year)
        if version:
            found = self.scorer.lookup(terms + [(f.VERSION, str(version))])
            if found:
                return found[0]
        return self.scope.first(*terms, prefer=current)

    def _ranked(self, plan: QueryPlan, pinned: list[int]) -> tuple[list[tuple[int, float]], int]:
        """Text hits (docnum, score) in order: first the named statutes', then the rest."""
        searches: list[tuple[list[WeightedTerm], np.ndarray | None]] = []
        if plan.name_only or plan.guessed:
            entry = plan.name_only or plan.guessed[0]
            searches.append((self._title_terms(entry), self.scope.docs((f.KIND, KIND_STATUTE))))
        else:
            terms = query_terms(plan, self.scorer.frequency)
            if terms and plan.named:
                named = self.scope.docs(*((f.GROUP, e.group) for e in plan.named))
                searches += [(terms, named), (terms, ~named)]
            elif terms:
                searches.append((terms, None))
        ranked, total = [], 0
        for terms, within in searches:
            allow = self.scope.narrowed(within, pinned)
            hits, matched = self.scorer.top(terms, max(self.needed, RERANK_DEPTH), allow,
                                            governing=not (plan.name_only or plan.guessed))
            total += matched
            ranked.extend(self._reranked(plan, hits))
        return ranked, total

    def _title_terms(self, entry: StatuteEntry) -> list[WeightedTerm]:
        """Statutes with the words of `entry`'s name in their titles (政府采购法 → its 实施条例)."""
        words = [w for w in cut_words(entry.short_title) if w not in stopwords()]
        return [WeightedTerm(f.TITLE, w, 1.0) for w in dict.fromkeys(words + sub_words(words))]

    def _reranked(self, plan: QueryPlan, hits: list[tuple[int, float]]) -> list[tuple[int, float]]:
        head, tail = hits[:RERANK_DEPTH], hits[RERANK_DEPTH:]
        candidates = [self._candidate(d, s) for d, s in head]
        return [(c.docnum, c.score) for c in rerank(plan, candidates)] + tail

    def _candidate(self, docnum: int, score: float) -> Candidate:
        return Candidate(docnum, score, *self.stored.document(docnum).texts())

    def _hit(self, docnum: int, score: float, why: str, plan: QueryPlan) -> SearchHit:
        stored = self.stored.document(docnum).fields
        shown = stored[f.DISPLAY]
        terms = [form for c in plan.concepts for form in c.forms] + plan.phrases
        date = shown["version_date"]
        return SearchHit(
            kind=stored[f.KIND], key=stored[f.KEY], law_id=shown["law_id"],
            law_title=shown["law_title"], short_title=shown["short_title"],
            version_id=shown["version_id"],
            version_date=dt.date.fromisoformat(date) if date else None,
            level=stored.get(f.LEVEL), status=stored.get(f.STATUS),
            article_no=shown["article_no"], article_suffix=shown["article_suffix"] or 0,
            article_label=shown["label"], chapter=tuple(shown["chapter"]),
            snippet=make_snippet(stored.get(f.BODY) or shown["law_title"], terms),
            score=float(score), match=why, details=dict(shown.get("extra") or {}))
