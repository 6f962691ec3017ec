"""A pack as a Word document (.docx) for printing: A4, 宋体 body and 黑体 headings, each
part on new pages, page numbers in the footer.  The text comes from `layout.pack_blocks`;
as in kb.docx_export, styles are set by id and paragraphs inserted before a fixed last
paragraph (python-docx's `add_paragraph` scans the body on every call)."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from quizzes.law_pack import layout
from quizzes.law_pack.values import PackDocument

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
# kind → (style name, font, size, bold, centred, first-line indent in points, space before)
STYLES = {
    layout.TITLE: ("资料标题", HEADING_FONT, 22, True, True, 0, 36),
    layout.SUBTITLE: ("资料副题", HEADING_FONT, 14, False, True, 0, 120),
    layout.META: ("资料信息", BODY_FONT, 14, False, True, 0, 6),
    layout.SECTION: ("资料部分", HEADING_FONT, 16, True, True, 0, 0),
    layout.HEADING: ("资料小标题", HEADING_FONT, 13, True, False, 0, 12),
    layout.SOURCE: ("资料出处", BODY_FONT, 9.5, False, False, 0, 0),
    layout.NOTICE: ("资料提示", BODY_FONT, 9.5, False, False, 0, 0),
    layout.BODY: ("资料正文", BODY_FONT, 12, False, False, 24, 3),
    layout.LABEL: ("资料要点", HEADING_FONT, 12, False, False, 0, 8),
    layout.ITEM: ("资料条目", BODY_FONT, 12, False, False, 0, 3),
    layout.OPTION: ("资料选项", BODY_FONT, 12, False, False, 24, 0),
    layout.NOTE: ("资料附注", BODY_FONT, 10, False, False, 0, 12),
}
GREY = RGBColor(0x55, 0x55, 0x55)


def pack_docx(document: PackDocument) -> bytes:
    word = Document()
    _page_setup(word, document.title)
    ids = _add_styles(word)
    end = word.add_paragraph(layout.DISCLAIMER)
    end._p.style = ids[layout.NOTE]
    pending_break = False
    for block in layout.pack_blocks(document):
        if block.kind == layout.PAGE_BREAK:
            pending_break = True
            continue
        paragraph = end.insert_paragraph_before(block.text)
        paragraph._p.style = ids[block.kind]
        if pending_break:
            paragraph.paragraph_format.page_break_before = True
            pending_break = False
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _page_setup(word, title: str) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(25)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{title}　第 ")
    _page_field(footer)
    footer.add_run(" 页")


def _page_field(paragraph) -> None:
    """A PAGE field: Word fills in the number of the page it is printed on."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text.strip() == "PAGE" else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _add_styles(word) -> dict[str, str]:
    normal = word.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    ids = {}
    for kind, (name, font, size, bold, centred, indent, before) in STYLES.items():
        style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.name, style.font.size, style.font.bold = font, Pt(size), bold
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(2), 1.25
        if centred:
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if indent:
            fmt.first_line_indent = Pt(indent)
        if kind in (layout.SOURCE, layout.NOTICE, layout.NOTE):
            style.font.color.rgb = GREY
        if kind in (layout.HEADING, layout.LABEL):
            fmt.keep_with_next = True
        ids[kind] = style.style_id
    return ids
