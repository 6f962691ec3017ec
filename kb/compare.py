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

from kb.alignment import (AMENDED, CHANGE_NAMES, MERGED, SPLIT, UNCHANGED, ArticleText,
                          Correspondence)
from kb.correspondence import CorrespondenceService, CorrespondenceTable
from core.errors import ArticleNotFound, NotFound
from kb.library import ArticleView, Library, StatuteInfo, VersionInfo, parse_article_slug
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
class ArticleComparison:
    """An article beside its counterpart in another version, matched by the
    correspondence table (kb.correspondence), not by number: 会计法 2017 第四十二条 is set
    beside 2024 第四十条; a merged article beside all the old articles it absorbed."""
    statute: StatuteInfo
    label: str
    article_no: int
    article_suffix: int
    left_version: VersionInfo
    right_version: VersionInfo
    left: tuple[ArticleView, ...]
    right: tuple[ArticleView, ...]
    diff: TextDiff
    # The correspondence's kind of change between the two sides (kb.alignment).
    change: str = UNCHANGED

    @property
    def change_name(self) -> str:
        return CHANGE_NAMES[self.change]

    @property
    def renumbered(self) -> bool:
        numbers = {(v.article_no, v.article_suffix) for v in self.left + self.right}
        return len(numbers) > 1


class ArticleVersions:
    """One article across the versions of its statute.  Built on a Library and the
    correspondence tables."""

    def __init__(self, library: Library, correspondence: CorrespondenceService):
        self.library = library
        self.correspondence = correspondence

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

    def compare(self, statute_id: int, article: str | tuple[int, int],
                left_id: int | None = None, right_id: int | None = None,
                at_id: int | None = None) -> ArticleComparison:
        """The article numbered `article` in version `at_id` (by default the right-hand
        one, or the left if only it has that number) beside its counterpart in the other
        version; by default the current version and the one before."""
        dated = self.library.dated(statute_id)
        statute, versions = dated.statute, dated.versions
        key = article if isinstance(article, tuple) else parse_article_slug(article)
        right = dated.version(right_id) if right_id else dated.in_force().shown
        left = dated.version(left_id) if left_id else _before(versions, right)
        if versions.index(left) > versions.index(right):
            left, right = right, left  # the older version always on the left
        texts = self._texts(statute_id, *key)
        at = self._side(statute, key, texts, (left, right), at_id)
        other = right if at.id == left.id else left
        own = (self.library.get_article(statute_id, key, version_id=at.id),)
        if other.id == at.id:
            found, change = own, UNCHANGED
        else:
            counterpart = self.correspondence.counterpart(statute_id, at.id, key, other.id)
            found = tuple(self.library.get_article(statute_id, a.key, version_id=other.id)
                          for a in counterpart.articles)
            change = counterpart.change
        sides = (found, own) if at.id == right.id else (own, found)
        diff = diff_texts(*("\n".join(view.text for view in side) for side in sides))
        return ArticleComparison(statute, format_article_label(*key), *key, left, right,
                                 *sides, diff, change)

    @staticmethod
    def _side(statute, key, texts, pair, at_id) -> VersionInfo:
        """The version the article number refers to."""
        left, right = pair
        if at_id is not None and at_id not in (left.id, right.id):
            raise NotFound("对照的版本中没有所指的版本")
        for version in ([v for v in pair if v.id == at_id] or [right, left]):
            if version.id in texts:
                return version
        raise ArticleNotFound(statute.title, format_article_label(*key))


def _before(versions: list[VersionInfo], version: VersionInfo) -> VersionInfo:
    index = next(i for i, v in enumerate(versions) if v.id == version.id)
    return versions[index - 1] if index > 0 else version


@dataclass(frozen=True)
class TableRow:
    """A row of the 新旧对照表 page: the old articles and the new ones they became (several
    on one side for a merge or a split), with the differences marked when the text changed."""
    old: tuple[ArticleText, ...]
    new: tuple[ArticleText, ...]
    change: str
    diff: TextDiff | None

    @property
    def change_name(self) -> str:
        return CHANGE_NAMES[self.change]


def table_rows(table: CorrespondenceTable) -> list[TableRow]:
    """The table's rows joined where one article stands in several (merged, split)."""
    groups: list[list[Correspondence]] = []
    owner: dict[tuple, int] = {}
    for row in table.rows:
        keys = [("old", row.old.key) if row.old else None, ("new", row.new.key) if row.new else None]
        index = next((owner[k] for k in keys if k in owner), None)
        if index is None:
            index = len(groups)
            groups.append([])
        groups[index].append(row)
        owner.update({k: index for k in keys if k})
    return [_table_row(group) for group in groups]


def _table_row(group: list[Correspondence]) -> TableRow:
    old = tuple(dict.fromkeys(r.old for r in group if r.old))
    new = tuple(dict.fromkeys(r.new for r in group if r.new))
    change = group[0].change
    diff = None
    if change in (AMENDED, MERGED, SPLIT):
        diff = diff_texts("\n".join(a.text for a in old), "\n".join(a.text for a in new))
    return TableRow(old, new, change, diff)
