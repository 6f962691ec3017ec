"""What the index holds: generic document records, and the provider that makes them from
the statute library.

The index knows nothing of statutes or cases: a provider turns its part of the database into
`IndexDocument`s, grouped by owner ("statute:7"), and the indexer adds, replaces or deletes
a whole group at once.  The cases feature adds its own provider (kinds "case" and "guide").
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Protocol

from sqlalchemy import func, select

from kb.legal_time.rules import start_of
from kb.models import (KIND_ARTICLE, KIND_HEADING, KIND_PASSAGE, STATUS_REPEALED, Statute,
                       StatuteAlias, StatuteVersion, Unit)
from laws.numbering import NUMERAL_CLASS

KIND_STATUTE = "statute"
# 第五章 / 第二分编 before a heading's words: numbering, not a topic, so not indexed.
_HEADING_NUMBER = re.compile(rf"^第{NUMERAL_CLASS}+(?:分编|编|章|节)\s*")
STATUTE_GROUP = "statute:"


@dataclass(frozen=True)
class DocumentMeta:
    """Filter and display data of a document; what does not apply stays None."""
    law_id: int | None = None
    law_title: str = ""
    short_title: str = ""
    level: str | None = None
    branch: str | None = None
    status: str | None = None
    version_id: int | None = None
    version_date: dt.date | None = None
    # First and last day in force (None: unknown start / still in force).
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    article_no: int | None = None
    article_suffix: int = 0
    label: str = ""
    chapter: tuple[str, ...] = ()
    # Anything a later kind wants shown with a hit (a case's court and number …).
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class IndexDocument:
    """One searchable unit: an article, a statute, a passage (or, later, a case)."""
    kind: str
    key: str
    group: str
    # The document's own name (a statute's title and aliases); searched as a title.
    title: str
    body: str
    # Headings above the text (第五章 法律责任).
    heading: str = ""
    meta: DocumentMeta = DocumentMeta()


class DocumentProvider(Protocol):
    """A source of documents, grouped by owner; its groups all start with `prefix`."""

    prefix: str

    def groups(self) -> list[str]:
        """Every group this provider has."""

    def count(self) -> int:
        """How many documents all groups hold (for progress)."""

    def documents(self, groups: Iterable[str]) -> Iterator[IndexDocument]:
        """The documents of the given groups (a group that no longer exists yields none)."""


def statute_group(statute_id: int) -> str:
    return f"{STATUTE_GROUP}{statute_id}"


def _validity(versions: list[StatuteVersion], repealed_on: dt.date | None
              ) -> dict[int, tuple[dt.date | None, dt.date | None]]:
    """(first day, last day) each dated version was in force, from its 施行日期 (its 公布日期
    when not recorded) to the day before the next one's or the repeal; undated versions:
    (None, None)."""
    starts = {v.id: start_of(v) for v in versions}
    dated = sorted((v for v in versions if starts[v.id]), key=lambda v: (starts[v.id], v.id))
    spans: dict[int, tuple[dt.date | None, dt.date | None]] = {v.id: (None, None) for v in versions}
    for current, following in zip(dated, dated[1:] + [None]):
        end = (starts[following.id] if following else repealed_on)
        end = end - dt.timedelta(days=1) if end else None
        spans[current.id] = (starts[current.id], end)
    return spans


class StatuteDocuments:
    """Documents of the statute library: one per statute version, article and passage."""

    prefix = STATUTE_GROUP

    def __init__(self, sessions):
        self.sessions = sessions

    def count(self) -> int:
        with self.sessions() as session:
            versions = session.scalar(select(func.count(StatuteVersion.id))) or 0
            units = session.scalar(select(func.count(Unit.id)).where(Unit.kind != KIND_HEADING))
        return versions + (units or 0)

    def groups(self) -> list[str]:
        """Statute groups, largest first (so parallel workers finish together)."""
        with self.sessions() as session:
            rows = session.execute(select(StatuteVersion.statute_id,
                                          StatuteVersion.article_count)).all()
        sizes: dict[int, int] = defaultdict(int)
        for statute_id, count in rows:
            sizes[statute_id] += count + 1
        return [statute_group(s) for s in sorted(sizes, key=lambda s: (-sizes[s], s))]

    def documents(self, groups: Iterable[str]) -> Iterator[IndexDocument]:
        ids = [int(g[len(STATUTE_GROUP):]) for g in groups if g.startswith(STATUTE_GROUP)]
        for start in range(0, len(ids), 200):
            yield from self._documents(ids[start:start + 200])

    def _documents(self, statute_ids: list[int]) -> Iterator[IndexDocument]:
        with self.sessions() as session:
            statutes = session.scalars(select(Statute).where(Statute.id.in_(statute_ids))).all()
            aliases: dict[int, list[str]] = defaultdict(list)
            for statute_id, alias in session.execute(select(
                    StatuteAlias.statute_id, StatuteAlias.alias).where(
                    StatuteAlias.statute_id.in_(statute_ids)).order_by(StatuteAlias.id)):
                aliases[statute_id].append(alias)
            versions = session.scalars(select(StatuteVersion).where(
                StatuteVersion.statute_id.in_(statute_ids))).all()
            units: dict[int, list] = defaultdict(list)
            for row in session.execute(select(
                    Unit.version_id, Unit.id, Unit.kind, Unit.article_no, Unit.article_suffix,
                    Unit.passage_no, Unit.label, Unit.heading_path, Unit.text).where(
                    Unit.version_id.in_([v.id for v in versions]),
                    Unit.kind != KIND_HEADING).order_by(Unit.version_id, Unit.seq)):
                units[row.version_id].append(row)
        by_statute: dict[int, list[StatuteVersion]] = defaultdict(list)
        for version in versions:
            by_statute[version.statute_id].append(version)
        for statute in statutes:
            spans = _validity(by_statute[statute.id], statute.repealed_on)
            for version in by_statute[statute.id]:
                meta = _version_meta(statute, version, spans[version.id])
                yield _statute_document(statute, version, aliases[statute.id], meta)
                for row in units[version.id]:
                    yield _unit_document(statute, row, meta)


def _version_meta(statute: Statute, version: StatuteVersion,
                  span: tuple[dt.date | None, dt.date | None]) -> DocumentMeta:
    status = STATUS_REPEALED if statute.repealed_on else version.status
    return DocumentMeta(law_id=statute.id, law_title=statute.title, short_title=statute.short_title,
                        level=statute.level, branch=statute.branch, status=status,
                        version_id=version.id, version_date=version.version_date,
                        valid_from=span[0], valid_to=span[1])


def _statute_document(statute: Statute, version: StatuteVersion, aliases: list[str],
                      meta: DocumentMeta) -> IndexDocument:
    names = [statute.title] + [a for a in aliases if a != statute.title]
    return IndexDocument(kind=KIND_STATUTE, key=f"version:{version.id}",
                         group=statute_group(statute.id), title=" ".join(names),
                         body="\n".join(version.header_lines or ()),
                         meta=replace(meta, extra={"names": names}))


def _unit_document(statute: Statute, row, version_meta: DocumentMeta) -> IndexDocument:
    chapter = tuple(row.heading_path or ())
    is_article = row.kind == KIND_ARTICLE
    meta = replace(version_meta, article_no=row.article_no if is_article else None,
                   article_suffix=row.article_suffix if is_article else 0,
                   label=row.label if is_article else f"第{row.passage_no}段", chapter=chapter)
    kind = KIND_ARTICLE if is_article else KIND_PASSAGE
    return IndexDocument(kind=kind, key=f"{kind}:{row.id}", group=statute_group(statute.id),
                         title="", body=row.text,
                         heading=" ".join(_HEADING_NUMBER.sub("", h) for h in chapter), meta=meta)
