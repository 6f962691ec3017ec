"""The 案例汇编 as a Word document: a cover, the contents (case, award, authors), then each
winning case on its own pages — award and authors, 摘要, the body (its ## sections as
headings) — followed by 附：引用条文, the text of every article it cites as in force on
the case's date.  Page numbers in the footer.

As kb/docx_export.py does, paragraphs are inserted before a fixed last paragraph and given
their style by id: python-docx's add_paragraph and style-by-name search the whole
document on every call, which made long documents slow."""
from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from laws.numbering import format_numeral

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
# style name → (font, size, bold, centred, first-line indent, space before, base)
STYLES = {"汇编封面": (HEADING_FONT, 26, True, True, 0, 160, None),
          "汇编封面小字": (BODY_FONT, 16, False, True, 0, 24, None),
          "汇编目录标题": (HEADING_FONT, 18, True, True, 0, 0, None),
          "汇编目录": (BODY_FONT, 12, False, False, 0, 4, None),
          "汇编案例标题": (HEADING_FONT, 16, True, True, 0, 0, "Heading 1"),
          "汇编案例信息": (BODY_FONT, 11, False, True, 0, 4, None),
          "汇编小标题": (HEADING_FONT, 13, True, False, 0, 10, "Heading 2"),
          "汇编正文": (BODY_FONT, 12, False, False, 24, 0, None),
          "汇编条文名": (HEADING_FONT, 11, True, False, 0, 6, None),
          "汇编条文": (BODY_FONT, 10.5, False, False, 21, 0, None)}
_INLINE = re.compile(r"\*\*|__|`")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.、])\s+")


def compilation_docx(compiled) -> bytes:
    document = Document()
    ids = _add_styles(document)
    _page_numbers(document)
    end = document.add_paragraph("")

    def add(text: str, style: str, page_break: bool = False):
        paragraph = end.insert_paragraph_before(text)
        paragraph._p.style = ids[style]
        if page_break:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
        return paragraph

    _cover(add, compiled)
    _contents(add, compiled)
    for case in compiled.cases:
        _case(add, case, last=case is compiled.cases[-1])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


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


def _page_numbers(document) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _add_styles(document) -> dict[str, str]:
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    ids = {}
    for name, (font, size, bold, centred, indent, before, base) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles[base] if base else normal
        style.font.name = font
        style.font.size = Pt(size)
        style.font.bold = bold
        if base:
            style.font.color.rgb = RGBColor(0, 0, 0)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        style.paragraph_format.alignment = (WD_ALIGN_PARAGRAPH.CENTER if centred
                                            else WD_ALIGN_PARAGRAPH.JUSTIFY)
        style.paragraph_format.first_line_indent = Pt(indent) if indent else None
        style.paragraph_format.space_before = Pt(before)
        ids[name] = style.style_id
    return ids
