"""A pack as a PDF for printing: A4, the Chinese fonts embedded as TrueType subsets
(fonts.py), each part on new pages, page numbers in the footer.  The text comes from
`layout.pack_blocks`, as the .docx's does.  ReportLab lays the pages out; its CJK word
wrap breaks lines between any two Chinese characters and keeps 。，、 off a line's start."""
from __future__ import annotations

import io
import threading
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from quizzes.law_pack import layout
from quizzes.law_pack.fonts import HEI, SONG, FontFile, check_fonts
from quizzes.law_pack.values import PackDocument

SONG_NAME, HEI_NAME = "LawPackSong", "LawPackHei"
GREY = HexColor("#555555")
_registered: dict[str, str] = {}
_lock = threading.Lock()


def _styles() -> dict[str, ParagraphStyle]:
    def style(name, font, size, leading, **extra):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading,
                              wordWrap="CJK", **extra)
    return {
        layout.SUBTITLE: style("subtitle", HEI_NAME, 14, 20, alignment=TA_CENTER, spaceBefore=120),
        layout.TITLE: style("title", HEI_NAME, 22, 32, alignment=TA_CENTER, spaceBefore=24,
                            spaceAfter=30),
        layout.META: style("meta", SONG_NAME, 14, 24, alignment=TA_CENTER),
        layout.SECTION: style("section", HEI_NAME, 16, 24, alignment=TA_CENTER, spaceAfter=10),
        layout.HEADING: style("heading", HEI_NAME, 13, 19, spaceBefore=12, spaceAfter=2,
                              keepWithNext=1),
        layout.SOURCE: style("source", SONG_NAME, 9.5, 14, textColor=GREY, spaceAfter=3),
        layout.NOTICE: style("notice", SONG_NAME, 9.5, 14, textColor=GREY),
        layout.BODY: style("body", SONG_NAME, 12, 20, firstLineIndent=24, spaceAfter=3),
        layout.LABEL: style("label", HEI_NAME, 12, 19, spaceBefore=8, spaceAfter=2,
                            keepWithNext=1),
        layout.ITEM: style("item", SONG_NAME, 12, 19, leftIndent=12, spaceAfter=2),
        layout.OPTION: style("option", SONG_NAME, 12, 19, leftIndent=24),
        layout.NOTE: style("note", SONG_NAME, 10, 16, textColor=GREY, spaceBefore=10),
    }


class PdfWriter:
    """Writes packs as PDF.  Takes the font files (tests pass missing ones)."""

    def __init__(self, song: FontFile = SONG, hei: FontFile = HEI):
        self.fonts = (song, hei)

    def write(self, document: PackDocument) -> bytes:
        self._register()
        styles = _styles()
        story = []
        for block in layout.pack_blocks(document):
            if block.kind == layout.PAGE_BREAK:
                story.append(PageBreak())
            else:
                text = escape(block.text).replace("\n", "<br/>")
                story.append(Paragraph(text, styles[block.kind]))
        story += [Spacer(1, 12), Paragraph(escape(layout.DISCLAIMER), styles[layout.NOTE])]
        out = io.BytesIO()
        pdf = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                                topMargin=25 * mm, bottomMargin=25 * mm, title=document.title,
                                author="审计法规库", subject=document.subtitle)
        footer = _footer(document.title)
        pdf.build(story, onFirstPage=footer, onLaterPages=footer)
        return out.getvalue()

    def _register(self) -> None:
        """Registers the fonts with ReportLab once per process (its registry is global)."""
        check_fonts(self.fonts)
        with _lock:
            for name, font in zip((SONG_NAME, HEI_NAME), self.fonts):
                if _registered.get(name) != str(font.path):
                    pdfmetrics.registerFont(TTFont(name, str(font.path), subfontIndex=0))
                    _registered[name] = str(font.path)


def _footer(title: str):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(SONG_NAME, 9)
        canvas.setFillColor(GREY)
        canvas.drawCentredString(A4[0] / 2, 14 * mm, f"{title}　第 {doc.page} 页")
        canvas.restoreState()
    return draw
