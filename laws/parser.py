"""Parse one corpus document (Markdown) into a ParsedDocument.

The format (see the corpus README): ``# title``, optional ``# part title`` lines, header
lines with the issuing history, ``<!-- INFO END -->``, then the body: ``##``/``###``/``####``
headings, articles starting a line with ``第…条`` and a space, further lines of an article
being its paragraphs (款), lines starting with （一） its items (项).  Documents without
articles keep their body as numbered passages.  Every non-blank body line ends up in
exactly one unit, so `significant_chars` of the body equals that of the units.
"""
from __future__ import annotations

import re

from laws import header as hdr
from laws.model import (Article, Heading, Item, Paragraph, ParsedDocument, Passage,
                        SourceWarning, Unit)
from laws.numbering import NUMERAL_CLASS, parse_numeral
from laws.titles import derive_aliases, derive_short_title

INFO_END = "<!-- INFO END -->"
# Zero-width characters some files carry as stray formatting; they are not text.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_NOT_TEXT_RE = re.compile(rf"[\s{_INVISIBLE}]+")

_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*))?$")
_ARTICLE = re.compile(
    rf"^第({NUMERAL_CLASS}+)条(?:之({NUMERAL_CLASS}+))?(?:[ \u3000\t]+(.*))?$")
# A label broken by a stray space (第一百二十八 条侦查人员…): accepted only in sequence.
_ARTICLE_BROKEN = re.compile(rf"^第({NUMERAL_CLASS}+)\s+条(?:之({NUMERAL_CLASS}+))?\s*(.+)$")
_ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
_SUBITEM = re.compile(r"^(?:\d+[.．、]|[①-⑳])")
_ENUMERATOR = re.compile(r"^([一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])")


def remove_invisible(text: str) -> str:
    """The text without zero-width marks (stray formatting in some files, never text)."""
    return _INVISIBLE_RE.sub("", text) if _INVISIBLE_RE.search(text) else text


def significant_chars(text: str) -> str:
    """The characters that count as text: everything but whitespace and invisible marks."""
    return _NOT_TEXT_RE.sub("", text)


def split_document(lines: list[str], path: str, fallback_title: str,
                   warnings: list[SourceWarning]) -> tuple[str, list[Heading], list[str], int]:
    """Split lines into (title, part titles as depth-0 headings, header lines, body start)."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    first = lines[index].rstrip() if index < len(lines) else ""
    match = _HEADING.match(first.strip())
    if match and len(match.group(1)) == 1 and match.group(2):
        title = match.group(2).strip()
        index += 1
    else:
        title = fallback_title
        warnings.append(SourceWarning(path, index + 1, f"缺少标题行（# 标题），已使用文件名“{title}”作为标题"))
    marker = next((i for i in range(index, len(lines)) if lines[i].strip() == INFO_END), None)
    if marker is None:
        warnings.append(SourceWarning(path, index + 1, f"缺少 {INFO_END} 标记，按日期行识别文件头"))
        end = index
        while end < len(lines) and (not lines[end].strip()
                                    or hdr.starts_with_date(lines[end])):
            end += 1
        header_region, body_start = lines[index:end], end
    else:
        header_region, body_start = lines[index:marker], marker + 1
    parts, header_lines = [], []
    for offset, raw in enumerate(header_region):
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) == 1 and heading.group(2):
            parts.append(Heading(0, heading.group(2).strip(), index + offset + 1))
        elif line:
            header_lines.append(line)
    return title, parts, header_lines, body_start


class _BodyParser:
    """Walks body lines once, building units; keeps the heading stack and the open article."""

    def __init__(self, path: str, warnings: list[SourceWarning]):
        self.path = path
        self.warnings = warnings
        self.units: list[Unit] = []
        self.stack: list[Heading] = []
        self.article: Article | None = None
        self.passages = 0
        self.last_number = 0
        self.path_cache: tuple[str, ...] = ()

    def heading_path(self) -> tuple[str, ...]:
        return self.path_cache

    def feed(self, line: str, lineno: int) -> None:
        heading = _HEADING.match(line)
        if heading:
            self.add_heading(len(heading.group(1)) - 1, (heading.group(2) or "").strip(), lineno)
            return
        article = self.match_article(line, lineno)
        if article:
            self.article = article
            self.units.append(article)
            return
        if self.article is not None:
            self.add_to_article(line.strip())
        else:
            self.add_passage(line.strip(), lineno)

    def add_heading(self, depth: int, text: str, lineno: int) -> None:
        self.article = None
        if not text:
            return  # a bare "##" carries no text
        while self.stack and self.stack[-1].depth >= depth:
            self.stack.pop()
        unit = Heading(depth, text, lineno)
        self.stack.append(unit)
        self.path_cache = tuple(h.text for h in self.stack)
        self.units.append(unit)

    def match_article(self, line: str, lineno: int) -> Article | None:
        if not line.startswith("第"):
            return None
        match = _ARTICLE.match(line)
        broken = False
        if not match:
            match = _ARTICLE_BROKEN.match(line)
            broken = True
        if not match:
            return None
        number = parse_numeral(match.group(1))
        suffix = parse_numeral(match.group(2)) if match.group(2) else 0
        if not number or suffix is None:
            return None
        if broken:
            if suffix or number != self.last_number + 1:
                return None
            self.warnings.append(SourceWarning(
                self.path, lineno, f"条号中有多余空格（{line[:12]}…），已按第{number}条处理"))
        if not suffix:
            self.last_number = number
        rest = (match.group(3) or "").strip()
        label = significant_chars(line[:match.start(3)] if match.group(3) else line)
        paragraphs = [Paragraph(rest)] if rest else []
        return Article(number, suffix, label, paragraphs, self.heading_path(), lineno)

    def add_to_article(self, text: str) -> None:
        append_article_line(self.article.paragraphs, text)

    def add_passage(self, text: str, lineno: int) -> None:
        self.passages += 1
        enumerator = _ENUMERATOR.match(text)
        self.units.append(Passage(self.passages, enumerator.group(1) if enumerator else "",
                                  text, self.heading_path(), lineno))


def append_article_line(paragraphs: list[Paragraph], text: str) -> None:
    """Add one line of an article: an item （一） joins the paragraph before it, a
    sub-item (1. or ①) joins the item before it, anything else starts a paragraph (款)."""
    item = _ITEM.match(text)
    if item:
        if not paragraphs:
            paragraphs.append(Paragraph(""))
        paragraphs[-1].items.append(Item(item.group(0), text))
    elif _SUBITEM.match(text) and paragraphs and paragraphs[-1].items:
        paragraphs[-1].items[-1].subitems.append(text)
    else:
        paragraphs.append(Paragraph(text))


def paragraphs_from_text(text: str) -> list[Paragraph]:
    """Rebuild an article's paragraphs from its stored text (one source line per line)."""
    paragraphs: list[Paragraph] = []
    for line in text.split("\n"):
        if line.strip():
            append_article_line(paragraphs, line.strip())
    return paragraphs


def parse_body(lines: list[str], first_lineno: int, path: str,
               warnings: list[SourceWarning]) -> list[Unit]:
    parser = _BodyParser(path, warnings)
    for offset, raw in enumerate(lines):
        line = raw.rstrip()
        if line:
            parser.feed(line, first_lineno + offset)
    return parser.units


def check_numbering(units: list[Unit], path: str) -> list[SourceWarning]:
    """Warnings for duplicate and out-of-order article numbers (gaps are reported by `check`)."""
    warnings, seen, previous = [], set(), None
    for unit in units:
        if not isinstance(unit, Article):
            continue
        key = (unit.number, unit.suffix)
        if key in seen:
            warnings.append(SourceWarning(path, unit.line, f"条号重复：{unit.label}，按出现顺序保留"))
        elif previous is not None and key < previous:
            warnings.append(SourceWarning(path, unit.line, f"条号顺序颠倒：{unit.label} 出现在较大的条号之后"))
        seen.add(key)
        previous = max(previous, key) if previous else key
    return warnings


def _under_parts(parts: list[Heading], units: list[Unit]) -> list[Unit]:
    """Put a part file's units under its part title (人格权编): heading first, paths prefixed."""
    prefix = tuple(p.text for p in parts)
    for unit in units:
        if not isinstance(unit, Heading):
            unit.heading_path = prefix + unit.heading_path
    return [*parts, *units]


def parse_document(text: str, path: str, *, fallback_title: str, level: str,
                   branch: str | None = None, region: str | None = None,
                   authority: str | None = None, file_date=None,
                   file_stem: str | None = None) -> ParsedDocument:
    """Parse a decoded document.  Classification (level, branch, …) comes from the caller."""
    warnings: list[SourceWarning] = []
    lines = remove_invisible(text).split("\n")
    title, parts, header_lines, body_start = split_document(lines, path, fallback_title, warnings)
    events = hdr.parse_events(header_lines)
    version_date = file_date or hdr.version_date_of(events)
    if not any(e.date for e in events):
        where = body_start if header_lines else None
        note = "已使用文件名中的日期" if file_date else "版本日期未知"
        warnings.append(SourceWarning(path, where, f"文件头没有带日期的沿革信息，{note}"))
    units = parse_body(lines[body_start:], body_start + 1, path, warnings)
    warnings.extend(check_numbering(units, path))
    short = derive_short_title(title, file_stem)
    if parts:
        units = _under_parts(parts, units)
    promulgated, effective, source = hdr.dates_of(events, version_date, closing_texts(units))
    return ParsedDocument(
        path=path, title=title, short_title=short, part_titles=[p.text for p in parts],
        aliases=derive_aliases(title, short, file_stem), level=level, branch=branch,
        region=region, authority=authority, header_lines=header_lines, events=events,
        version_date=version_date,
        effective_date=effective, promulgated=promulgated, effective_source=source,
        units=units, warnings=warnings, sources=[path])


def closing_texts(units: list[Unit], count: int = 3) -> list[str]:
    """The last few articles (or passages, in a document without articles): where a text
    says when it takes effect."""
    articles = [u.text for u in units if isinstance(u, Article)]
    return (articles or [u.text for u in units if isinstance(u, Passage)])[-count:]
