"""Resolving references: which statute a name means, which version was in force on the
text's date, whether the article exists there, and whether the statute had been repealed.

The library is read once into a `LibrarySnapshot` (names, versions, article numbers per
version, repeals), so resolving is a few dictionary look-ups: fast enough to resolve
every reference in every statute after an import.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kb.citations.finder import Reference
from kb.citations.models import StatuteRepeal
from kb.citations.names import NICKNAMES, NameIndex, normalise_name
from kb.legal_time.apply import repeal_precedence
from kb.legal_time.models import LegalTimeCorrection
from kb.legal_time.rules import NOT_YET, Repeal, by_start, has_older_versions, in_force_on, start_of
from kb.models import KIND_ARTICLE, Statute, StatuteAlias, StatuteVersion, Unit
from laws.model import LEVELS
from laws.titles import COMMON_ABBREVIATIONS

STATUS_RESOLVED = "resolved"
STATUS_NEAREST = "nearest_version"
STATUS_NO_ARTICLE = "no_such_article"
STATUS_UNKNOWN = "unknown_statute"
STATUS_REPEALED = "repealed"
# A statute the library knows of (a later one repealed it) but holds no text of, cited on
# a date when it was still in force.
STATUS_NOT_HELD = "not_held"
STATUS_NAMES = {
    STATUS_RESOLVED: "已链接",
    STATUS_NEAREST: "已链接（法规库缺少当时有效的版本，链接到最接近的版本）",
    STATUS_NO_ARTICLE: "法规中没有这一条",
    STATUS_UNKNOWN: "法规库中没有这部法规",
    STATUS_REPEALED: "引用时该法规已被废止",
    STATUS_NOT_HELD: "当时有效，法规库中没有该法文本",
}


@dataclass(frozen=True)
class VersionRow:
    id: int
    version_date: dt.date | None
    effective_date: dt.date | None
    promulgated: dt.date | None = None
    # The version's history (for its label, 2021 年修正文本).
    events: tuple = ()

    @property
    def in_force_from(self) -> dt.date | None:
        return start_of(self)


@dataclass(frozen=True)
class StatuteRow:
    id: int
    title: str
    short_title: str
    level: str
    repealed_on: dt.date | None
    versions: tuple[VersionRow, ...]   # in the order they took effect, undated first
    repealed_by: str | None = None

    @property
    def repeal(self) -> Repeal | None:
        return Repeal(self.repealed_on, self.repealed_by or "") if self.repealed_on else None

    @property
    def older_exists(self) -> bool:
        first = self.versions[0] if self.versions else None
        return first is not None and has_older_versions(first.events, first.version_date)


@dataclass(frozen=True)
class RepealRow:
    title: str
    repealed_on: dt.date | None
    by_title: str


@dataclass(frozen=True)
class Resolution:
    """Where a reference points, and how sure that is."""
    status: str
    statute: StatuteRow | None = None
    version: VersionRow | None = None
    exact_version: bool = True
    unit_id: int | None = None
    repeal: RepealRow | None = None
    # Why the version is not the one in force (库中没有 2021-12-01 时有效的版本；…).
    notice: str = ""

    @property
    def resolved(self) -> bool:
        return self.unit_id is not None

    @property
    def version_absent(self) -> bool:
        """The version in force on the text's date is not in the library."""
        return self.version is not None and not self.exact_version


@dataclass
class LibrarySnapshot:
    """The library as the resolver needs it, read in a few queries."""
    names: NameIndex
    statutes: dict[int, StatuteRow]
    repeals: dict[str, RepealRow]
    stamp: tuple
    articles: dict[int, dict[tuple[int, int], int]] = field(default_factory=dict)
    sessions: object = None
    # "Today" for a text without a date (a quiz explanation): the version in force then.
    today: dt.date | None = None

    @classmethod
    def load(cls, session: Session, sessions=None) -> "LibrarySnapshot":
        versions: dict[int, list[VersionRow]] = {}
        for row in session.execute(select(StatuteVersion.statute_id, StatuteVersion.id,
                                          StatuteVersion.version_date,
                                          StatuteVersion.effective_date,
                                          StatuteVersion.promulgated, StatuteVersion.events)):
            versions.setdefault(row[0], []).append(
                VersionRow(row[1], row[2], row[3], row[4], tuple(row[5] or ())))
        statutes = {}
        for sid, title, short, level, repealed, repealed_by in session.execute(select(
                Statute.id, Statute.title, Statute.short_title, Statute.level, Statute.repealed_on,
                Statute.repealed_by)):
            ordered = by_start(versions.get(sid, []))
            statutes[sid] = StatuteRow(sid, title, short, level, repealed, tuple(ordered),
                                       repealed_by)
        names = NameIndex()
        for statute_id, alias in session.execute(select(StatuteAlias.statute_id, StatuteAlias.alias)):
            names.add(alias, statute_id)
        by_short = {}
        for statute in statutes.values():
            names.add(statute.title, statute.id)
            names.add(statute.short_title, statute.id)
            by_short.setdefault(normalise_name(statute.title), statute.id)
        _add_nicknames(names, by_short)
        found = {}
        for row in session.execute(select(
                StatuteRepeal.name, StatuteRepeal.title, StatuteRepeal.repealed_on,
                StatuteRepeal.by_statute_id, StatuteRepeal.by_title, StatuteRepeal.source,
                StatuteRepeal.by_version_id, StatuteRepeal.by_article_no)):
            if row.name not in found or repeal_precedence(row) > repeal_precedence(found[row.name]):
                found[row.name] = row
        repeals = {}
        for name, row in found.items():
            by = row.by_statute_id
            by_title = statutes[by].title if by in statutes else (row.by_title or "")
            repeals[name] = RepealRow(row.title, row.repealed_on, by_title)
            names.add(name, None)
        return cls(names, statutes, repeals, library_stamp(session), sessions=sessions)

    def preload_articles(self, session: Session) -> None:
        """Read every article number of every version (for resolving a whole library)."""
        for version_id, number, suffix, unit_id in session.execute(
                select(Unit.version_id, Unit.article_no, Unit.article_suffix, Unit.id)
                .where(Unit.kind == KIND_ARTICLE).order_by(Unit.seq.desc())):
            self.articles.setdefault(version_id, {})[(number, suffix)] = unit_id

    def article_units(self, version_id: int) -> dict[tuple[int, int], int]:
        if version_id not in self.articles:
            with self.sessions() as session:
                rows = session.execute(select(Unit.article_no, Unit.article_suffix, Unit.id)
                                       .where(Unit.version_id == version_id,
                                              Unit.kind == KIND_ARTICLE)
                                       .order_by(Unit.seq.desc())).all()
            self.articles[version_id] = {(n, s): u for n, s, u in rows}
        return self.articles[version_id]

    def statute_for(self, name: str) -> StatuteRow | None:
        ids = self.names.ids(name)
        if not ids and name.startswith("关于"):
            # Courts drop the issuer: 《关于适用〈民事诉讼法〉的解释》.
            ids = next((found for issuer in _ISSUERS
                        if (found := self.names.ids(issuer + name))), ())
        if not ids:
            return None
        return min((self.statutes[i] for i in ids if i in self.statutes),
                   key=lambda s: (_level_rank(s.level), s.id), default=None)


_ISSUERS = ("最高人民法院", "国务院", "最高人民法院、最高人民检察院", "最高人民检察院")


def names_reaching(keys: set[str]) -> set[str]:
    """The names a citation may give that `statute_for` looks up through one of these keys:
    the keys themselves, and 关于… for a key 最高人民法院关于… (courts drop the issuer)."""
    reaching = set(keys)
    for key in keys:
        for issuer in _ISSUERS:
            if key.startswith(issuer + "关于"):
                reaching.add(key[len(issuer):])
    return reaching


def _add_nicknames(names: NameIndex, by_title: dict[str, int]) -> None:
    """Everyday names (招投标法, 土地承包法, 行政协议司法解释) of statutes in the library."""
    for short, extra in COMMON_ABBREVIATIONS.items():
        ids = names.ids(short)
        for alias in extra:
            for statute_id in ids:
                names.add(alias, statute_id)
    for nickname, title in NICKNAMES.items():
        statute_id = by_title.get(normalise_name(title))
        if statute_id is not None:
            names.add(nickname, statute_id)


# Four scalar subqueries in one statement, built once.  Each is answered from an index
# (count: the smallest index; max(imported_at): ix_statute_versions_imported_at).
_LIBRARY_STAMP = select(
    select(func.count(StatuteVersion.id)).scalar_subquery(),
    select(func.max(StatuteVersion.imported_at)).scalar_subquery(),
    select(func.count(StatuteRepeal.id)).scalar_subquery(),
    select(func.max(LegalTimeCorrection.id)).scalar_subquery())


def library_stamp(session: Session) -> tuple:
    """Changes whenever an import or a link run changes what resolution depends on."""
    return tuple(session.execute(_LIBRARY_STAMP).one())


def _level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def pick_version(statute: StatuteRow, on: dt.date | None,
                 year: int | None = None) -> tuple[VersionRow | None, bool]:
    """The version in force on `on` (the newest when None); (nearest, False) when the
    library lacks the one in force then.  A year the text names (（2006年修正）) wins."""
    version, exact, _ = pick_version_noting(statute, on, year)
    return version, exact


def pick_version_noting(statute: StatuteRow, on: dt.date | None, year: int | None = None,
                        today: dt.date | None = None) -> tuple[VersionRow | None, bool, str]:
    """pick_version, with the sentence saying why the version is not the one in force.
    Without a date, the version in force `today` (the newest stored when None)."""
    versions = statute.versions
    if not versions:
        return None, False, ""
    if year is not None:
        named = [v for v in versions if v.version_date and v.version_date.year == year]
        if named:
            return named[-1], True, ""
        # The named version is not stored: the one in force at the end of that year.
        return pick_version(statute, dt.date(year, 12, 31))[0], False, \
            f"库中没有 {year} 年的文本"
    if on is None and today is None:
        return versions[-1], True, ""
    if on is None:
        found = in_force_on(versions, today, None, statute.older_exists)
        return (found.shown, True, "") if found.shown is not None else (versions[-1], True, "")
    # A citation of a repealed statute shows its last text: the repeal is its own status.
    found = in_force_on(versions, on, None, statute.older_exists)
    if found.state == NOT_YET:
        return found.shown, True, ""
    return found.shown, found.in_force, found.message


def resolve(snapshot: LibrarySnapshot, ref: Reference, on: dt.date | None,
            own: tuple[StatuteRow, VersionRow] | None = None) -> Resolution:
    """Resolve one reference; `own` is the statute and version the text belongs to."""
    notice = ""
    if ref.own:
        if own is None:
            return Resolution(STATUS_UNKNOWN)
        statute, version, exact = own[0], own[1], True
    else:
        statute = snapshot.statute_for(ref.name)
        repeal = snapshot.repeals.get(ref.name)
        if statute is not None and repeal is not None and not _same_statute(statute, ref.name):
            statute = None   # a repealed statute is never another one through an alias
        if statute is None:
            return _not_in_library(snapshot, ref.name, on)
        version, exact, notice = pick_version_noting(statute, on, ref.version_year,
                                                     snapshot.today)
        if version is None:
            return Resolution(STATUS_NO_ARTICLE, statute)
    unit_id = snapshot.article_units(version.id).get((ref.article_no, ref.article_suffix))
    repeal = None if ref.own else _repeal_on(snapshot, ref.name, statute, on)
    if repeal is not None:
        status = STATUS_REPEALED
    elif unit_id is None:
        status = STATUS_NO_ARTICLE
    else:
        status = STATUS_RESOLVED if exact else STATUS_NEAREST
    return Resolution(status, statute, version, exact, unit_id, repeal, notice)


def _same_statute(statute: StatuteRow, name: str) -> bool:
    return name in (normalise_name(statute.title), normalise_name(statute.short_title))


def _not_in_library(snapshot: LibrarySnapshot, name: str, on: dt.date | None) -> Resolution:
    """A statute the library holds no text of: repealed by the text's date, in force then
    (the library knows of it through its repeal), or unknown."""
    repeal = snapshot.repeals.get(name)
    if repeal is None:
        return Resolution(STATUS_UNKNOWN)
    if on is None or repeal.repealed_on is None or on >= repeal.repealed_on:
        return Resolution(STATUS_REPEALED, repeal=repeal)
    return Resolution(STATUS_NOT_HELD, repeal=repeal,
                      notice=f"{on} 时有效，库中无该法文本")


def _repeal_on(snapshot: LibrarySnapshot, name: str, statute: StatuteRow | None,
               on: dt.date | None) -> RepealRow | None:
    """The repeal of a statute the library holds that had taken effect by `on` (or by
    now when no date is given)."""
    if statute is not None and statute.repealed_on and (on is None or on >= statute.repealed_on):
        return RepealRow(statute.title, statute.repealed_on, statute.repealed_by or "")
    return None
