"""Cases and guide entries in the search index (built and followed on every save), scopes,
the guide entries shown above the hits, and the index following imports."""
from __future__ import annotations

import logging

import pytest

from core.errors import InvalidInput
from kb.guide.seed import seed_guide
from kb.search import SearchFilters
from tests.support.environment import FIXTURES
from tests.support.statute_files import add_statute


@pytest.fixture
def indexed(citing_kb):
    """The citation library with the test guide seeded and the index built."""
    seed_guide(citing_kb.guide, FIXTURES / "guide" / "findings.toml")
    citing_kb.search.rebuild()
    return citing_kb


def titles(result):
    return [h.law_title for h in result.response.hits]


def test_published_cases_follow_every_save(indexed, trainer, staff, make_case_input):
    finder = indexed.finder
    draft = indexed.cases.create_case(trainer, make_case_input(
        title="某局虚列支出案", body="## 审计发现\n\n**虚列会议费**支出十二万元。"))
    assert finder.find("虚列会议费", "cases").response.total == 0  # drafts are not searchable
    published = indexed.cases.publish_case(trainer, draft.id, draft.revision)
    hit = finder.find("虚列会议费", "cases").response.hits[0]
    assert (hit.kind, hit.law_title, hit.details["case_id"]) == ("case", "某局虚列支出案", draft.id)
    assert "<mark>虚列</mark>" in hit.snippet or "<mark>会议费</mark>" in hit.snippet
    assert "审计发现" in hit.snippet and "#" not in hit.snippet and "**" not in hit.snippet
    updated = indexed.cases.update_case(trainer, draft.id, make_case_input(
        title="某局虚列培训费案", body="虚列培训费支出八万元。"), published.revision)
    assert finder.find("会议费", "cases").response.total == 0
    assert titles(finder.find("培训费", "cases")) == ["某局虚列培训费案"]
    withdrawn = indexed.cases.unpublish_case(trainer, draft.id, updated.revision)
    assert finder.find("培训费", "cases").response.total == 0
    indexed.cases.publish_case(trainer, draft.id, withdrawn.revision)
    assert finder.find("培训费", "cases").response.total == 1
    indexed.cases.delete_case(trainer, draft.id, withdrawn.revision + 1)
    assert finder.find("培训费", "cases").response.total == 0


def test_guide_entries_are_indexed_and_follow_edits(indexed, trainer):
    guide_hits = indexed.finder.find("拒绝提供资料", "guide").response.hits
    assert [(h.kind, h.details["slug"]) for h in guide_hits] == [("guide", "refusing-documents")]
    entry = indexed.guide.get_entry("refusing-documents")
    from kb.guide.values import GuideInput
    data = GuideInput(entry.slug, "拒绝或者拖延提供审计资料", entry.category,
                      entry.keywords + ("转移隐匿资料",), entry.description, entry.advice,
                      tuple(b.basis for b in entry.characterisation),
                      tuple(b.basis for b in entry.sanction))
    indexed.guide.update_entry(trainer, entry.slug, data, entry.revision)
    assert [h.law_title for h in indexed.finder.find("转移隐匿资料", "guide").response.hits] == \
        ["拒绝或者拖延提供审计资料"]


def test_the_default_scope_shows_matching_guide_entries_above_statute_hits(indexed):
    result = indexed.finder.find("被审计单位拒绝提供资料怎么处理")
    assert [g.slug for g in result.guide] == ["refusing-documents"]
    assert [b.basis.label for b in result.guide[0].characterisation] == ["《样例审计法》第四条"]
    assert all(b.resolved for b in result.guide[0].basis)
    # The entry is above the list, not in it; the list holds statutes (and cases).
    assert {h.kind for h in result.response.hits} <= {"article", "statute", "passage", "case"}
    assert result.response.hits and result.to_json()["guide"][0]["sanction"] == ["《样例审计法》第五条"]
    assert indexed.finder.find("被审计单位拒绝提供资料", "laws").guide == []


def test_a_citation_alone_is_marked_for_opening_and_shows_no_guide(indexed):
    result = indexed.finder.find("样例审计法第四条")
    assert result.response.citation_only and result.guide == []
    assert result.response.hits[0].article_label == "第四条"
    assert not indexed.finder.find("样例审计法第四条 拒绝提供资料").response.citation_only


def test_scope_is_checked(indexed):
    with pytest.raises(InvalidInput, match="范围只能是"):
        indexed.finder.find("审计", "everything")


def test_the_date_filter_keeps_statute_versions_only(indexed, trainer, make_case_input):
    indexed.cases.create_case(trainer, make_case_input(title="审计资料案", body="拖延提供审计资料。"),
                              publish=True)
    import datetime as dt
    result = indexed.finder.find("审计资料", filters=SearchFilters(on_date=dt.date(2022, 6, 1)))
    assert result.response.hits and {h.kind for h in result.response.hits} <= {"article", "statute", "passage"}


def test_an_index_failure_does_not_undo_a_save(indexed, trainer, make_case_input, monkeypatch, caplog):
    def broken(group):
        raise OSError("disk full")
    monkeypatch.setattr(indexed.search, "update_group", broken)
    with caplog.at_level(logging.ERROR):
        case = indexed.cases.create_case(trainer, make_case_input(), publish=True)
    assert indexed.cases.get_case(trainer, case.id).title == "某局无预算支出案"
    assert "search index not updated" in caplog.text


def test_without_an_index_saves_need_none(citing_kb, trainer, make_case_input):
    citing_kb.cases.create_case(trainer, make_case_input(), publish=True)
    assert not citing_kb.search.is_built()


def test_an_import_updates_the_statutes_it_touched(indexed, tmp_path):
    assert indexed.search.search("样例新规定").hits[0].law_title != "样例新规定"
    add_statute(indexed, tmp_path / "more")  # imported, not yet indexed
    assert indexed.search.search("样例新规定").hits[0].law_title != "样例新规定"
    touched = {indexed.library.find_statute("样例新规定").id}
    assert indexed.search.refresh_statutes(touched) == 1
    assert indexed.search.search("样例新规定").hits[0].law_title == "样例新规定"


def test_refreshing_without_an_index_builds_one_only_when_asked(citing_kb, tmp_path):
    add_statute(citing_kb, tmp_path / "more")
    touched = {citing_kb.library.find_statute("样例新规定").id}
    assert citing_kb.search.refresh_statutes(touched) == 0 and not citing_kb.search.is_built()
    assert citing_kb.search.refresh_statutes(touched, build_if_missing=True) == 1
    assert citing_kb.search.search("样例审计法第四条").hits[0].article_label == "第四条"
