"""A statute, or some of its articles, as a Word document (.docx): title, version, dates
and status at the top, then headings and articles as the whole-text page shows them.
Styles and paragraphs as core.word makes them (民法典's 4,000 paragraphs in about a second).
"""
from __future__ import annotations

from docx import Document

from core.word import ParagraphStyle, add_styles, docx_bytes, paragraph_adder
from kb.library import ArticleView
from kb.reading import HeadingBlock, StatuteText

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
STYLES = {style.name: style for style in (
    ParagraphStyle("法规标题", HEADING_FONT, 18, bold=True, align="center"),
    ParagraphStyle("法规信息", BODY_FONT, 10.5, align="center"),
    ParagraphStyle("法规章节", HEADING_FONT, 14, bold=True, align="center"),
    ParagraphStyle("法规小节", HEADING_FONT, 12, bold=True, align="center"),
    ParagraphStyle("条文", BODY_FONT, 12, indent=24),
    ParagraphStyle("附注", BODY_FONT, 9))}


def version_lines(text: StatuteText) -> list[str]:
    """The header under the title: version, dates and status, and what was picked."""
    version = text.version
    lines = [f"版本：{version.label}　施行日期：{version.effective_date or '未记录'}"
             f"　时效性：{version.status}"]
    if text.selected:
        lines.append("节选：" + "、".join(a.article_label for a in text.articles))
    return lines


def statute_docx(text: StatuteText) -> bytes:
    document = Document()
    ids = add_styles(document, BODY_FONT, STYLES)
    end = document.add_paragraph("导出自审计法规库；法规文本以官方公布为准。")
    end._p.style = ids["附注"]
    add = paragraph_adder(end, ids)

    add(text.statute.title, "法规标题")
    for line in version_lines(text):
        add(line, "法规信息")
    for block in text.blocks:
        if isinstance(block, HeadingBlock):
            add(block.text, "法规章节" if block.depth <= 1 else "法规小节")
        else:
            _add_article(add, block)
    return docx_bytes(document)


def _add_article(add, view: ArticleView) -> None:
    for number, paragraph in enumerate(view.paragraphs):
        lines = paragraph.lines() or [""]
        if number == 0:
            first = add("", "条文")
            first.add_run(view.article_label + "　").bold = True
            first.add_run(lines[0])
        else:
            add(lines[0], "条文")
        for line in lines[1:]:
            add(line, "条文")

