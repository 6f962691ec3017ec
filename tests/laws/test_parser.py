"""The parser on the fixture statutes: every header, heading, article, paragraph and item shape."""
import datetime as dt

import pytest

from laws.corpus import load_documents, parse_file
from laws.model import Article, Heading, Passage
from laws.parser import paragraphs_from_text, parse_document, significant_chars


@pytest.fixture(scope="module")
def docs(statutes_path):
    loaded = list(load_documents(statutes_path))
    return {item.name: item.document for item in loaded}


def doc_named(docs, fragment):
    return next(d for name, d in docs.items() if fragment in name)


def article(doc, number, suffix=0) -> Article:
    return next(a for a in doc.articles if (a.number, a.suffix) == (number, suffix))


def test_title_short_title_level_branch(docs):
    law = doc_named(docs, "样例审计法(2021")
    assert law.title == "中华人民共和国样例审计法"
    assert law.short_title == "样例审计法"
    assert "中华人民共和国样例审计法" in law.aliases and "样例审计法" in law.aliases
    assert (law.level, law.branch) == ("法律", "经济法")
    assert law.version_date == dt.date(2021, 10, 23)
    assert law.effective_date == dt.date(2022, 1, 1)
    assert [e.kind for e in law.events] == ["通过", "修正", "修正", "施行"]


def test_levels_from_folders(docs):
    assert doc_named(docs, "实施条例").level == "行政法规"
    assert doc_named(docs, "司法解释").level == "司法解释"
    rule = doc_named(docs, "审计署")
    assert (rule.level, rule.authority) == ("部门规章", "审计署")
    local = doc_named(docs, "某省")
    assert (local.level, local.region) == ("地方性法规", "某省")


def test_headings_at_every_depth(docs):
    law = doc_named(docs, "样例审计法(2021")
    assert [(h.depth, h.text) for h in law.headings] == [
        (1, "第一章 总 则"), (2, "第一节 一般规定"), (2, "第二节 审计人员"), (1, "第二章 审计机关权限")]
    assert article(law, 3).heading_path == ("第一章 总 则", "第二节 审计人员")
    # A bare "##" carries no text and closes nothing the next article needs.
    assert article(law, 6).heading_path == ("第二章 审计机关权限",)


def test_articles_paragraphs_items_and_suffix(docs):
    law = doc_named(docs, "样例审计法(2021")
    assert [(a.number, a.suffix) for a in law.articles] == [
        (1, 0), (2, 0), (3, 0), (3, 1), (4, 0), (5, 0), (6, 0)]
    assert article(law, 3, 1).label == "第三条之一"
    assert len(article(law, 2).paragraphs) == 3
    fourth = article(law, 4)
    assert [p.text for p in fourth.paragraphs] == ["审计机关有权要求被审计单位提供下列资料：", "被审计单位不得拒绝、拖延、谎报。"]
    items = fourth.paragraphs[0].items
    assert [i.label for i in items] == ["（一）", "（二）"]
    assert items[1].subitems == ["1.电子数据；", "2.有关文档。"]
    # An article whose label stands alone on its line starts with items.
    fifth = article(law, 5)
    assert fifth.paragraphs[0].text == "" and len(fifth.paragraphs[0].items) == 2


def test_half_width_items_and_broken_label(docs):
    interp = doc_named(docs, "司法解释")
    assert [i.label for i in article(interp, 1).paragraphs[0].items] == ["(一)", "(二)"]
    third = article(interp, 3)
    assert third.label == "第三条" and third.text == "本解释自2021年1月1日起施行。"
    assert any("多余空格" in w.message and w.line == 13 for w in interp.warnings)


def test_paragraphs_rebuild_from_stored_text(docs):
    for doc in docs.values():
        for a in doc.articles:
            assert paragraphs_from_text(a.text) == a.paragraphs


def test_document_without_articles_keeps_numbered_passages(docs):
    amendment = doc_named(docs, "修正案")
    assert amendment.articles == []
    assert [(p.number, p.label) for p in amendment.passages] == [(1, ""), (2, "一、"), (3, "二、"), (4, "三、")]
    assert amendment.version_date == dt.date(1999, 12, 25)


def test_preamble_becomes_passages_and_numbering_faults_are_warned(docs):
    local = doc_named(docs, "某省")
    assert isinstance(local.units[0], Passage) and local.units[0].text == "目\u3000录"
    messages = [(w.line, w.message) for w in local.warnings]
    assert any(line == 21 and "条号重复：第二条" in m for line, m in messages)
    assert any("没有带日期" in m for _, m in messages)
    assert local.version_date is None


def test_code_parts_form_one_statute(docs):
    code = docs["民法典"]
    assert code.title == "中华人民共和国样例民法典"
    assert code.part_titles == ["总则", "物权编"]
    assert [a.number for a in code.articles] == [1, 2, 3, 4, 5, 6]
    assert [(h.depth, h.text) for h in code.headings if h.depth == 0] == [(0, "总则"), (0, "物权编")]
    assert article(code, 5).heading_path == ("物权编", "第一分编  通则", "第二章  物权的设立", "第一节  不动产登记")
    assert len(code.sources) == 2


def test_missing_marker_header_found_by_dates(docs):
    rule = doc_named(docs, "审计署")
    assert rule.version_date == dt.date(2018, 1, 1)
    assert rule.header_lines == ["２０１８年１月１日 审计署令第１１号公布"]
    assert [a.number for a in rule.articles] == [1, 2]


def test_nothing_of_the_body_is_dropped(statutes_path):
    for file in sorted(statutes_path.rglob("*.md")):
        if file.name == "README.md":
            continue
        doc, _ = parse_file(file)
        body = file.read_text(encoding="utf-8")
        stored = "".join(p for p in doc.part_titles) + "".join(doc.header_lines) + "".join(
            (u.label + u.text) if isinstance(u, Article) else u.text for u in doc.units
            if not (isinstance(u, Heading) and u.depth == 0))
        source = body.split("\n", 1)[1].replace("<!-- INFO END -->", "").replace("#", "")
        assert significant_chars(stored) == significant_chars(source), file.name


def test_no_title_uses_file_name():
    doc = parse_document("第一条 内容。\n", "x/无标题条例.md", fallback_title="无标题条例", level="其他")
    assert doc.title == "无标题条例"
    assert any("缺少标题行" in w.message for w in doc.warnings)
    assert [a.number for a in doc.articles] == [1]


def test_out_of_order_articles_are_warned():
    doc = parse_document("# 乱序条例\n\n<!-- INFO END -->\n\n第二条 乙。\n\n第一条 甲。\n",
                         "x.md", fallback_title="x", level="其他")
    assert [a.number for a in doc.articles] == [2, 1]
    assert any("顺序颠倒" in w.message and w.line == 7 for w in doc.warnings)
