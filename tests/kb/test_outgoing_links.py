"""An article's text with its references linked, read from the stored references (the
context of the whole statute included), and plain text linked the same way."""
import re

from kb.citations.outgoing import link_lines
from kb.rendering import link_plain_text


def url(citation) -> str:
    return f"/a/{citation.statute_id}/{citation.article_no}"


def test_an_article_links_each_reference_in_its_lines(citing_kb):
    kb = citing_kb
    finance, audit_law = kb.library.find_statute("样例财政法").id, kb.library.find_statute("样例审计法").id
    linked = kb.outgoing.link_article(kb.library.get_article(finance, 4), url)
    (paragraph,) = linked.paragraphs
    # 审计法第四条 is an abbreviation declared in article 1: only the stored scan knows it.
    assert paragraph.html.count(f'href="/a/{audit_law}/4"') == 2
    assert f'href="/a/{audit_law}/3"' in paragraph.html
    assert [c.article_no for c in linked.citations] == [4, 3, 4]
    items = kb.outgoing.link_article(kb.library.get_article(finance, 3), url).paragraphs[0]
    assert re.search(rf'<a class="cite" href="/a/{finance}/2"[^>]*>本法第二条</a>', items.html)
    assert [i.html for i in items.items] == ["（一）无预算支出的；", "（二）虚假列支的。"]


def test_an_article_without_references_is_its_text_escaped(citing_kb):
    kb = citing_kb
    law = kb.library.find_statute("样例审计法").id
    linked = kb.outgoing.link_article(kb.library.get_article(law, 4), url)
    assert linked.citations == ()
    first = linked.paragraphs[0]
    assert first.html == "审计机关有权要求被审计单位提供下列资料："
    assert first.items[1].subitems == ("1.电子数据；", "2.有关文档。")


def test_a_library_never_linked_says_so(kb, statutes_path):
    from kb.importer import Importer
    Importer(kb.db).import_path(statutes_path)
    assert not kb.citations.is_library_linked()
    kb.citations.link_library()
    assert kb.citations.is_library_linked()


def test_plain_text_is_escaped_around_the_links(citing_kb):
    text = "<b>依据</b>《中华人民共和国样例审计法》第四条和《没有这部法》第一条"
    citations = citing_kb.linker.cite(text)
    html = link_plain_text(text, citations, url)
    assert html.startswith("&lt;b&gt;依据&lt;/b&gt;<a class=\"cite\"")
    assert '<span class="cite cite-unresolved"' in html and "《没有这部法》第一条</span>" in html


def test_lines_keep_their_own_references():
    assert link_lines("  甲\n\n乙  \n", [], None) == ["甲", "乙"]
