"""Differences between two texts of an article, character by character, for showing two
versions side by side: the left side marks what was deleted, the right what was inserted.

Chinese has no spaces to diff by words, so the diff is per character; a raw character
diff of two rewritten sentences scatters into single shared characters (的, 和), so
equal runs of one or two characters between two changes are folded into the change.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlalchemy import select

from kb.errors import ArticleNotFound
from kb.library import (ArticleView, Library, StatuteInfo, TocEntry, VersionInfo,
                        parse_article_slug)
from kb.models import KIND_ARTICLE, StatuteVersion, Unit
from laws.numbering import format_article_label

SAME, DELETED, INSERTED = "same", "del", "ins"
# Equal runs this short between two changes are treated as part of the change.
MIN_EQUAL_RUN = 3


@dataclass(frozen=True)
class Span:
    kind: str
    text: str


Line = tuple[Span, ...]


@dataclass(frozen=True)
class TextDiff:
    left: tuple[Line, ...]
    right: tuple[Line, ...]
    similarity: float

    @property
    def changed(self) -> bool:
        return any(span.kind != SAME for line in self.left + self.right for span in line)


def diff_texts(old: str, new: str) -> TextDiff:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    left: list[Span] = []
    right: list[Span] = []
    for tag, i1, i2, j1, j2 in _fold_short_equals(matcher.get_opcodes(), old):
        if tag == "equal":
            left.append(Span(SAME, old[i1:i2]))
            right.append(Span(SAME, new[j1:j2]))
            continue
        if i2 > i1:
            left.append(Span(DELETED, old[i1:i2]))
        if j2 > j1:
            right.append(Span(INSERTED, new[j1:j2]))
    return TextDiff(_lines(left), _lines(right), round(matcher.ratio(), 3))


def _fold_short_equals(opcodes, old: str):
    """Merge `equal` runs shorter than MIN_EQUAL_RUN that sit between two changes."""
    merged: list[list] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1
        short = tag == "equal" and i2 - i1 < MIN_EQUAL_RUN and "\n" not in old[i1:i2]
        if short and between_changes:
            tag = "replace"
        if merged and tag != "equal" and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = i2, j2
            merged[-1][0] = "replace"
        else:
            merged.append([tag, i1, i2, j1, j2])
    return merged


def _lines(spans: list[Span]) -> tuple[Line, ...]:
    """Split spans at newlines: one tuple of spans per paragraph line."""
    lines: list[list[Span]] = [[]]
    for span in spans:
        parts = span.text.split("\n")
        for number, part in enumerate(parts):
            if number:
                lines.append([])
            if not part:
                continue
            line = lines[-1]
            if line and line[-1].kind == span.kind:
                line[-1] = Span(span.kind, line[-1].text + part)
            else:
                line.append(Span(span.kind, part))
    return tuple(tuple(line) for line in lines if line)


@dataclass(frozen=True)
class ArticleInVersion:
    """One version of a statute, seen from one article: has it, and did it change?"""
    version: VersionInfo
    present: bool
    # Compared with the nearest earlier version that has the article; None for the first.
    changed: bool | None


@dataclass(frozen=True)
class ArticleComparison:
    statute: StatuteInfo
    label: str
    article_no: int
    article_suffix: int
    left_version: VersionInfo
    right_version: VersionInfo
    left: ArticleView | None
    right: ArticleView | None
    diff: TextDiff
    # Where the text went when the article is missing (or rewritten beyond recognition)
    # on one side: the most similar nearby article of that side's version.
    left_counterpart: TocEntry | None = None
    right_counterpart: TocEntry | None = None


# Renumbered articles move a few places at most when a law is amended.
COUNTERPART_WINDOW = 15
COUNTERPART_MIN_SIMILARITY = 0.6


class ArticleVersions:
    """One article across the versions of its statute.  Built on a Library."""

    def __init__(self, library: Library):
        self.library = library

    def _texts(self, statute_id: int, number: int, suffix: int) -> dict[int, str]:
        with self.library.sessions() as session:
            rows = session.execute(select(Unit.version_id, Unit.text).join(StatuteVersion).where(
                StatuteVersion.statute_id == statute_id, Unit.kind == KIND_ARTICLE,
                Unit.article_no == number, Unit.article_suffix == suffix)
                .order_by(Unit.seq)).all()
        texts: dict[int, str] = {}
        for version_id, text in rows:
            texts.setdefault(version_id, text)
        return texts

    def history(self, statute_id: int, number: int, suffix: int = 0) -> list[ArticleInVersion]:
        texts = self._texts(statute_id, number, suffix)
        entries, previous = [], None
        for version in self.library.versions(statute_id):
            text = texts.get(version.id)
            changed = None if text is None or previous is None else text != previous
            entries.append(ArticleInVersion(version, text is not None, changed))
            previous = text if text is not None else previous
        return entries

    def compare(self, statute_id: int, article: str | tuple[int, int],
                left_id: int | None = None, right_id: int | None = None) -> ArticleComparison:
        """The article in two versions; by default the current one and the one before."""
        statute = self.library.get_statute(statute_id)
        number, suffix = article if isinstance(article, tuple) else parse_article_slug(article)
        versions = self.library.versions(statute_id)
        right = self.library.version(statute_id, right_id) if right_id else self.library.current_version(statute_id)
        left = self.library.version(statute_id, left_id) if left_id else _before(versions, right)
        if versions.index(left) > versions.index(right):
            left, right = right, left  # the older version always on the left
        texts = self._texts(statute_id, number, suffix)
        if left.id not in texts and right.id not in texts:
            raise ArticleNotFound(statute.title, format_article_label(number, suffix))
        views = [self._view(statute_id, (number, suffix), v.id, texts) for v in (left, right)]
        # An article missing on one side diffs against nothing: all deleted, or all new.
        diff = diff_texts(*(view.text if view else "" for view in views))
        counterparts = (None, None)
        if None in views or diff.similarity < 0.5:
            counterparts = tuple(self._counterpart(side, (number, suffix), other.text) if other else None
                                 for side, other in ((left, views[1]), (right, views[0])))
        return ArticleComparison(statute, format_article_label(number, suffix), number, suffix,
                                 left, right, views[0], views[1], diff, *counterparts)

    def _view(self, statute_id: int, key: tuple[int, int], version_id: int,
              texts: dict[int, str]) -> ArticleView | None:
        if version_id not in texts:
            return None
        return self.library.get_article(statute_id, key, version_id=version_id)

    def _counterpart(self, version: VersionInfo, key: tuple[int, int], text: str) -> TocEntry | None:
        number = key[0]
        with self.library.sessions() as session:
            rows = session.execute(select(Unit.label, Unit.article_no, Unit.article_suffix, Unit.text)
                                   .where(Unit.version_id == version.id, Unit.kind == KIND_ARTICLE,
                                          Unit.article_no.between(number - COUNTERPART_WINDOW,
                                                                  number + COUNTERPART_WINDOW))).all()
        best, best_ratio = None, COUNTERPART_MIN_SIMILARITY
        for label, other_no, other_suffix, other_text in rows:
            if (other_no, other_suffix) == key:
                continue
            matcher = difflib.SequenceMatcher(None, text, other_text, autojunk=False)
            if matcher.quick_ratio() > best_ratio and matcher.ratio() > best_ratio:
                best, best_ratio = TocEntry(KIND_ARTICLE, 0, label, other_no, other_suffix), matcher.ratio()
        return best


def _before(versions: list[VersionInfo], version: VersionInfo) -> VersionInfo:
    index = next(i for i, v in enumerate(versions) if v.id == version.id)
    return versions[index - 1] if index > 0 else version
