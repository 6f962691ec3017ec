"""The 案例汇编 as a Word document: a cover, the contents (case, award, authors), then each
winning case on its own pages — award and authors, 摘要, the body (its ## sections as
headings) — followed by 附：引用条文, the text of every article it cites as in force on
the case's date.  Page numbers in the footer.  Styles and paragraphs as core.word makes
them (fast on long documents)."""
from __future__ import annotations

import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

from core.word import ParagraphStyle, add_page_number, add_styles, docx_bytes, paragraph_adder
from laws.numbering import format_numeral

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
STYLES = {style.name: style for style in (
    ParagraphStyle("汇编封面", HEADING_FONT, 26, bold=True, align="center", before=160),
    ParagraphStyle("汇编封面小字", BODY_FONT, 16, align="center", before=24),
    ParagraphStyle("汇编目录标题", HEADING_FONT, 18, bold=True, align="center"),
    ParagraphStyle("汇编目录", BODY_FONT, 12, align="justify", before=4),
    ParagraphStyle("汇编案例标题", HEADING_FONT, 16, bold=True, align="center", base="Heading 1"),
    ParagraphStyle("汇编案例信息", BODY_FONT, 11, align="center", before=4),
    ParagraphStyle("汇编小标题", HEADING_FONT, 13, bold=True, align="justify", before=10, base="Heading 2"),
    ParagraphStyle("汇编正文", BODY_FONT, 12, align="justify", indent=24),
    ParagraphStyle("汇编条文名", HEADING_FONT, 11, bold=True, align="justify", before=6),
    ParagraphStyle("汇编条文", BODY_FONT, 10.5, align="justify", indent=21))}
_INLINE = re.compile(r"\*\*|__|`")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.、])\s+")


def compilation_docx(compiled) -> bytes:
    document = Document()
    ids = add_styles(document, BODY_FONT, STYLES)
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_number(footer)
    add_paragraph = paragraph_adder(document.add_paragraph(""), ids)

    def add(text: str, style: str, page_break: bool = False):
        paragraph = add_paragraph(text, style)
        if page_break:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
        return paragraph

    _cover(add, compiled)
    _contents(add, compiled)
    for case in compiled.cases:
        _case(add, case, last=case is compiled.cases[-1])
    return docx_bytes(document)


def _cover(add, compiled) -> None:
    add(compiled.contest_title, "汇编封面")
    add("优秀案例汇编", "汇编封面")
    add(f"收录获奖案例 {len(compiled.cases)} 篇", "汇编封面小字")
    made = compiled.made_on
    add(f"{made.year}年{made.month}月", "汇编封面小字", page_break=True)


def _contents(add, compiled) -> None:
    add("目　录", "汇编目录标题")
    for case in compiled.cases:
        add(f"{format_numeral(case.number)}、{case.title}（{case.award}）　{case.authors}", "汇编目录")
    if compiled.cases:
        add("", "汇编目录", page_break=True)


def _case(add, case, *, last: bool) -> None:
    add(f"{format_numeral(case.number)}、{case.title}", "汇编案例标题")
    add(f"{case.award}　作者：{case.authors}" + (f"（{case.departments}）" if case.departments else ""),
        "汇编案例信息")
    when = f"　案例日期：{case.case_date.isoformat()}" if case.case_date else ""
    add(f"审计类型：{case.audit_type}{when}", "汇编案例信息")
    if case.summary:
        add("摘要：" + case.summary, "汇编正文")
    for style, text in markdown_blocks(case.body):
        add(text, style)
    if case.articles:
        add("附：引用条文", "汇编小标题")
        for article in case.articles:
            effective = f"（{article.effective.isoformat()} 起施行的版本）" if article.effective else ""
            add(f"《{article.law_title}》{article.label}{effective}", "汇编条文名")
            for line in article.text.splitlines():
                if line.strip():
                    add(line.strip(), "汇编条文")
    if not last:
        add("", "汇编正文", page_break=True)


def markdown_blocks(body: str) -> list[tuple[str, str]]:
    """The case body as (style, text) paragraphs: ## lines are headings, list items and
    paragraphs body text; Markdown's emphasis marks are dropped."""
    blocks, lines = [], []

    def flush():
        if lines:
            blocks.append(("汇编正文", "".join(lines)))
            lines.clear()

    for raw in (body or "").splitlines():
        line = _INLINE.sub("", raw).strip()
        if line.startswith("#"):
            flush()
            blocks.append(("汇编小标题", line.lstrip("#").strip()))
        elif not line:
            flush()
        elif _LIST.match(line):
            flush()
            blocks.append(("汇编正文", "· " + _LIST.sub("", line)))
        else:
            lines.append(line.lstrip("> "))
    flush()
    return blocks

