"""The whole corpus: `python -m kb index` and `python -m kb search`, and the evaluation set
as a guard against ranking regressions (figures: python -m bench.search_eval)."""
import json
import os
import subprocess
import sys

import pytest

from bench.search_eval import evaluate, load_queries, summarise

pytestmark = pytest.mark.corpus


def run_kb(corpus_kb, *argv, timeout=900):
    env = {**os.environ, "KB_DATA_DIR": str(corpus_kb.settings.data_dir)}
    env.pop("KB_DATABASE_URL", None)
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "kb", *argv], capture_output=True, text=True,
                          env=env, timeout=timeout)


@pytest.fixture(scope="session")
def corpus_index(corpus_kb):
    """The corpus indexed once per session, by the command line as a user would."""
    result = run_kb(corpus_kb, "index")
    assert result.returncode == 0, result.stderr
    assert "检索索引已建立：文档" in result.stdout
    return corpus_kb


def test_search_command_puts_the_cited_article_first(corpus_index):
    result = run_kb(corpus_index, "search", "审计法第三十四条", "--json")
    assert result.returncode == 0, result.stderr
    first = json.loads(result.stdout)[0]
    assert (first["law_title"], first["article_no"], first["article_label"]) == (
        "中华人民共和国审计法", 34, "第三十四条")
    assert first["version_date"] == "2021-10-23" and first["status"] == "现行有效"


def test_auditor_questions(corpus_index):
    search = corpus_index.search.search
    top = [(h.short_title, h.article_no) for h in search("被审计单位拒绝提供资料怎么处理").hits[:3]]
    assert ("审计法", 47) in top
    assert search("政府采购法").hits[0].kind == "statute"
    assert "政府采购法" in search("政府彩购法").suggestions
    cited = search("民法典 153条")
    assert (cited.hits[0].short_title, cited.hits[0].article_no) == ("民法典", 153)


def test_evaluation_set_does_not_regress(corpus_index):
    rows = evaluate(corpus_index, load_queries())
    figures = summarise(rows)
    assert figures["recall@10"] >= 0.95 and figures["mrr"] >= 0.85
    assert figures["citation_rank1"] == 1.0 and figures["suggest_ok"] == 1.0
