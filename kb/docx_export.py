"""A statute, or some of its articles, as a Word document (.docx): title, version, dates
and status at the top, then headings and articles as the whole-text page shows them."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from kb.library import ArticleView
from kb.reading import HeadingBlock, StatuteText

BODY_FONT = "宋体"
HEADING_FONT = "黑体"


def version_lines(text: StatuteText) -> list[str]:
    """The header under the title: version, dates and status, and what was picked."""
    version = text.outline.version
    lines = [f"版本：{version.label}　施行日期：{version.effective_date or '未记录'}"
             f"　时效性：{version.status}"]
    if text.selected:
        lines.append("节选：" + "、".join(a.article_label for a in text.articles))
    return lines


def statute_docx(text: StatuteText) -> bytes:
    document = Document()
    _set_font(document.styles["Normal"], BODY_FONT, 12)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_run(title.add_run(text.outline.statute.title), HEADING_FONT, 18, bold=True)
    for line in version_lines(text):
        meta = document.add_paragraph()
        meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_run(meta.add_run(line), BODY_FONT, 10.5)
    for block in text.blocks:
        if isinstance(block, HeadingBlock):
            heading = document.add_paragraph()
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_run(heading.add_run(block.text), HEADING_FONT, 14 if block.depth <= 1 else 12,
                     bold=True)
        else:
            _add_article(document, block)
    note = document.add_paragraph()
    _set_run(note.add_run("导出自审计法规库；法规文本以官方公布为准。"), BODY_FONT, 9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_article(document, view: ArticleView) -> None:
    for number, paragraph in enumerate(view.paragraphs):
        lines = paragraph.lines()
        first = document.add_paragraph()
        first.paragraph_format.first_line_indent = Pt(24)
        if number == 0:
            first.add_run(view.article_label + "　").bold = True
        first.add_run(lines[0] if lines else "")
        for line in lines[1:]:
            item = document.add_paragraph(line)
            item.paragraph_format.first_line_indent = Pt(24)


def _set_font(style, name: str, size: float) -> None:
    style.font.name = name
    style.font.size = Pt(size)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _set_run(run, name: str, size: float, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
