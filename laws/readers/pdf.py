"""PDF files with a text layer (国家法律法规数据库's PDF downloads, a ministry's notice).

pdfminer.six interprets the pages; a small device records where each shown string starts
and ends, and lines are built here by baseline, which skips pdfminer's general layout
analysis (several times slower, and built for multi-column pages a statute does not
have).  Then:

- running headers and footers go: a line in the top or bottom eighth of the page repeated at
  the same height on at least a third of the pages (digits ignored, so 第3页 and 第4页
  match; a third, so that headers alternating between odd and even pages go too), and
  page numbers (- 3 -, 第 3 页 共 10 页);
- lines are re-joined into paragraphs, across page breaks too.  A line continues the one
  before it when it starts at the left margin (not indented, not centered) and the line
  before it is not a heading and either does not end a sentence or ran to the right margin
  in a document that marks paragraphs by indenting their first line.

A PDF without any text (a scan) is refused: there is no OCR here.
"""
from __future__ import annotations

import io
import re
import statistics
import struct
import zlib
from collections import Counter
from dataclasses import dataclass

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException
from pdfminer.utils import mult_matrix

from laws.readers.error import ReadError
from laws.readers.layout import is_appendix_heading, is_heading, is_toc, starts_unit

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－·\s]*\d+[-—–－·\s]*|第\s*\d+\s*页(?:\s*[，,/／]?\s*共\s*\d+\s*页)?|\d+\s*[/／]\s*\d+"
    r"|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$")
_SENTENCE_END = tuple("。；：！？…") + ("。”", "。）", "；”", "：”")
# Running headers and footers sit in the top and bottom eighth of a page.
_MARGIN_BAND = 0.125


@dataclass
class _Line:
    x0: float
    x1: float
    y: float
    size: float
    text: str


class _RunCollector(PDFTextDevice):
    """Records each shown string as a run (x, baseline, width, size, text) in page space.

    It replaces pdfminer's per-glyph rendering (a matrix and an object per character):
    a line needs only where its runs start and end."""

    def __init__(self, resources: PDFResourceManager):
        super().__init__(resources)
        self.runs: list[tuple[float, float, float, float, str]] = []
        self.unmapped = 0
        self.images = 0
        self._widths: dict[tuple[int, int], float] = {}
        self._texts: dict[tuple[int, int], str | None] = {}

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        a, b, c, d, e, f = mult_matrix(textstate.matrix, self.ctm)
        font, fontsize = textstate.font, textstate.fontsize
        scaling = textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        wordspace = 0 if font.is_multibyte() else textstate.wordspace * scaling
        x, y = textstate.linematrix
        y += textstate.rise
        size = abs(fontsize * d) or 1.0
        spaced = False  # as pdfminer: a character space goes between characters only
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * 0.001 * fontsize * scaling
                spaced = True
            elif isinstance(obj, bytes):
                start, text = x, []
                for cid in font.decode(obj):
                    if spaced:
                        x += charspace
                    if (char := self._text(font, cid)) is None:
                        self.unmapped += 1
                    else:
                        text.append(char)
                    x += self._width(font, cid) * fontsize * scaling
                    if cid == 32:
                        x += wordspace
                    spaced = True
                if text:
                    self.runs.append((a * start + c * y + e, b * start + d * y + f,
                                      (x - start) * a, size, "".join(text)))
        textstate.linematrix = (x, textstate.linematrix[1])

    def render_image(self, name, stream) -> None:
        self.images += 1

    def _width(self, font, cid: int) -> float:
        key = (id(font), cid)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = font.char_width(cid)
        return width

    def _text(self, font, cid: int) -> str | None:
        key = (id(font), cid)
        if key not in self._texts:
            try:
                self._texts[key] = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                self._texts[key] = None
        return self._texts[key]


def read_pdf_lines(data: bytes, name: str) -> list[str]:
    """The paragraphs of a text PDF, one per line, headers, footers and page numbers removed."""
    if b"%%EOF" not in data[-2048:]:
        raise ReadError(f"PDF 文件“{name}”不完整（文件结尾缺失），可能下载中断或被截断，请重新下载后再导入。")
    pages, device = _page_lines(data, name)
    glyphs = sum(len(line.text) for page in pages for line in page)
    if not glyphs and device.images:
        raise ReadError(f"PDF 文件“{name}”没有文字层，看起来是扫描件或图片。本系统不做文字识别（OCR），"
                        "请改用国家法律法规数据库的 Word 版本或可复制文字的 PDF。")
    if not glyphs and not device.unmapped:
        raise ReadError(f"PDF 文件“{name}”中没有任何文字：页面是空白的，或文件已损坏。请重新下载后再导入。")
    if device.unmapped > glyphs:
        raise ReadError(f"PDF 文件“{name}”中的文字无法提取（字体缺少字符映射），"
                        "请改用 Word 版本，或在 PDF 阅读器中另存为文本后导入。")
    lines = _drop_running_lines(pages)
    return _join_paragraphs(lines)


def _page_lines(data: bytes, name: str) -> tuple[list[list[_Line]], _RunCollector]:
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        resources = PDFResourceManager(caching=True)
        device = _RunCollector(resources)
        interpreter = PDFPageInterpreter(resources, device)
        pages = []
        for page in PDFPage.create_pages(document):
            device.runs = []
            interpreter.process_page(page)
            height = page.mediabox[3] - page.mediabox[1]
            pages.append(_group_lines(device.runs, height))
    except PDFPasswordIncorrect as error:
        raise ReadError(f"PDF 文件“{name}”已加密，需要密码才能打开。请先在 PDF 阅读器中解除密码，"
                        "或改用 Word 版本。") from error
    except PDFEncryptionError as error:
        raise ReadError(f"PDF 文件“{name}”使用了无法识别的加密方式，请解除加密后再导入。") from error
    except (PSException, ValueError, KeyError, TypeError, IndexError, AttributeError,
            AssertionError, zlib.error, struct.error, RecursionError) as error:
        # pdfminer meets a damaged file with whatever error its parsing hits first.
        raise ReadError(f"PDF 文件“{name}”已损坏，无法读取（{type(error).__name__}），"
                        "请重新下载后再导入。") from error
    return pages, device


def _group_lines(runs, height: float) -> list[_Line]:
    """Runs on one baseline (within a third of their size) form a line, top to bottom.

    Each line keeps its height as a fraction of the page (`y`), so running lines of pages
    of any size compare."""
    lines: list[_Line] = []
    current: list = []
    for run in sorted(runs, key=lambda r: (-round(r[1], 1), r[0])):
        if current and abs(run[1] - current[0][1]) > current[0][3] / 3:
            lines.append(_make_line(current, height))
            current = []
        current.append(run)
    if current:
        lines.append(_make_line(current, height))
    return [line for line in lines if line.text]


def _make_line(runs, height: float) -> _Line:
    runs.sort(key=lambda r: r[0])
    parts, end = [], None
    for x, _y, width, size, text in runs:
        if end is not None and x - end > size * 0.8:
            parts.append(" ")  # a visible gap (a header's left and right parts)
        parts.append(text)
        end = x + width
    size = statistics.median(r[3] for r in runs)
    return _Line(runs[0][0], end, runs[0][1] / height if height else 0.0, size,
                 "".join(parts).strip(" \u3000"))


def _running_key(line: _Line) -> tuple[int, str]:
    return round(line.y * 200), re.sub(r"\d+", "#", line.text)


def _in_margin(line: _Line) -> bool:
    return line.y > 1 - _MARGIN_BAND or line.y < _MARGIN_BAND


def _drop_running_lines(pages: list[list[_Line]]) -> list[_Line]:
    """Every body line in reading order, without running headers, footers and page numbers."""
    counts = Counter(key for page in pages
                     for key in {_running_key(line) for line in page if _in_margin(line)})
    least = max(2, -(-len(pages) // 3))
    running = {key for key, count in counts.items() if count >= least}
    return [line for page in pages for line in page
            if not (_in_margin(line) and (_running_key(line) in running
                                          or _PAGE_NUMBER.match(line.text)))]


@dataclass(frozen=True)
class _Margins:
    """Where a document's body lines start and end, and whether it indents paragraphs."""
    size: float  # the body font size: one Chinese character's width
    left: float
    right: float
    marks_by_indent: bool

    @classmethod
    def of(cls, lines: list[_Line]) -> _Margins:
        size = statistics.median(line.size for line in lines)
        starts = Counter(round(line.x0) for line in lines)
        # The leftmost position many lines start at (most lines may well be indented).
        common = [x for x, count in starts.items() if count >= max(2, 0.05 * len(lines))]
        left = min(common) if common else starts.most_common(1)[0][0]
        right = sorted(line.x1 for line in lines)[int(len(lines) * 0.9)]
        indented = sum(1 for line in lines if left + 1.5 * size <= line.x0 <= left + 2.5 * size)
        return cls(size, left, right, indented >= 0.05 * len(lines))


def _join_paragraphs(lines: list[_Line]) -> list[str]:
    if not lines:
        return []
    margins = _Margins.of(lines)
    paragraphs: list[str] = []
    previous: _Line | None = None
    for line in lines:
        if previous is not None and _continues(paragraphs[-1], previous, line, margins):
            # Latin words broken over lines keep a space between them; digits and Chinese do not.
            glue = " " if _is_latin(paragraphs[-1][-1:]) and _is_latin(line.text[:1]) else ""
            paragraphs[-1] += glue + line.text
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _continues(paragraph: str, previous: _Line, line: _Line, margins: _Margins) -> bool:
    """Whether `line` continues the paragraph whose last line is `previous`."""
    size, left = margins.size, margins.left
    if is_heading(paragraph) or is_toc(paragraph) or is_appendix_heading(paragraph):
        return False
    if line.x0 > left + 0.8 * size:  # indented or centered: a paragraph of its own
        return False
    if previous.x0 > left + 3 * size:  # after a centered line (a title, a heading)
        return False
    if not margins.marks_by_indent and starts_unit(line.text):
        return False
    if previous.text.endswith(_SENTENCE_END):
        # A full line ending a sentence mid-paragraph; only indentation tells.
        return margins.marks_by_indent and previous.x1 >= margins.right - 1.5 * size
    return True
