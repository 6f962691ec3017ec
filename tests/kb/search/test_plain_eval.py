"""The plain-language evaluation set (bench/plain_eval.json): its rules, its labels against
the corpus text, and the BM25 baseline it is measured against (figures: python -m
bench.plain_eval)."""
import pytest

from bench.bm25_baseline import Bm25Baseline
from bench.plain_eval import load_questions, measure
from bench.plain_eval_check import DOMAINS, Corpus, check_labels, check_split
from laws.titles import normalise_title


def test_the_set_keeps_its_split_and_shape():
    questions = load_questions()
    assert len(questions) >= 320
    assert check_split(questions) == []
    assert {q["domain"] for q in questions} == set(DOMAINS)
    assert all(1 <= len(q["expect"]) <= 5 for q in questions)
    assert sum(q["split"] == "held" for q in questions) >= len(questions) // 3 - len(DOMAINS)


@pytest.mark.corpus
def test_every_label_is_an_article_of_the_newest_version(corpus_path):
    corpus = Corpus(corpus_path)
    problems = [p for q in load_questions() for p in check_labels(corpus, q, show=False)]
    assert problems == []


@pytest.mark.corpus
def test_the_library_finds_each_labelled_statute_the_check_read(corpus_kb, corpus_path):
    corpus = Corpus(corpus_path)
    names = {law for q in load_questions() for law, *_ in q["expect"]}
    for law in names:
        assert normalise_title(corpus_kb.library.find_statute(law).title) == corpus.resolve(law)


def test_measure_counts_recall_and_reciprocal_rank():
    expected = {(1, 47, 0), (1, 34, 0)}
    hits = [(2, 1, 0)] * 2 + [(1, 47, 0)] + [(3, n, 0) for n in range(20)] + [(1, 34, 0)]
    m = measure(expected, hits)
    assert (m["recall@10"], m["recall@100"], m["none@10"], m["rank"]) == (0.5, 1.0, 0.0, 2)
    assert m["mrr@10"] == 0.5
    assert measure(expected, [])["none@10"] == 1.0


def test_the_baseline_finds_articles_by_their_words_and_is_cached(loaded_kb, tmp_path):
    out = tmp_path / "bm25"
    baseline, built = Bm25Baseline.open(loaded_kb.db, out)
    assert built and baseline.doc_count > 0
    law = loaded_kb.library.find_statute("样例审计法").id
    assert baseline.search("审计人员有利害关系要回避吗")[0] == (law, 3, 1)
    assert baseline.search("，。？") == []
    again, built = Bm25Baseline.open(loaded_kb.db, out)
    assert not built and again.doc_count == baseline.doc_count
