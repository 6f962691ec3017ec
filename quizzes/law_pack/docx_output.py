"""A pack as a Word document (.docx) for printing: A4, 宋体 body and 黑体 headings, each
part on new pages, page numbers in the footer.  The text comes from `layout.pack_blocks`;
styles and paragraphs as core.word makes them (fast on long documents)."""
from __future__ import annotations

from functools import partial

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from core.word import ParagraphStyle, add_page_number, add_styles, docx_bytes, paragraph_adder
from quizzes.law_pack import layout
from quizzes.law_pack.values import PackDocument

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
GREY = (0x55, 0x55, 0x55)
# Every style 2 pt after, lines at 1.25; notes in grey, headings kept with what follows.
_style = partial(ParagraphStyle, after=2, line_spacing=1.25)
STYLES = {
    layout.TITLE: _style("资料标题", HEADING_FONT, 22, bold=True, align="center", before=36),
    layout.SUBTITLE: _style("资料副题", HEADING_FONT, 14, align="center", before=120),
    layout.META: _style("资料信息", BODY_FONT, 14, align="center", before=6),
    layout.SECTION: _style("资料部分", HEADING_FONT, 16, bold=True, align="center"),
    layout.HEADING: _style("资料小标题", HEADING_FONT, 13, bold=True, before=12, keep_with_next=True),
    layout.SOURCE: _style("资料出处", BODY_FONT, 9.5, colour=GREY),
    layout.NOTICE: _style("资料提示", BODY_FONT, 9.5, colour=GREY),
    layout.BODY: _style("资料正文", BODY_FONT, 12, indent=24, before=3),
    layout.LABEL: _style("资料要点", HEADING_FONT, 12, before=8, keep_with_next=True),
    layout.ITEM: _style("资料条目", BODY_FONT, 12, before=3),
    layout.OPTION: _style("资料选项", BODY_FONT, 12, indent=24),
    layout.NOTE: _style("资料附注", BODY_FONT, 10, before=12, colour=GREY),
}


def pack_docx(document: PackDocument) -> bytes:
    word = Document()
    _page_setup(word, document.title)
    ids = add_styles(word, BODY_FONT, STYLES)
    end = word.add_paragraph(layout.DISCLAIMER)
    end._p.style = ids[layout.NOTE]
    add = paragraph_adder(end, ids)
    pending_break = False
    for block in layout.pack_blocks(document):
        if block.kind == layout.PAGE_BREAK:
            pending_break = True
            continue
        paragraph = add(block.text, block.kind)
        if pending_break:
            paragraph.paragraph_format.page_break_before = True
            pending_break = False
    return docx_bytes(word)


def _page_setup(word, title: str) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(25)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{title}　第 ")
    add_page_number(footer)
    footer.add_run(" 页")

