"""Work taken off the query path must not change what a search finds: the statute-name
scans against the exhaustive ones they replace, searchers kept open between searches
against rebuilds and updates, the live generation remembered against a new pointer."""
from __future__ import annotations

import difflib
import random

import numpy as np
import pytest

from kb.importer import Importer
from kb.search.lexicon import REPLACED_BY, Lexicon, StatuteEntry
from kb.search.schema import BODY
from kb.search.scoring import ScoringCache, _governing
from kb.search.whoosh_internals import decode_postings
from kb.search.searchers import SearcherPool
from kb.search.store import POINTER
from laws.titles import NATIONAL_PREFIX
from quizzes.services import open_services
from tests.support.environment import make_settings

NAMES = ["审计法", "审计法实施条例", "中华人民共和国审计法", "预算法", "预算法实施条例", "民法典",
         "刑法", "法", "会计法", "政府采购法", "政采法", "采购法实施办法", "实施条例"]


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon({i: StatuteEntry(i, name, name, "法律", [name]) for i, name in enumerate(NAMES, 1)})


def names_in_exhaustive(lexicon: Lexicon, text: str) -> list[tuple[int, int, StatuteEntry]]:
    """The scan names_in replaced: every length up to the longest name, at every character."""
    found, position = [], 0
    while position < len(text) - 1:
        match = None
        for end in range(min(len(text), position + lexicon.longest), position + 1, -1):
            law_id = lexicon.by_name.get(text[position:end])
            if law_id:
                match = (position, end, lexicon.entries[law_id])
                break
        if match:
            found.append(match)
            position = match[1]
        else:
            position += 1
    return found


def name_ending_at_exhaustive(lexicon: Lexicon, text: str, end: int):
    for start in range(max(0, end - lexicon.longest), end - 1):
        law_id = lexicon.by_name.get(text[start:end])
        if law_id:
            return start, lexicon.entries[law_id]
    return None


def suggest_exhaustive(lexicon: Lexicon, name: str, limit: int = 3) -> list[str]:
    """The suggestion scan suggest replaced: every known name's characters compared."""
    name = name.removeprefix(NATIONAL_PREFIX)
    chars = frozenset(name)
    if len(name) < 2:
        return []
    scored = []
    for candidate in lexicon.by_name:
        if len(chars & frozenset(candidate)) < max(2, len(chars) - 2):
            continue
        ratio = difflib.SequenceMatcher(None, name, candidate).ratio()
        partial = name in candidate
        if ratio >= 0.6 or partial:
            entry = lexicon.entries[lexicon.by_name[candidate]]
            scored.append(((partial or ratio >= 0.75, ratio if not partial else 0.8,
                            lexicon.importance(entry), -len(candidate)), entry.short_title))
    scored.sort(reverse=True)
    return list(dict.fromkeys(title for _, title in scored))[:limit]


def random_texts(count: int) -> list[str]:
    """Texts of name pieces, whole names and other characters run together."""
    pieces = NAMES + [n[:k] for n in NAMES for k in range(1, len(n))] + list("的和第三十条《》 ")
    rng = random.Random(15)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(count)]


def test_names_in_finds_what_the_exhaustive_scan_finds(lexicon):
    for text in random_texts(2000) + ["", "法", "审计法实施条例第三十条", "中华人民共和国审计法法"]:
        assert lexicon.names_in(text) == names_in_exhaustive(lexicon, text), text


def test_name_ending_at_finds_what_the_exhaustive_scan_finds(lexicon):
    for text in random_texts(500):
        for end in range(len(text) + 1):
            assert (lexicon.name_ending_at(text, end)
                    == name_ending_at_exhaustive(lexicon, text, end)), (text, end)


def test_suggest_finds_what_comparing_every_name_finds(lexicon):
    for text in random_texts(1500) + ["政府彩购法", "采购法", "审计条例", "实施细则"]:
        if text.removeprefix(NATIONAL_PREFIX) in REPLACED_BY:
            continue
        assert lexicon.suggest(text) == suggest_exhaustive(lexicon, text), text


def test_a_searcher_is_reused_while_the_index_is_unchanged(search_kb):
    service = search_kb.search
    service.search("审计")
    path, ix = service.store.open_live()
    with service._searchers.searcher(path, ix) as first:
        pass
    with service._searchers.searcher(path, ix) as second:
        assert second is first and not second.is_closed


def test_an_update_is_searched_at_once_and_the_old_searcher_closed(search_kb, statutes_path,
                                                                    tmp_path):
    service = search_kb.search
    assert not service.search("复核意见").hits
    path, ix = service.store.open_live()
    with service._searchers.searcher(path, ix) as before:
        pass
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = next(statutes_path.rglob("样例审计署规定*.md"))
    (corpus / source.name).write_text(
        source.read_text(encoding="utf-8") + "\n第三条 审计文书应当载明复核意见。\n", encoding="utf-8")
    Importer(search_kb.db).import_path(corpus)
    service.update_statute(search_kb.library.find_statute("样例审计署规定").id)
    assert [h.short_title for h in service.search("复核意见").hits] == ["样例审计署规定"]
    assert before.is_closed


def test_a_rebuild_is_searched_at_once(search_kb):
    service = search_kb.search
    old = service.store.live_dir()
    assert service.search("审计").hits
    summary = service.rebuild()
    assert service.store.live_dir() == summary.directory != old
    response = service.search("审计")
    assert response.hits and not response.message


def test_a_pointer_rewritten_in_place_is_read_again(search_kb):
    service = search_kb.search
    assert service.search("审计").hits
    pointer = service.store.root / POINTER
    pointer.write_text(pointer.read_text().replace('"dir": "', '"dir": "missing-'))
    assert not service.is_built()
    assert "python -m kb index" in service.search("审计").message


def test_the_pool_keeps_a_few_idle_searchers_and_closes_the_rest(search_kb):
    service = search_kb.search
    path, ix = service.store.open_live()
    pool = SearcherPool(size=2)
    opened = [ix.searcher() for _ in range(3)]
    for searcher in opened:
        pool._give(path, searcher)
    assert [s.is_closed for s in opened] == [False, False, True]
    pool.close()
    assert all(s.is_closed for s in opened)


def test_a_failed_search_does_not_return_its_searcher(search_kb):
    service = search_kb.search
    path, ix = service.store.open_live()
    pool = SearcherPool()
    with pytest.raises(RuntimeError):
        with pool.searcher(path, ix) as searcher:
            raise RuntimeError("boom")
    assert searcher.is_closed and not pool._idle


def governing_in_python(hits):
    """The statute stage as it was written over (score, docnum, law id) tuples."""
    by_statute = {}
    for score, doc, law in hits:
        by_statute.setdefault(law if law >= 0 else -1 - doc, []).append(score)
    weight = {}
    for law, scores in by_statute.items():
        scores.sort(reverse=True)
        weight[law] = sum(s * 0.5 ** i for i, s in enumerate(scores[:3]))
    best = max(weight.values(), default=1.0) or 1.0
    return [score * (weight[law if law >= 0 else -1 - doc] / best) ** 0.5
            for score, doc, law in hits]


def test_the_statute_stage_in_numpy_gives_the_same_scores_to_the_last_bit():
    rng = np.random.default_rng(15)
    for _ in range(200):
        size = int(rng.integers(1, 600))
        scores = rng.random(size, np.float32).astype(np.float64) * 40 + 0.01
        docs = rng.permutation(100_000)[:size].astype(np.int64)
        laws = rng.integers(-1, 40, size).astype(np.int64)
        hits = list(zip(scores.tolist(), docs.tolist(), laws.tolist()))
        assert _governing(scores, docs, laws).tolist() == governing_in_python(hits)


def test_preloading_decodes_the_most_frequent_words_within_the_budget(searched):
    path, ix = searched.search.store.open_live()
    with ix.searcher() as searcher:
        reader = searcher.leaf_searchers()[0][0].reader()
        frequency, commonest = max(reader.most_frequent_terms(BODY, 1))
        decoded = ScoringCache().preload(searcher, budget=1)
        cache = ScoringCache()
        everything = cache.preload(searcher, budget=10**9)
        key = (reader.segment().segment_id(), BODY, commonest.decode("utf-8"))
        # Budget 1: one word per segment, the most frequent one first.
        assert decoded >= frequency and decoded < everything
        ids, weights = cache.entries[key]
        expected_ids, expected_weights = decode_postings(reader, BODY, commonest.decode("utf-8"))
        assert ids.tolist() == expected_ids.tolist() and weights.tolist() == expected_weights.tolist()


def test_a_preloaded_search_finds_what_a_cold_one_finds(statutes_path, tmp_path):
    cold, warm = (open_services(make_settings(tmp_path / name)) for name in ("cold", "warm"))
    try:
        for kb in (cold, warm):
            Importer(kb.db).import_path(statutes_path)
            kb.search.rebuild()
        assert warm.search.preload() > 0
        for query in ("审计机关 职权", "预算调整", "单位负责人对会计资料的真实性负责", "政府采购 供应商"):
            assert ([(h.key, h.score) for h in warm.search.search(query).hits]
                    == [(h.key, h.score) for h in cold.search.search(query).hits]), query
    finally:
        cold.close()
        warm.close()


def test_preloading_without_an_index_does_nothing(tmp_path):
    kb = open_services(make_settings(tmp_path))
    try:
        assert kb.search.preload() == 0
    finally:
        kb.close()
