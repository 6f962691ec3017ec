"""Legal time over the whole corpus: the examples of issue G, answered by the real code."""
from __future__ import annotations

import datetime as dt

import pytest

from kb.citations.resolver import STATUS_NEAREST, STATUS_NOT_HELD, STATUS_REPEALED, STATUS_UNKNOWN

D = dt.date


@pytest.mark.parametrize("law, version, effective, source", [
    ("审计法", D(2021, 10, 23), D(2022, 1, 1), "data"),
    ("会计法", D(2024, 6, 28), D(2024, 7, 1), "data"),
    ("会计法", D(2017, 11, 4), None, "none"),
    ("审计法实施条例", D(2010, 2, 11), D(2010, 5, 1), "text"),
    ("行政处罚法", D(2021, 1, 22), D(2021, 7, 15), "text"),
    ("公司法", D(2023, 12, 29), D(2024, 7, 1), "text"),
    ("政府采购法实施条例", D(2015, 1, 30), D(2015, 3, 1), "text"),
    ("民法典", D(2020, 5, 28), D(2021, 1, 1), "header"),
])
def test_effective_dates_and_their_sources(corpus_content, law, version, effective, source):
    lib = corpus_content.library
    found = [v for v in lib.versions(lib.find_statute(law).id) if v.version_date == version]
    assert [(v.effective_date, v.effective_source) for v in found] == [(effective, source)]


def test_the_audit_law_before_its_2021_amendment_took_effect(corpus_content):
    view = corpus_content.library.get_article("审计法", 34, D(2021, 12, 1))
    assert view.in_force_on_date is False and view.version.status == "尚未施行"
    assert view.notice == "库中没有 2021-12-01 时有效的版本；现有 2021 年修正文本自 2022-01-01 起施行"
    (item,) = corpus_content.checker.check("审计法第三十四条", D(2021, 12, 1)).items
    assert item.citation.status == STATUS_NEAREST and item.message.startswith(view.notice)


def test_the_accounting_law_on_the_eve_of_its_2024_amendment(corpus_content):
    view = corpus_content.library.get_article("会计法", 42, D(2024, 6, 30))
    assert view.version.version_date == D(2017, 11, 4) and view.in_force_on_date is True
    report = corpus_content.checker.check("会计法第四十二条第一款第（二）项", D(2024, 6, 30))
    (item,) = report.items
    assert item.ok and item.citation.version_date == D(2017, 11, 4), item.message


def test_a_repealed_statute_is_never_another_through_an_alias(corpus_content):
    (c,) = corpus_content.linker.cite("《中华人民共和国审计条例》第二十条", D(2024, 1, 1))
    assert c.status == STATUS_REPEALED and c.law_title == "中华人民共和国审计条例"
    assert c.repealed_on == D(1995, 1, 1) and c.repealed_by == "中华人民共和国审计法"
    (c,) = corpus_content.linker.cite("《政府采购条例》第十条", D(2024, 1, 1))
    assert c.status == STATUS_UNKNOWN and c.statute_id is None


def test_a_statute_known_through_its_repeal_on_either_side_of_it(corpus_content):
    (after,) = corpus_content.linker.cite("《合同法》第五十二条", D(2024, 1, 1))
    assert (after.status, after.statute_status, after.repealed_on) == (STATUS_REPEALED, "已废止", D(2021, 1, 1))
    assert after.to_json()["successor"] == "中华人民共和国民法典"
    (before,) = corpus_content.linker.cite("《合同法》第五十二条", D(2019, 6, 1))
    assert before.status == STATUS_NOT_HELD and before.notice == "2019-06-01 时有效，库中无该法文本"


@pytest.mark.parametrize("title", [
    "最高人民法院关于适用《中华人民共和国合同法》若干问题的解释（一）",
    "最高人民法院关于适用《中华人民共和国合同法》若干问题的解释（二）",
    "最高人民法院关于适用《中华人民共和国担保法》若干问题的解释",
])
def test_interpretations_repealed_with_the_civil_code(corpus_content, title):
    statute = corpus_content.library.find_statute(title)
    assert statute.repealed_on == D(2021, 1, 1) and "法释〔2020〕16号" in statute.repeal_source
    assert corpus_content.library.statute_status(statute.id, D(2024, 1, 1)) == "已废止"
    assert corpus_content.library.statute_status(statute.id, D(2020, 12, 31)) == "现行有效"


def test_a_repeal_decision_in_the_corpus_repeals_what_it_lists(corpus_content):
    statute = corpus_content.library.find_statute("北京市邮政通信条例")
    assert statute.repealed_on == D(2021, 9, 24)
    assert statute.repealed_by == "北京市人民代表大会常务委员会关于废止部分地方性法规的决定"


def test_the_regulation_cites_the_2006_audit_law_not_the_2021_text(corpus_content):
    lib = corpus_content.library
    law = lib.find_statute("审计法").id
    current = lib.current_version(law).id
    on_2021 = corpus_content.backlinks.backlinks(law, 34, version_id=current).articles
    assert not [a for a in on_2021 if a.short_title == "审计法实施条例"]
    anywhere = corpus_content.backlinks.backlinks(law, 34).articles
    assert {a.article_no for a in anywhere if a.short_title == "审计法实施条例"} == {31, 32}
    assert not any(a.exact_version for a in anywhere if a.short_title == "审计法实施条例")


def test_the_dated_facts_evaluation_answers_every_fact(corpus_content, monkeypatch):
    """bench.legal_time_eval through `python -m kb show/cite` on this corpus library."""
    import json

    from bench.legal_time_eval import FACTS, evaluate
    monkeypatch.setenv("KB_DATA_DIR", str(corpus_content.settings.data_dir))
    monkeypatch.setenv("KB_DATABASE_URL", corpus_content.settings.database_url)
    facts = json.loads(FACTS.read_text(encoding="utf-8"))["facts"]
    score = evaluate(facts, verbose=False)
    for part in ("dev", "heldout"):
        assert score[(part, "right")] == score[(part, "total")] >= 20
