"""The citations table: statutes citing statutes (computed for the library), cases and
questions citing articles (recorded on save), and the backlinks query."""
from sqlalchemy import func, select

from kb.citations.models import SOURCE_ARTICLE, CitationRecord, StatuteRepeal
from accounts.permissions import SYSTEM
from tests.support.statute_files import add_statute


def statute_id(kb, name):
    return kb.library.find_statute(name).id


def test_statutes_citing_statutes(citing_kb):
    audit = statute_id(citing_kb, "样例审计法")
    links = citing_kb.backlinks.backlinks(audit, 4)
    citing = {(a.short_title, a.article_no, a.exact_version) for a in links.articles}
    # 样例财政法 (2022) cites the 2021 version by a declared abbreviation and by name.
    assert ("样例财政法", 4, True) in citing
    assert all(not a.same_statute for a in links.articles)


def test_a_regulation_cites_the_version_in_force_when_it_was_made(citing_kb):
    audit = statute_id(citing_kb, "样例审计法")
    old, new = citing_kb.library.versions(audit)
    links = citing_kb.backlinks.backlinks(audit, 4, version_id=old.id)
    assert [(a.short_title, a.article_no) for a in links.articles] == [("样例审计法实施条例", 3)]
    assert citing_kb.backlinks.backlinks(audit, 3, version_id=new.id).articles
    regulation = [a for a in citing_kb.backlinks.backlinks(audit, 3, version_id=old.id).articles]
    assert [(a.short_title, a.article_no, a.exact_version) for a in regulation] == [
        ("样例审计法实施条例", 3, True)]


def test_own_articles_are_linked_too(citing_kb):
    finance = statute_id(citing_kb, "样例财政法")
    links = citing_kb.backlinks.backlinks(finance, 2)
    assert [(a.article_no, a.same_statute) for a in links.articles] == [(3, True)]


def test_linking_again_gives_the_same_table(citing_kb):
    def count():
        with citing_kb.db.session() as s:
            return s.scalar(select(func.count(CitationRecord.id)).where(
                CitationRecord.source_kind == SOURCE_ARTICLE))
    before = count()
    summary = citing_kb.citations.link_library()
    assert count() == before == summary.citations and summary.articles > 0
    with citing_kb.db.session() as s:
        assert s.scalars(select(StatuteRepeal.name).where(StatuteRepeal.source == "clause")).all() == ["样例旧财政法"]


def test_questions_record_their_citations(citing_kb):
    found = citing_kb.citations.record_text("question", 7, "依据《样例审计法》第四条，拒绝提供资料的应当改正。")
    assert [c.article_no for c in found] == [4]
    links = citing_kb.backlinks.backlinks(statute_id(citing_kb, "样例审计法"), 4, viewer=SYSTEM)
    assert [(q.question_id, q.text) for q in links.questions] == [(7, "《样例审计法》第四条")]
    anonymous = citing_kb.backlinks.backlinks(statute_id(citing_kb, "样例审计法"), 4)
    assert [(q.question_id, q.text) for q in anonymous.questions] == [(7, "")]  # a question's basis is its 解析
    citing_kb.citations.record_text("question", 7, "改为不引用法条")
    assert not citing_kb.backlinks.backlinks(statute_id(citing_kb, "样例审计法"), 4).questions


def test_stored_citations_are_resolved_again_after_the_library_changes(citing_kb, tmp_path):
    citing_kb.citations.record_text("question", 8, "依据《样例新规定》第一条")
    add_statute(citing_kb, tmp_path)
    summary = citing_kb.citations.link_library()
    assert summary.rechecked == 1
    new = statute_id(citing_kb, "样例新规定")
    assert [q.question_id for q in citing_kb.backlinks.backlinks(new, 1, viewer=SYSTEM).questions] == [8]
