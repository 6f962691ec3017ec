"""Statute files as a bureau receives them, written from corpus-format Markdown: an flk-style
Word document (title, history in parentheses, 目录, 第一章　总　　则, 第一条　…), a text PDF
with a running header, page numbers and hard-wrapped paragraphs, a saved government web page
with navigation, scripts and a footer, and a GBK text file.

Tests and bench/intake_bench.py generate them at run time (no binaries in the repository);
reportlab writes the PDF with its built-in CID font STSong-Light (nothing to download).
"""
from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

_HEADING = re.compile(r"^(#{2,6})\s+(.*)$")
_ARTICLE = re.compile(r"^(第\S+?条(?:之\S+?)?)\s+(.*)$")
_HISTORY_DATE = re.compile(r"^\d{4}年")


@dataclass
class Statute:
    """A corpus document split into what the writers lay out."""
    title: str
    history: list[str]
    body: list[tuple[str, str]] = field(default_factory=list)  # (kind, text): heading/article/line


def split_markdown(text: str) -> Statute:
    lines = text.split("\n")
    title = lines[0].lstrip("# ").strip()
    head, _, body = "\n".join(lines[1:]).partition("<!-- INFO END -->")
    statute = Statute(title, [line.strip() for line in head.split("\n")
                              if line.strip() and not line.startswith("#")])
    for line in body.split("\n"):
        line = line.strip()
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading:
            statute.body.append(("heading", heading.group(2).strip()))
        elif _ARTICLE.match(line):
            statute.body.append(("article", line))
        else:
            statute.body.append(("line", line))
    return statute


def first_articles(markdown: str, count: int) -> str:
    """The document cut before its article number `count` + 1 (for a statute of a given size)."""
    kept, seen = [], 0
    for line in markdown.split("\n"):
        if _ARTICLE.match(line.strip()) and "<!-- INFO END -->" in "\n".join(kept):
            seen += 1
            if seen > count:
                break
        kept.append(line)
    return "\n".join(kept) + "\n"


def flk_heading(text: str) -> str:
    """第一章 总 则 → 第一章　总　　则 (Word's full-width spacing)."""
    label, _, rest = text.partition(" ")
    if not rest:
        return label
    rest = rest.replace(" ", "")
    if len(rest) == 2:
        rest = rest[0] + "\u3000\u3000" + rest[1]
    return f"{label}\u3000{rest}"


def flk_article(line: str) -> str:
    match = _ARTICLE.match(line)
    return f"{match.group(1)}\u3000{match.group(2)}"


def flk_history(history: list[str]) -> str:
    """The history as one parenthesised block, later events introduced by 根据."""
    parts = []
    for i, line in enumerate(history):
        line = line.replace(" ", "")
        parts.append(line if i == 0 or not _HISTORY_DATE.match(line) else "根据" + line)
    return "（" + "\u3000".join(parts) + "）" if parts else ""


def flk_lines(statute: Statute, *, toc: bool = True) -> list[str]:
    """The document as the plain lines of the flk layout (title, history, 目录, body)."""
    lines = [statute.title]
    if statute.history:
        lines.append(flk_history(statute.history))
    headings = [text for kind, text in statute.body if kind == "heading"]
    if toc and headings:
        lines.append("目\u3000\u3000录")
        lines.extend(flk_heading(text) for text in headings)
    for kind, text in statute.body:
        lines.append({"heading": flk_heading, "article": flk_article}.get(kind, str)(text))
    return lines


def write_docx(markdown: str, *, toc: bool = True) -> bytes:
    """An flk-style .docx: centered title, history and headings, indented paragraphs."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    statute = split_markdown(markdown)
    document = docx.Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(statute.title).bold = True
    if statute.history:
        document.add_paragraph(flk_history(statute.history)).alignment = WD_ALIGN_PARAGRAPH.CENTER
    headings = [text for kind, text in statute.body if kind == "heading"]
    if toc and headings:
        document.add_paragraph("目\u3000\u3000录").alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text in headings:
            document.add_paragraph(flk_heading(text))
    for kind, text in statute.body:
        if kind == "heading":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(flk_heading(text)).bold = True
        elif kind == "article":
            label, body = flk_article(text).split("\u3000", 1)
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(24)
            paragraph.add_run(label).bold = True
            paragraph.add_run("\u3000" + body)
        else:
            document.add_paragraph(text).paragraph_format.first_line_indent = Pt(24)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_FONT = "STSong-Light"


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))


def _wrap(text: str, width: float, size: float, indent: float) -> list[str]:
    """Break a paragraph into lines no wider than `width` (the first one indented)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    lines, current, room = [], "", width - indent
    for char in text:
        if current and stringWidth(current + char, _FONT, size) > room:
            lines.append(current)
            current, room = "", width
        current += char
    if current:
        lines.append(current)
    return lines


def _pdf_layout(statute: Statute, size: float, width: float,
                indent: bool) -> list[tuple[str, float, float, bool]]:
    """Every printed line as (text, font size, x offset from the left margin, centered)."""
    out = [(statute.title, size + 6, 0, True), ("", size, 0, False)]
    if statute.history:
        for line in _wrap(flk_history(statute.history), width - 4 * size, size, 0):
            out.append((line, size, 0, True))
        out.append(("", size, 0, False))
    for kind, text in statute.body:
        if kind == "heading":
            blank = ("", size, 0, False)
            out.extend([blank, (flk_heading(text), size, 0, True), blank])
            continue
        text = flk_article(text) if kind == "article" else text
        first = 2 * size if indent else 0
        for i, line in enumerate(_wrap(text, width, size, first)):
            out.append((line, size, first if i == 0 else 0, False))
    return out


def write_pdf(markdown: str, *, size: float = 12, running_header: bool = True,
              page_numbers: str = "dash", password: str | None = None,
              max_pages: int | None = None, indent: bool = True) -> bytes:
    """A text PDF on A4: running header with a rule, page numbers ("- 3 -" with "dash",
    "第 3 页 共 10 页" with "total"), paragraphs hard-wrapped with a first-line indent;
    encrypted with a user password when one is given; cut after `max_pages` pages;
    `indent=False` sets paragraphs flush left, as some producers do."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    _register_font()
    page_width, page_height = A4
    left, right, top, bottom = 72, 72, 80, 72
    width = page_width - left - right
    statute = split_markdown(markdown)
    layout = _pdf_layout(statute, size, width, indent)
    leading = size * 1.6
    per_page = int((page_height - top - bottom) // leading)
    pages = [layout[i:i + per_page] for i in range(0, len(layout), per_page)][:max_pages]
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, encrypt=password)
    for number, page in enumerate(pages, 1):
        if running_header:
            pdf.setFont(_FONT, 9)
            pdf.drawString(left, page_height - 40, f"{statute.title}\u3000国家法律法规数据库")
            pdf.line(left, page_height - 46, page_width - right, page_height - 46)
        pdf.setFont(_FONT, 9)
        footer = f"- {number} -" if page_numbers == "dash" else f"第 {number} 页 共 {len(pages)} 页"
        pdf.drawCentredString(page_width / 2, 40, footer)
        y = page_height - top
        for text, font_size, offset, centered in page:
            if text:
                pdf.setFont(_FONT, font_size)
                if centered:
                    pdf.drawCentredString(page_width / 2, y, text)
                else:
                    pdf.drawString(left + offset, y, text)
            y -= leading
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def write_scanned_pdf(pages: int = 2) -> bytes:
    """A PDF of page images only, as a scanner makes it: no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        image = Image.new("L", (420, 594), 255)
        draw = ImageDraw.Draw(image)
        for y in range(60, 560, 18):  # grey bars where the scanned lines of text would be
            draw.rectangle((40, y, 380, y + 8), fill=90)
        pdf.drawImage(ImageReader(image), 0, 0, *A4)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def write_html(markdown: str, *, charset: str = "utf-8") -> bytes:
    """A page saved from a government site: head with scripts and styles, a navigation
    menu, a breadcrumb, the statute in a content block of <p>s, a sidebar, a footer."""
    statute = split_markdown(markdown)
    e = html.escape
    paragraphs = [f'<p style="text-align:center"><strong>{e(flk_heading(text))}</strong></p>'
                  if kind == "heading" else
                  f"<p>&nbsp;&nbsp;{e(flk_article(text) if kind == 'article' else text)}</p>"
                  for kind, text in statute.body]
    history = e(flk_history(statute.history))
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}">
<title>{e(statute.title)}_法律法规_某某部门门户网站</title>
<style>body {{ font-family: serif; }} .nav li {{ display: inline; }}</style>
<script>var _hmt = _hmt || []; document.write("<p>第九十九条 脚本里的条文不是条文</p>");</script>
</head><body>
<div class="header"><img src="logo.png" alt="门户网站"><span>无障碍浏览</span></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li>
<li><a href="/fg">法律法规</a></li><li><a href="/hd">互动交流</a></li></ul>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/fg">法律法规</a></div>
<div class="main"><div class="article">
<h1>{e(statute.title)}</h1>
<div class="info">发布时间：2021-10-25&nbsp;&nbsp;来源：某某部门&nbsp;&nbsp;【字体：大 中 小】</div>
<div id="content" class="TRS_Editor">
<p style="text-align:center">{history}</p>
{chr(10).join(paragraphs)}
</div>
<div class="share">分享到：微信 微博 &nbsp; 【打印本页】【关闭窗口】</div>
</div>
<div class="sidebar"><h3>相关链接</h3>
<ul><li><a href="#">审计署</a></li><li><a href="#">财政部</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：某某部门&nbsp;&nbsp;地址：北京市某某路1号</p>
<p>网站标识码：bm00000001&nbsp;&nbsp;京ICP备00000000号</p></div>
<script src="/js/stat.js"></script>
</body></html>
"""
    return page.encode(charset)


def write_txt(markdown: str, *, encoding: str = "gbk", toc: bool = False) -> bytes:
    """A text file in the flk layout, one paragraph per line, in `encoding` (Windows line ends)."""
    lines = flk_lines(split_markdown(markdown), toc=toc)
    lines = [re.sub("[\u200b-\u200d\u2060\ufeff]", "", line) for line in lines]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def add_statute(kb, folder: Path, name: str = "样例新规定") -> None:
    """Import a one-article rule written into `folder`, as a later import would."""
    from kb.importer import Importer
    rules = folder / "部门规章"
    rules.mkdir(parents=True, exist_ok=True)
    (rules / f"{name}(2023-01-01).md").write_text(
        f"# {name}\n\n2023年1月1日 发布\n\n<!-- INFO END -->\n\n第一条 本规定自发布之日起施行。\n",
        encoding="utf-8")
    Importer(kb.db).import_path(folder)
