"""Cases, citations and the guide on the real corpus: the court cases import, the sample
cases and every guide article check out against the statutes, and the linker meets its
precision and recall targets on the labelled sets."""
import datetime as dt

import pytest

from bench.cite_eval import SETS, evaluate
from bench.labels import load
from kb.cases.courtcases import import_court_cases
from kb.cases.models import STATUS_PUBLISHED
from kb.cases.samples import load_sample_cases
from kb.citations.resolver import STATUS_REPEALED
from kb.guide.seed import read_seed
from accounts.permissions import SYSTEM

pytestmark = pytest.mark.corpus


def test_the_corpus_court_cases_import_once(corpus_content):
    report = corpus_content.court_report
    assert (len(report.created), report.errors) == (52, [])
    cases = corpus_content.cases.list_cases(None, audit_type="司法案例", per_page=100)
    assert cases.total == 52
    assert all(c.status == STATUS_PUBLISHED and c.source.startswith("语料库：案例/") for c in cases.items)
    again = import_court_cases(corpus_content.case_transfer, corpus_content.settings.corpus_path / "案例",
                               dt.date(2026, 1, 1))
    assert len(again.unchanged) == 52 and not again.created


def test_sample_cases_cover_the_audit_types_and_load_once(corpus_content):
    assert (len(corpus_content.sample_report.created), corpus_content.sample_report.errors) == (14, [])
    samples = [c for c in corpus_content.cases.list_cases(SYSTEM, per_page=200).items
               if c.uid.startswith("sample-")]
    assert {"预算执行", "经济责任", "政府投资", "自然资源资产", "民生资金", "国有企业", "金融"} <= {
        c.audit_type for c in samples}
    assert len(load_sample_cases(corpus_content.case_transfer).unchanged) == 14
    for summary in samples:
        rendered = corpus_content.cases.render_case(SYSTEM, summary.id)
        unresolved = {c.law_title for c in rendered.unresolved}
        assert unresolved <= {"党政机关国内公务接待管理规定"}, (summary.title, unresolved)


def test_every_guide_article_exists_and_says_what_the_guide_expects(corpus_content):
    entries = read_seed()
    assert len(entries) >= 30
    assert corpus_content.guide_summary.errors == []
    for entry in entries:
        for seed in entry.characterisation + entry.sanction:
            basis = seed.basis
            article = corpus_content.library.get_article(basis.law, (basis.article_no, basis.article_suffix))
            assert article.version.status == "现行有效"
            assert seed.expect, f"{entry.data.slug}: {basis.label} lists no expected words"
            paragraphs = article.paragraphs
            scope = article.text
            if basis.paragraph:
                assert basis.paragraph <= len(paragraphs), basis.label
                scope = "\n".join(paragraphs[basis.paragraph - 1].lines())
            if basis.item:
                paragraph = paragraphs[(basis.paragraph or 1) - 1]
                assert basis.item <= len(paragraph.items), basis.label
            for words in seed.expect:
                assert words in scope, f"{entry.data.slug}: {basis.label} lacks “{words}”"


def test_the_guide_answers_hua_zheng_wei_ling(corpus_content):
    best = corpus_content.guide.match("化整为零")[0]
    entry = corpus_content.guide.get_entry(best.entry.id)
    assert entry.slug == "split-procurement"
    assert {(b.basis.law, b.basis.article_no) for b in entry.characterisation} == {
        ("政府采购法", 28), ("政府采购法实施条例", 28)}
    assert all(b.resolved for b in entry.basis)
    assert "sample-010" in {c.uid for c in entry.cases}


def test_the_regulation_links_to_the_law_it_implements_and_is_marked_inexact(corpus_content):
    audit_law = corpus_content.library.find_statute("审计法").id
    links = corpus_content.backlinks.backlinks(audit_law, 34)
    regulation = [a for a in links.articles if a.short_title == "审计法实施条例"]
    assert regulation and not any(a.exact_version for a in regulation)
    assert corpus_content.link_summary.citations > 10_000


def test_a_repealed_law_is_reported_after_its_repeal(corpus_content):
    (after,) = corpus_content.linker.cite("依照《中华人民共和国合同法》第五十二条", dt.date(2022, 1, 1))
    assert after.status == STATUS_REPEALED and after.repealed_by == "中华人民共和国民法典"
    assert after.repealed_on == dt.date(2021, 1, 1)


@pytest.mark.parametrize("name", sorted(SETS))
def test_linker_precision_and_recall(corpus_content, name):
    score = evaluate(corpus_content.linker, load(SETS[name]), corpus_content.settings.corpus_path)
    assert score.expected > 50
    assert score.precision >= 0.98 and score.recall >= 0.98, score.mistakes
