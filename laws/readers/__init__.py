"""Statute readers: a file a bureau receives — Word (.docx), a text PDF, a saved web page
(.html), plain or pasted text (.txt), or the corpus's own Markdown (.md) — turned into the
same ParsedDocument the corpus parser gives.

Each reader only extracts the document's plain lines (laws.readers.word, .pdf, .webpage,
.plaintext); laws.readers.layout turns them into corpus Markdown and laws.parser parses
that, so every format nests headings, articles, 款 and 项 by one set of rules.

    read_statute(data, filename) -> ParsedDocument      # raises ReadError (Chinese message)
    convert_statute(data, filename) -> SourceText       # the Markdown it parses, to show or keep
    parse_source(source, filename) -> ParsedDocument    # read_statute's second half (a kept SourceText)
    build_report(document) -> ParseReport               # contents, counts, gaps, duplicates

The format is sniffed from the content and must agree with the file name's extension: a
PDF renamed .docx is refused rather than guessed at.
"""
from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import PurePath

from laws.corpus import file_stem_and_date, level_from_title
from laws.model import ParsedDocument, SourceWarning
from laws.parser import parse_document
from laws.readers.encoding import decode_text
from laws.readers.error import ReadError
from laws.readers.layout import SourceText, compose_source
from laws.readers.pdf import read_pdf_lines
from laws.readers.plaintext import read_text_lines
from laws.readers.report import ContentsEntry, ParseReport, build_report
from laws.readers.webpage import read_page_lines
from laws.readers.word import read_word_lines

__all__ = ["DEFAULT_MAX_BYTES", "ContentsEntry", "ParseReport", "ReadError", "SourceText",
           "build_report", "convert_statute", "parse_source", "read_statute", "sniff_format"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Extension → the format its content must have.
EXTENSIONS = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html",
              ".txt": "text", ".md": "markdown"}
_NAMES = {"docx": "Word 文档（.docx）", "pdf": "PDF 文件", "html": "网页文件", "text": "文本文件",
          "markdown": "Markdown 文本文件"}
# What a file whose content is of another kind actually is, for the refusal message.
_ACTUAL = {"pdf": "它实际上是 PDF 文件", "docx": "它实际上是 Word 文档（.docx）",
           "ole": "它是旧版 Office 文件（如 .doc 或 .xls），请用 Word 打开后另存为 .docx",
           "zip": "它是压缩包或其他 Office 文件（如 .xlsx）", "image": "它是图片",
           "rtf": "它是 RTF 文件，请用 Word 打开后另存为 .docx",
           "binary": "它是无法识别的二进制文件", "text": "它是文本文件", "html": "它是网页文件"}
_READERS = {"docx": read_word_lines, "pdf": read_pdf_lines, "html": read_page_lines,
            "text": read_text_lines}
# Content kinds each expected format accepts: a .txt holding HTML is read as text.
_ACCEPTS = {"docx": {"docx"}, "pdf": {"pdf"}, "html": {"html", "text"},
            "text": {"text", "html"}, "markdown": {"text"}}


def content_kind(data: bytes) -> str:
    """What the bytes are, whatever the file is called."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            # A cut-off archive has lost its directory (at the end); the headers of the
            # entries at its start still name a Word document's word/ parts.
            return "docx" if b"word/" in data[:65536] else "zip"
        return "docx" if "word/document.xml" in names else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")):
        return "image"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    head = data[:4096].lower()
    if any(tag in head for tag in (b"<!doctype html", b"<html", b"<body", b"<p>", b"<div")):
        return "html"
    return "text"


def sniff_format(data: bytes, filename: str) -> str:
    """The reader for a file: docx, pdf, html, text or markdown; ReadError on a mismatch."""
    name = PurePath(filename).name
    extension = PurePath(name).suffix.lower()
    actual = content_kind(data)
    if extension and extension not in EXTENSIONS:
        raise ReadError(f"不支持的文件类型“{extension}”（文件“{name}”）。"
                        "请上传 .docx、.pdf、.html 或 .txt 文件。")
    expected = EXTENSIONS.get(extension)
    if expected is None:  # no extension (pasted text): the content decides
        if actual not in _READERS:
            raise ReadError(f"无法识别文件“{name}”的格式：{_ACTUAL[actual]}。")
        return actual
    if actual not in _ACCEPTS[expected]:
        wanted = _NAMES[expected]
        space = " " if wanted[0].isascii() else ""
        raise ReadError(f"“{name}”的文件内容不是{space}{wanted}：{_ACTUAL[actual]}。"
                        "请确认上传的是正确的文件。")
    return expected


def convert_statute(data: bytes, filename: str, *,
                    max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """The file as corpus Markdown.  Line numbers in the parsed document's warnings refer
    to this text."""
    name = PurePath(filename).name or "粘贴的文本"
    if len(data) > max_bytes:
        raise ReadError(f"文件“{name}”有 {len(data) / 1024 / 1024:.1f} MB，"
                        f"超过了 {max_bytes / 1024 / 1024:.0f} MB 的上限。")
    if not data.strip():
        raise ReadError(f"文件“{name}”是空的。")
    kind = sniff_format(data, name)
    if kind == "markdown":
        return SourceText(decode_text(data, name))
    stem, _date = file_stem_and_date(PurePath(name))
    source = compose_source(_READERS[kind](data, name), stem or "未命名法规")
    if not source.text.strip():
        raise ReadError(f"文件“{name}”中没有文字。")
    return source


def read_statute(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 allow_without_articles: bool = False) -> ParsedDocument:
    """Parse a statute file into plain data; ReadError (with a Chinese message naming the
    file) for a file that is too big, of the wrong type, damaged, encrypted, scanned, in
    an unknown encoding, or — unless `allow_without_articles` (a 决定 of plain passages)
    — without any article.  Article-number gaps and duplicates are not errors: they are in
    the document's warnings and build_report(document)."""
    source = convert_statute(data, filename, max_bytes=max_bytes)
    return parse_source(source, filename, allow_without_articles=allow_without_articles)


def parse_source(source: SourceText, filename: str, *,
                 allow_without_articles: bool = False) -> ParsedDocument:
    """The statute in a file's converted text (`convert_statute(data, filename)`, perhaps
    kept from an earlier reading): parsing Markdown is cheap, converting a PDF is not."""
    name = PurePath(filename).name or "粘贴的文本"
    stem, file_date = file_stem_and_date(PurePath(name))
    document = parse_document(source.text, name, fallback_title=stem or "未命名法规",
                              level="其他", file_date=file_date, file_stem=stem or None)
    document.level = level_from_title(document.title)
    document.warnings[:0] = [SourceWarning(name, None, note) for note in source.notes]
    if not document.articles and not allow_without_articles:
        raise ReadError(f"文件“{name}”中没有找到条文（以“第一条”“第二条”……开头的段落）。"
                        "它看起来是通知、函件或说明，而不是按条文编排的法规，无法按条导入。")
    return document
