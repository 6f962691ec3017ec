"""The parse report an administrator reads before saving an imported statute: its contents,
how many articles, 款 and 项 were found, article numbers missing or repeated, and lines that
fit no article (a preamble, or text the reader could not place)."""
from __future__ import annotations

from dataclasses import dataclass

from laws.model import Article, Heading, ParsedDocument, Passage
from laws.numbering import format_article_label


@dataclass(frozen=True)
class ContentsEntry:
    """One heading of the contents with the articles under it (first and last label)."""
    depth: int
    text: str
    first_article: str | None
    last_article: str | None


@dataclass(frozen=True)
class ParseReport:
    title: str
    header_lines: tuple[str, ...]
    contents: tuple[ContentsEntry, ...]
    article_count: int
    paragraph_count: int
    item_count: int
    gaps: tuple[str, ...]        # missing article numbers: 第五条, 第八条至第十条
    duplicates: tuple[str, ...]  # labels found more than once, each named once
    unplaced: tuple[str, ...]    # lines outside any article (not in an 附件)
    warnings: tuple[str, ...]

    @property
    def has_problems(self) -> bool:
        return bool(self.gaps or self.duplicates or self.unplaced)


def build_report(document: ParsedDocument) -> ParseReport:
    articles = document.articles
    return ParseReport(
        title=document.title,
        header_lines=tuple(document.header_lines),
        contents=tuple(_contents(document)),
        article_count=len(articles),
        paragraph_count=sum(len(a.paragraphs) for a in articles),
        item_count=sum(len(p.items) for a in articles for p in a.paragraphs),
        gaps=tuple(number_gaps(articles)),
        duplicates=tuple(_duplicates(articles)),
        unplaced=tuple(_unplaced(document)),
        warnings=tuple(w.message for w in document.warnings))


def number_gaps(articles: list[Article]) -> list[str]:
    """Article numbers missing between 第一条 and the last one, as labels or label ranges."""
    numbers = sorted({a.number for a in articles if not a.suffix})
    gaps, expected = [], 1
    for number in numbers:
        if number > expected:
            first, last = format_article_label(expected), format_article_label(number - 1)
            gaps.append(first if number - 1 == expected else f"{first}至{last}")
        expected = number + 1
    return gaps


def _duplicates(articles: list[Article]) -> list[str]:
    seen, repeated = set(), {}
    for article in articles:
        key = (article.number, article.suffix)
        if key in seen:
            repeated.setdefault(key, format_article_label(*key))
        seen.add(key)
    return list(repeated.values())


def _unplaced(document: ParsedDocument) -> list[str]:
    if not document.articles:
        return []
    return [unit.text for unit in document.units if isinstance(unit, Passage)
            and not any(part.startswith("附件") for part in unit.heading_path)]


def _contents(document: ParsedDocument) -> list[ContentsEntry]:
    """Headings in order; an article counts for every heading open above it."""
    entries: list[list] = []
    open_entries: list[list] = []
    for unit in document.units:
        if isinstance(unit, Heading):
            while open_entries and open_entries[-1][0] >= unit.depth:
                open_entries.pop()
            entry = [unit.depth, unit.text, None, None]
            entries.append(entry)
            open_entries.append(entry)
        elif isinstance(unit, Article):
            for entry in open_entries:
                entry[2] = entry[2] or unit.label
                entry[3] = unit.label
    return [ContentsEntry(*entry) for entry in entries]
