"""The statute readers: Word, text PDF, saved web page and text files come back as the same
statute data the corpus parser gives, and every bad file gets a Chinese message."""
import codecs
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest

from laws.corpus import parse_file
from laws.model import ParsedDocument
from laws.parser import parse_document
from laws.readers import (DEFAULT_MAX_BYTES, ReadError, build_report, convert_statute,
                          read_statute, sniff_format)
from tests.support.statute_files import (write_docx, write_html, write_pdf, write_scanned_pdf,
                                         write_txt)

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "intake" / "样例市内部审计工作规定.md"
AUDIT_LAW = Path("经济法") / "审计法(2021-10-23).md"

WRITERS = {
    ".docx": write_docx,
    ".pdf": write_pdf,
    ".html": write_html,
    ".txt": write_txt,  # GBK, Windows line ends
}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shape(document: ParsedDocument):
    """Everything the structure consists of: headings, every article with its 款 and 项,
    and passages.  Heading spacing differs between sources (总 则, 总　　则) and is ignored."""
    headings = [(h.depth, squeeze(h.text)) for h in document.headings]
    articles = [(a.number, a.suffix, a.label, tuple(squeeze(h) for h in a.heading_path),
                 [(p.text, [(i.label, i.text, i.subitems) for i in p.items]) for p in a.paragraphs])
                for a in document.articles]
    passages = [(p.text, tuple(squeeze(h) for h in p.heading_path)) for p in document.passages]
    return headings, articles, passages


@pytest.fixture(scope="module")
def sample_markdown() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_parsed(sample_markdown) -> ParsedDocument:
    return parse_document(sample_markdown, SAMPLE.name, fallback_title=SAMPLE.stem, level="其他")


@pytest.mark.parametrize("extension", sorted(WRITERS))
def test_every_format_gives_the_parse_of_the_source_text(extension, sample_markdown, sample_parsed):
    data = WRITERS[extension](sample_markdown)
    document = read_statute(data, f"样例市内部审计工作规定{extension}")
    assert shape(document) == shape(sample_parsed)
    assert document.title == "样例市内部审计工作规定"
    assert [(e.date, e.kind) for e in document.events] == [
        (dt.date(2019, 3, 1), "通过"), (dt.date(2023, 6, 30), "修正")]
    assert document.version_date == dt.date(2023, 6, 30)
    assert document.warnings == []


@pytest.mark.parametrize("extension", sorted(WRITERS))
def test_the_corpus_audit_law_comes_back_article_for_article(extension, corpus_path):
    """The strongest check: the real 审计法 rendered as each format parses exactly as the
    corpus file does, every 条, 款 and 项 (the PDF spans several pages and hard-wraps)."""
    source = corpus_path / AUDIT_LAW
    expected, _ = parse_file(source)
    data = WRITERS[extension](source.read_text(encoding="utf-8"))
    document = read_statute(data, f"审计法{extension}")
    assert shape(document) == shape(expected)
    assert len(document.articles) == 60
    assert document.title == "中华人民共和国审计法"
    assert document.short_title == "审计法"
    assert document.version_date == dt.date(2021, 10, 23)
    assert document.level == "法律"


def test_word_history_is_split_into_events_and_the_contents_skipped(sample_markdown):
    source = convert_statute(write_docx(sample_markdown), "规定.docx")
    head, body = source.text.split("<!-- INFO END -->")
    assert head.split("\n")[0] == "# 样例市内部审计工作规定"
    assert [line for line in head.split("\n")[1:] if line] == [
        "2019年3月1日样例市人民政府第12次常务会议通过",
        "根据2023年6月30日样例市人民政府《关于修改〈样例市内部审计工作规定〉的决定》修正"]
    assert "目" not in body.split("\n", 3)[2] and body.count("## 第一章 总 则") == 1
    assert "### 第一节 审计准备和实施" in body


def test_pdf_running_header_and_page_numbers_are_removed(sample_markdown):
    for style in ("dash", "total"):
        data = write_pdf(sample_markdown, page_numbers=style)
        text = convert_statute(data, "规定.pdf").text
        assert "国家法律法规数据库" not in text
        assert not re.search(r"^- \d+ -$|第 \d+ 页", text, re.M)
        assert text.count("\n第") >= 36


def test_pdf_paragraph_running_over_a_page_break_is_one_paragraph():
    long_text = "审计机关对本级预算执行情况进行审计监督，" * 160 + "并向本级人民政府报告。"
    markdown = (f"# 长条文规定\n\n2020年1月1日 某机关发布\n\n<!-- INFO END -->\n\n"
                f"第一条 {long_text}\n\n第二条 本规定自发布之日起施行。\n")
    document = read_statute(write_pdf(markdown), "长条文规定.pdf")
    assert [[p.text for p in a.paragraphs] for a in document.articles] == [
        [long_text], ["本规定自发布之日起施行。"]]


def test_pdf_line_ending_a_sentence_at_the_margin_continues_its_paragraph():
    # 12pt on A4 between 72pt margins: the indented first line holds 35 characters, so the
    # first sentence ends exactly at the right margin and the paragraph goes on below it.
    first = "第一条　" + "甲" * 30 + "。"
    rest = "乙" * 20 + "。"
    others = "".join(f"第{n}条 本条是第{n}条的内容。\n\n" for n in "二三四五六七八九十")
    markdown = f"# 边界规定\n\n<!-- INFO END -->\n\n第一条 {first[4:]}{rest}\n\n{others}"
    document = read_statute(write_pdf(markdown), "边界规定.pdf")
    assert [p.text for p in document.articles[0].paragraphs] == ["甲" * 30 + "。" + rest]


def test_web_page_keeps_the_statute_and_drops_the_site(sample_markdown):
    data = write_html(sample_markdown)
    text = convert_statute(data, "规定.html").text
    for chrome in ("首页", "政务公开", "第九十九条", "京ICP备", "分享到", "相关链接", "当前位置", "_hmt"):
        assert chrome not in text
    assert text.startswith("# 样例市内部审计工作规定\n")


def test_web_page_in_gb2312_is_decoded_by_its_meta_charset(sample_markdown, sample_parsed):
    data = write_html(sample_markdown, charset="gb2312")
    assert shape(read_statute(data, "规定.htm")) == shape(sample_parsed)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_text_in_every_encoding_a_bureau_sends(encoding, sample_markdown, sample_parsed):
    data = write_txt(sample_markdown, encoding=encoding)
    assert shape(read_statute(data, "规定.txt")) == shape(sample_parsed)


def test_pasted_text_with_indents_full_width_spaces_and_no_title():
    pasted = ("\u3000\u3000第一条\u3000为了规范差旅费管理，制定本办法。\n\n\n"
              "\u3000\u3000第二条\u3000本办法适用于本单位工作人员。\r\n"
              "\u3000\u3000（一）国内出差；\r\n\u3000\u3000（二）出国出差。\r\n")
    document = read_statute(pasted.encode("utf-8"), "差旅费管理办法.txt")
    assert document.title == "差旅费管理办法"
    assert any("没有找到标题行" in w.message for w in document.warnings)
    second = document.articles[1]
    assert second.paragraphs[0].text == "本办法适用于本单位工作人员。"
    assert [i.text for i in second.paragraphs[0].items] == ["（一）国内出差；", "（二）出国出差。"]


def test_article_label_glued_to_its_text_counts_only_in_sequence():
    text = ("某某办法\n第一条为了规范管理，制定本办法。\n第二条本办法适用于本单位。\n"
            "第五条规定的情形除外。\n")
    document = read_statute(text.encode("utf-8"), "某某办法.txt")
    assert [a.label for a in document.articles] == ["第一条", "第二条"]
    assert [p.text for p in document.articles[1].paragraphs] == [
        "本办法适用于本单位。", "第五条规定的情形除外。"]


def test_report_lists_contents_counts_gaps_duplicates_and_unplaced_lines():
    text = ("样例报销办法\n（2022年5月1日样例局印发）\n本办法由样例局负责解释。\n"
            "第一章　总　　则\n第一条　为了规范报销，制定本办法。\n第二条　适用范围。\n"
            "第二条　重复的条号。\n第二章　附　　则\n第五条　本办法自印发之日起施行。\n")
    document = read_statute(text.encode("gb18030"), "样例报销办法.txt")
    report = build_report(document)
    assert report.title == "样例报销办法"
    assert [(e.depth, e.text, e.first_article, e.last_article) for e in report.contents] == [
        (1, "第一章 总 则", "第一条", "第二条"), (1, "第二章 附 则", "第五条", "第五条")]
    assert report.article_count == 4
    assert report.duplicates == ("第二条",)
    assert report.gaps == ("第三条至第四条",)
    assert report.unplaced == ("本办法由样例局负责解释。",)
    assert report.has_problems
    assert any("条号重复：第二条" in w for w in report.warnings)


def test_report_of_a_clean_statute(sample_parsed, sample_markdown):
    report = build_report(read_statute(write_docx(sample_markdown), "规定.docx"))
    assert not report.has_problems
    assert report.article_count == 36
    assert report.paragraph_count == sum(len(a.paragraphs) for a in sample_parsed.articles)
    assert report.item_count == 40
    assert report.contents[-1].text == "附件" and report.contents[-1].first_article is None
    chapter4 = next(e for e in report.contents if e.text.startswith("第四章"))
    assert (chapter4.first_article, chapter4.last_article) == ("第十五条", "第二十二条")


# Bad input: each refused with a Chinese message naming the file.

def refusal(data: bytes, filename: str, **options) -> str:
    with pytest.raises(ReadError) as caught:
        read_statute(data, filename, **options)
    assert filename in str(caught.value)
    return str(caught.value)


def test_pdf_renamed_docx_is_refused(sample_markdown):
    message = refusal(write_pdf(sample_markdown), "规定.docx")
    assert "文件内容不是 Word 文档" in message and "PDF" in message


def test_other_office_files_renamed_docx_are_refused():
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "不是 Word 文档" in refusal(workbook.getvalue(), "表格.docx")
    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert "另存为 .docx" in refusal(old_word, "旧文档.docx")
    assert "不是 Word 文档" in refusal("第一条 文本。".encode(), "文本.docx")


def test_damaged_docx_is_refused():
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")
    assert "已损坏" in refusal(damaged.getvalue(), "损坏.docx")


def test_word_document_renamed_pdf_is_refused(sample_markdown):
    assert "文件内容不是 PDF 文件" in refusal(write_docx(sample_markdown), "规定.pdf")


def test_truncated_pdf_is_refused(sample_markdown):
    data = write_pdf(sample_markdown)
    assert "不完整" in refusal(data[:len(data) // 2], "截断.pdf")


def test_damaged_pdf_is_refused(sample_markdown):
    data = write_pdf(sample_markdown)
    middle = len(data) // 2
    damaged = data[:200] + b"\x00garbage" * 50 + data[middle:]
    assert "已损坏" in refusal(damaged, "损坏.pdf")


def test_encrypted_pdf_is_refused(sample_markdown):
    message = refusal(write_pdf(sample_markdown, password="secret"), "加密.pdf")
    assert "已加密" in message and "密码" in message


def test_scanned_pdf_is_refused_without_ocr():
    message = refusal(write_scanned_pdf(), "扫描件.pdf")
    assert "没有文字层" in message and "扫描件" in message and "OCR" in message


def test_file_over_the_size_cap_is_refused():
    big = ("第一条 内容。\n" * 10).encode() + b" " * (30 * 1024 * 1024)
    message = refusal(big, "巨大.txt")
    assert "30.0 MB" in message and "20 MB" in message
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    assert "上限" in refusal(b"x" * 2048, "小上限.txt", max_bytes=1024)


def test_text_in_an_unknown_encoding_is_refused():
    big5 = ("內部審計工作規定\n第一條　為了規範內部審計工作，提高審計質量，制定本規定。\n"
            "第二條　本規定適用於本市國家機關、事業單位和國有企業。\n").encode("big5")
    message = refusal(big5, "繁体.txt")
    assert "无法识别" in message and "编码" in message and "UTF-8" in message
    assert "不是文本文件" in refusal(bytes(range(256)) * 40, "乱码.txt")


def test_text_without_articles_is_refused_unless_allowed():
    notice = ("关于开展2024年度内部审计工作检查的通知\n各处室、各直属单位：\n"
              "为进一步规范内部审计工作，经研究，决定开展年度检查。请于6月30日前报送自查报告。\n"
              "特此通知。\n样例市审计局\n2024年5月20日\n")
    message = refusal(notice.encode("utf-8"), "通知.txt")
    assert "没有找到条文" in message and "通知" in message
    document = read_statute(notice.encode("utf-8"), "通知.txt", allow_without_articles=True)
    assert document.title == "关于开展2024年度内部审计工作检查的通知"
    assert document.articles == [] and len(document.passages) == 5


def test_empty_and_unsupported_files_are_refused():
    assert "是空的" in refusal(b"  \n\r\n", "空白.txt")
    assert "不支持的文件类型" in refusal(b"PK\x03\x04", "表格.xlsx")
    assert "图片" in refusal(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "照片")


def test_format_follows_the_content_when_the_name_has_no_extension(sample_markdown):
    assert sniff_format(write_docx(sample_markdown), "下载文件") == "docx"
    assert sniff_format(write_pdf(sample_markdown), "下载文件") == "pdf"
    assert sniff_format(write_html(sample_markdown), "下载文件") == "html"
    assert sniff_format(codecs.BOM_UTF8 + "第一条 文本。".encode(), "粘贴") == "text"
    assert sniff_format("<p>第一条 文本。</p>".encode(), "网页.txt") == "text"


def test_corpus_markdown_is_read_as_it_is(sample_markdown, sample_parsed):
    document = read_statute(sample_markdown.encode("utf-8"), "样例市内部审计工作规定.md")
    assert shape(document) == shape(sample_parsed)


def test_title_wrapped_over_two_lines_and_lines_above_it():
    text = ("国家法律法规数据库\n全国人民代表大会常务委员会关于修改《中华人民共和国\n审计法》的决定\n"
            "（2021年10月23日第十三届全国人民代表大会常务委员会第三十一次会议通过）\n"
            "第一条　将第二条第一款修改为：“……”\n第二条　本决定自2022年1月1日起施行。\n")
    document = read_statute(text.encode("utf-8"), "决定.txt")
    assert document.title == "全国人民代表大会常务委员会关于修改《中华人民共和国审计法》的决定"
    assert document.version_date == dt.date(2021, 10, 23)
    assert any("标题之前的文字未导入：国家法律法规数据库" in w.message for w in document.warnings)
    trial = read_statute("样例内部审计办法\n（试行）\n第一条　内容。\n".encode(), "办法.txt")
    assert trial.title == "样例内部审计办法（试行）"


def test_contents_ends_at_the_first_line_that_is_no_entry():
    # The 目录 lists only later chapters; the body starts with articles before any heading.
    text = ("样例条例\n目　　录\n第二章　管理……3\n第三章　附　　则……5\n"
            "第一条　为了管理，制定本条例。\n第二章　管理\n第二条　管理的内容。\n"
            "第三章　附　　则\n第三条　本条例自公布之日起施行。\n")
    document = read_statute(text.encode(), "样例条例.txt")
    assert [a.label for a in document.articles] == ["第一条", "第二条", "第三条"]
    assert [h.text for h in document.headings] == ["第二章 管理", "第三章 附 则"]


def test_enumerated_section_titles_above_articles_are_headings():
    text = ("最高人民法院关于样例问题的规定\n一、当事人举证\n第一条　原告应当提供证据。\n"
            "第二条　被告应当提供答辩。\n二、其他\n第三条　本规定自公布之日起施行。\n")
    document = read_statute(text.encode(), "规定.txt")
    assert [h.text for h in document.headings] == ["一、当事人举证", "二、其他"]
    assert document.articles[2].heading_path == ("二、其他",)


def test_heading_with_a_stray_full_stop_is_still_a_heading():
    text = "样例法\n第五节　生活、卫生。\n第一条　罪犯的生活标准按实物量计算。\n"
    document = read_statute(text.encode(), "样例法.txt")
    assert [h.text for h in document.headings] == ["第五节 生活、卫生。"]


def test_pdf_without_first_line_indents(sample_markdown, sample_parsed):
    """Paragraphs set flush left: sentence ends and line starts decide alone."""
    document = read_statute(write_pdf(sample_markdown, indent=False), "规定.pdf")
    assert shape(document) == shape(sample_parsed)


def test_web_page_without_h1_takes_its_title_from_the_title_element():
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=gbk'>"
            "<title>样例审计办法_法规库_样例门户网站</title></head><body>"
            "<div id='navigation'><a>首页</a> | <a>机构</a></div><table><tr><td>"
            "<p>　　第一条　为了规范审计，制定本办法。</p><p>　　第二条　本办法自印发之日起施行。</p>"
            "</td><td class='side'>友情链接</td></tr></table></body></html>").encode("gbk")
    document = read_statute(page, "page.htm")
    assert document.title == "样例审计办法"
    assert [a.text for a in document.articles] == ["为了规范审计，制定本办法。", "本办法自印发之日起施行。"]


def test_truncated_docx_is_refused_as_damaged(sample_markdown):
    data = write_docx(sample_markdown)
    assert "已损坏或不完整" in refusal(data[:len(data) // 2], "截断.docx")
