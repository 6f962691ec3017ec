"""Correspondence tables between stored versions (kb.correspondence), the whole text of a
statute (kb.reading) and its .docx (kb.docx_export), on the fixture statutes; the
会计法 2017 → 2024 table on the real corpus."""
import datetime as dt
import io

import docx
import pytest

from kb.docx_export import statute_docx
from core.errors import InvalidInput, NotFound
from accounts.permissions import SYSTEM
from kb.reading import parse_selection


def audit_law(kb):
    return kb.library.find_statute("样例审计法").id


def rows(table):
    return [(r["old_label"], r["new_label"], r["change"]) for r in table.to_json()]


def test_table_between_the_two_fixture_versions(loaded_kb):
    table = loaded_kb.correspondence.table(audit_law(loaded_kb))
    assert (table.old.version_date, table.new.version_date) == (dt.date(2006, 2, 28), dt.date(2021, 10, 23))
    assert rows(table) == [("第一条", "第一条", "amended"), ("第二条", "第二条", "amended"),
                           (None, "第三条", "added"), (None, "第三条之一", "added"),
                           ("第三条", "第四条", "amended"), ("第四条", "第五条", "amended"),
                           (None, "第六条", "added")]
    assert [(kind, count) for kind, _, count in table.counts()] == [("amended", 4), ("added", 3)]


def test_versions_named_by_date(loaded_kb):
    law = audit_law(loaded_kb)
    service = loaded_kb.correspondence
    named = service.table_on_dates(law, dt.date(2006, 2, 28), dt.date(2021, 10, 23))
    assert rows(named) == rows(service.table(law))
    assert rows(service.table_on_dates(law, None, None)) == rows(named)
    with pytest.raises(NotFound, match="没有 2006-03-01 的版本.*2006-02-28、2021-10-23"):
        service.table_on_dates(law, dt.date(2006, 3, 1), dt.date(2021, 10, 23))
    assert rows(service.table_on_dates(law, dt.date(2006, 2, 28), None)) == rows(named)
    assert rows(service.table_on_dates(law, None, dt.date(2021, 10, 23))) == rows(named)
    with pytest.raises(NotFound, match="最新的版本"):
        service.table_on_dates(law, dt.date(2021, 10, 23), None)
    with pytest.raises(NotFound, match="最早的版本"):
        service.table_on_dates(law, None, dt.date(2006, 2, 28))
    single = loaded_kb.library.find_statute("样例审计法实施条例").id
    with pytest.raises(NotFound, match="只有一个版本"):
        service.table(single)


def test_counterparts_follow_the_table_both_ways(loaded_kb):
    law = audit_law(loaded_kb)
    old, new = loaded_kb.library.versions(law)
    forward = loaded_kb.correspondence.counterpart(law, old.id, (3, 0), new.id)
    assert forward.labels == "第四条" and forward.change == "amended"
    back = loaded_kb.correspondence.counterpart(law, new.id, (3, 1), old.id)
    assert back.articles == () and back.change == "added"
    timeline = loaded_kb.correspondence.timeline(law, old.id, (3, 0))
    assert timeline.current.labels == "第四条"
    assert loaded_kb.correspondence.timeline(law, new.id, (4, 0)).current is None


def test_references_to_an_older_form_are_listed_with_it(citing_kb):
    law = audit_law(citing_kb)
    new = citing_kb.library.versions(law)[-1]
    earlier = citing_kb.correspondence.earlier_citations(law, new.id, (4, 0), viewer=SYSTEM)
    assert [(e.counterpart.version.version_date.year, e.counterpart.labels) for e in earlier] == [(2006, "第三条")]
    assert [a.short_title for a in earlier[0].backlinks.articles] == ["样例审计法实施条例"]


def test_compare_sets_the_matched_articles_side_by_side(loaded_kb):
    law = audit_law(loaded_kb)
    old, new = loaded_kb.library.versions(law)
    comparison = loaded_kb.article_versions.compare(law, "4")
    assert [v.article_label for v in comparison.left] == ["第三条"]
    assert comparison.change == "amended" and comparison.renumbered
    from_old = loaded_kb.article_versions.compare(law, "3", old.id, new.id, at_id=old.id)
    assert [v.article_label for v in from_old.right] == ["第四条"]


def test_whole_text_keeps_headings_and_can_be_limited(loaded_kb):
    law = audit_law(loaded_kb)
    text = loaded_kb.reader.whole_text(law)
    assert [h.text for h in text.headings][:2] == ["第一章 总 则", "第一节 一般规定"]
    assert [a.article_label for a in text.articles] == ["第一条", "第二条", "第三条", "第三条之一",
                                                       "第四条", "第五条", "第六条"]
    picked = loaded_kb.reader.whole_text(law, articles=parse_selection(["4", "3-1"]))
    assert [b.article_label if hasattr(b, "article_label") else b.text for b in picked.blocks] == [
        "第一章 总 则", "第二节 审计人员", "第三条之一", "第二章 审计机关权限", "第四条"]
    assert picked.selected and not text.selected


def test_bad_selections(loaded_kb):
    assert parse_selection([]) is None
    with pytest.raises(InvalidInput):
        parse_selection(["三十四"])
    with pytest.raises(InvalidInput, match="最多"):
        parse_selection(["1"] * 2001)


def test_docx_has_title_dates_status_and_articles(loaded_kb):
    law = audit_law(loaded_kb)
    text = loaded_kb.reader.whole_text(law, articles={(4, 0)})
    document = docx.Document(io.BytesIO(statute_docx(text)))
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == "中华人民共和国样例审计法"
    assert lines[1].startswith("版本：2021-10-23 版") and "时效性：现行有效" in lines[1]
    assert lines[2] == "节选：第四条"
    assert "第四条　审计机关有权要求被审计单位提供下列资料：" in lines
    assert "1.电子数据；" in lines and "第一条" not in "".join(lines)


def test_accounting_law_2017_to_2024_on_the_corpus(corpus_kb):
    law = corpus_kb.library.find_statute("会计法").id
    table = corpus_kb.correspondence.table_on_dates(law, dt.date(2017, 11, 4), dt.date(2024, 6, 28))
    found = {(r.old.number if r.old else None, r.new.number if r.new else None): r.change
             for r in table.rows}
    assert found[(41, 39)] == "renumbered"
    assert found[(42, 40)] == "amended"
    assert found[(43, 41)] == found[(44, 41)] == "merged"
    assert found[(24, None)] == found[(25, None)] == "deleted"
    assert found[(None, 46)] == "added"
