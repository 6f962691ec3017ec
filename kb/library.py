"""Reading the statute library: find a statute by any of its names, pick the version in
force on a date, fetch an article, list statutes and a version's table of contents.

Everything returns the dataclasses below, never ORM rows.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from core.clock import Clock
from core.errors import ArticleNotFound, InvalidInput, NotFound, StatuteNotFound
from kb.legal_time.rules import (InForce, Repeal, dated_statuses, has_older_versions,
                                 in_force_on, start_of, statute_status)
from kb.models import (KIND_ARTICLE, KIND_HEADING, KIND_PASSAGE, STATUS_CURRENT, Statute,
                       StatuteAlias, StatuteVersion, Unit)
from laws.model import EFFECTIVE_NONE, EFFECTIVE_SOURCES, LEVELS, Paragraph
from laws.numbering import format_article_label, parse_article_ref
from laws.parser import paragraphs_from_text
from laws.titles import normalise_title


@dataclass(frozen=True)
class StatuteInfo:
    id: int
    title: str
    short_title: str
    level: str
    branch: str | None
    region: str | None
    authority: str | None
    repealed_on: dt.date | None = None
    repealed_by: str | None = None
    repeal_source: str | None = None

    @property
    def repeal(self) -> Repeal | None:
        return Repeal(self.repealed_on, self.repealed_by or "", self.repeal_source or "") \
            if self.repealed_on else None


@dataclass(frozen=True)
class VersionInfo:
    id: int
    statute_id: int
    version_date: dt.date | None
    effective_date: dt.date | None
    # 现行有效 / 已修改 / 已废止 / 尚未施行 on the date the library was asked about (today
    # by default), and the event behind it.
    status: str
    source_path: str
    article_count: int
    header_lines: tuple[str, ...] = ()
    events: tuple[dict, ...] = ()
    warnings: tuple[str, ...] = ()
    promulgated: dt.date | None = None
    effective_source: str = EFFECTIVE_NONE
    effective_note: str | None = None
    status_event: str = ""
    # Changes whenever the version's text does (cache keys of rendered texts).
    content_hash: str = ""

    @property
    def label(self) -> str:
        return f"{self.version_date.isoformat()} 版" if self.version_date else "日期不详的版本"

    @property
    def effective_source_text(self) -> str:
        return EFFECTIVE_SOURCES.get(self.effective_source, self.effective_source)

    @property
    def in_force_from(self) -> dt.date | None:
        return start_of(self)

    def to_json(self) -> dict:
        return {"id": self.id, "version_date": _iso(self.version_date),
                "promulgated": _iso(self.promulgated),
                "effective_date": _iso(self.effective_date),
                "effective": _iso(self.effective_date), "effective_source": self.effective_source,
                "effective_note": self.effective_note, "status": self.status,
                "status_event": self.status_event,
                "article_count": self.article_count, "source_path": self.source_path,
                "history": [dict(e) for e in self.events]}


def time_json(statute: "StatuteInfo", version: VersionInfo, in_force: bool | None,
              notice: str) -> dict:
    """The legal-time fields of `kb show --json` and the API (issue G)."""
    return {"promulgated": _iso(version.promulgated), "effective": _iso(version.effective_date),
            "effective_source": version.effective_source, "status": version.status,
            "status_event": version.status_event, "in_force_on_date": in_force,
            "notice": notice, "repealed_on": _iso(statute.repealed_on),
            "repealed_by": statute.repealed_by}


@dataclass(frozen=True)
class ArticleView:
    """An article as a reader sees it, with the version it comes from."""
    statute: StatuteInfo
    version: VersionInfo
    unit_id: int
    article_no: int
    article_suffix: int
    article_label: str
    chapter: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]
    # Whether the version shown was in force on the date asked for (None: no date asked),
    # and when not, the sentence saying so (库中没有 2021-12-01 时有效的版本；…).
    in_force_on_date: bool | None = None
    notice: str = ""

    @property
    def text(self) -> str:
        return "\n".join(line for p in self.paragraphs for line in p.lines())

    @property
    def slug(self) -> str:
        return article_slug(self.article_no, self.article_suffix)

    def to_json(self) -> dict:
        return {
            "law_id": self.statute.id,
            "law_title": self.statute.title,
            "short_title": self.statute.short_title,
            "level": self.statute.level,
            "version_id": self.version.id,
            "version_date": _iso(self.version.version_date),
            "effective_date": _iso(self.version.effective_date),
            **time_json(self.statute, self.version, self.in_force_on_date, self.notice),
            "article_no": self.article_no,
            "article_suffix": self.article_suffix,
            "article_label": self.article_label,
            "chapter": list(self.chapter),
            "paragraphs": ["\n".join(p.lines()) for p in self.paragraphs],
            "structure": [{"text": p.text,
                           "items": [{"label": i.label, "text": i.text, "subitems": i.subitems}
                                     for i in p.items]} for p in self.paragraphs],
        }


@dataclass(frozen=True)
class TocEntry:
    """A line of a table of contents: a heading, or an article under it."""
    kind: str
    depth: int
    text: str
    article_no: int | None = None
    article_suffix: int = 0
    # The article's opening words, so a reader can tell articles apart in the contents.
    snippet: str = ""

    @property
    def slug(self) -> str:
        return article_slug(self.article_no, self.article_suffix) if self.article_no else ""

    def to_json(self) -> dict:
        if self.kind == KIND_HEADING:
            return {"kind": self.kind, "depth": self.depth, "text": self.text}
        return {"kind": self.kind, "label": self.text, "article_no": self.article_no,
                "article_suffix": self.article_suffix, "snippet": self.snippet}


@dataclass(frozen=True)
class StatuteOutline:
    """A statute as its page shows it: versions, the chosen one, and its contents."""
    statute: StatuteInfo
    versions: list[VersionInfo]
    version: VersionInfo
    toc: list[TocEntry]
    # As ArticleView: whether the version shown was in force on the date asked for.
    in_force_on_date: bool | None = None
    # The body of a document without articles (a decision, a resolution): its passages.
    passages: tuple[str, ...] = ()
    notice: str = ""
    # The statute's status on the date (today by default).
    statute_status: str = STATUS_CURRENT

    def to_json(self) -> dict:
        return {**statute_json(self.statute), "versions": [v.to_json() for v in self.versions],
                "version": self.version.to_json(),
                **time_json(self.statute, self.version, self.in_force_on_date, self.notice),
                "statute_status": self.statute_status,
                "toc": [entry.to_json() for entry in self.toc], "passages": list(self.passages)}


@dataclass
class LevelCount:
    level: str
    count: int
    branches: list[tuple[str, int]] = field(default_factory=list)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def statute_json(info: StatuteInfo) -> dict:
    return {"id": info.id, "title": info.title, "short_title": info.short_title,
            "level": info.level, "branch": info.branch, "region": info.region,
            "authority": info.authority}


def article_slug(number: int, suffix: int = 0) -> str:
    """How an article number appears in a URL: 34, or 10-1 for 第十条之一."""
    return f"{number}-{suffix}" if suffix else str(number)


# What article_slug writes; the API accepts exactly this, pages also what readers type.
SLUG_PATTERN = r"^[1-9][0-9]{0,3}(-[1-9][0-9]{0,2})?$"


def parse_article_slug(text: str, *, strict: bool = False) -> tuple[int, int]:
    """The inverse of article_slug; unless strict, also what a reader types (三十四, 第十条之一)."""
    if strict and not re.fullmatch(SLUG_PATTERN.strip("^$"), text):  # no "34\n" for $
        raise InvalidInput(f"条号格式应为 34 或 10-1（第十条之一）：“{text[:30]}”")
    head, dash, tail = text.partition("-")
    if dash and re.fullmatch(r"[0-9]{1,6}", head) and re.fullmatch(r"[0-9]{1,4}", tail):
        key = (int(head), int(tail))
    else:
        key = parse_article_ref(text) if len(text) <= 30 else None
    # Article numbers are written in Chinese below 10000 (laws.numbering.format_numeral).
    if key is None or not 0 < key[0] < 10000 or not 0 <= key[1] < 1000:
        raise InvalidInput(f"无法识别的条号：“{text[:30]}”（示例：34、三十四、第三十四条、10-1）")
    return key


def _snippet(text: str, length: int = 40) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= length else first[:length] + "…"


def statute_info(statute) -> StatuteInfo:
    """From a Statute or a row with its columns' names."""
    return StatuteInfo(statute.id, statute.title, statute.short_title, statute.level,
                       statute.branch, statute.region, statute.authority, statute.repealed_on,
                       statute.repealed_by, statute.repeal_source)


def version_info(version) -> VersionInfo:
    """From a StatuteVersion or a row with its columns' names."""
    return VersionInfo(version.id, version.statute_id, version.version_date,
                       version.effective_date, version.status, version.source_path,
                       version.article_count, tuple(version.header_lines or ()),
                       tuple(version.events or ()), tuple(version.warnings or ()),
                       version.promulgated, version.effective_source or EFFECTIVE_NONE,
                       version.effective_note, content_hash=version.content_hash or "")


def level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def parse_date_arg(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"日期格式不正确：“{text}”，应为 YYYY-MM-DD") from None


def library_counts(session: Session) -> tuple[int, int, int]:
    """(statutes, versions, articles) in the whole library."""
    statutes = session.scalar(select(func.count(Statute.id))) or 0
    versions = session.scalar(select(func.count(StatuteVersion.id))) or 0
    articles = session.scalar(select(func.coalesce(func.sum(StatuteVersion.article_count), 0)))
    return statutes, versions, int(articles or 0)


# The article page's statements, built once: building a select() and its cache key on
# every call cost twice what SQLite took to run it.
_THE_ARTICLE = (Unit.version_id == bindparam("version_id"), Unit.kind == KIND_ARTICLE,
                Unit.article_no == bindparam("number"), Unit.article_suffix == bindparam("suffix"))
_ARTICLE_UNIT = select(Unit).where(*_THE_ARTICLE).order_by(Unit.seq).limit(1)
_ARTICLE_SEQ = select(Unit.seq).where(*_THE_ARTICLE).order_by(Unit.seq).limit(1)
_ARTICLES_AROUND = select(Unit.label, Unit.article_no, Unit.article_suffix).where(
    Unit.version_id == bindparam("version_id"), Unit.kind == KIND_ARTICLE)
_ARTICLE_BEFORE = (_ARTICLES_AROUND.where(Unit.seq < bindparam("seq"))
                   .order_by(Unit.seq.desc()).limit(1))
_ARTICLE_AFTER = _ARTICLES_AROUND.where(Unit.seq > bindparam("seq")).order_by(Unit.seq).limit(1)

# A statute and its versions as plain rows with the attributes statute_info and
# version_info read (Library.dated, twice per article page).
_STATUTE_ROW = select(Statute.id, Statute.title, Statute.short_title, Statute.level,
                      Statute.branch, Statute.region, Statute.authority, Statute.repealed_on,
                      Statute.repealed_by, Statute.repeal_source) \
    .where(Statute.id == bindparam("statute_id"))
_VERSION_ROWS = select(StatuteVersion.id, StatuteVersion.statute_id, StatuteVersion.version_date,
                       StatuteVersion.effective_date, StatuteVersion.status,
                       StatuteVersion.source_path, StatuteVersion.article_count,
                       StatuteVersion.header_lines, StatuteVersion.events,
                       StatuteVersion.warnings, StatuteVersion.promulgated,
                       StatuteVersion.effective_source, StatuteVersion.effective_note,
                       StatuteVersion.content_hash) \
    .where(StatuteVersion.statute_id == bindparam("statute_id")).order_by(StatuteVersion.id)


class Library:
    """Queries over the stored statutes.  Takes a session factory (`Database.session`)
    and the clock that says what "today" is (statuses are relative to a date)."""

    def __init__(self, sessions, clock: Clock | None = None):
        self.sessions = sessions
        self.clock = clock or Clock()

    def find_statute(self, name: str) -> StatuteInfo:
        """A statute by full title, short title or alias (《》 and spaces ignored)."""
        key = normalise_title(name.strip().strip("《》〈〉"))
        if not key:
            raise StatuteNotFound(name)
        with self.sessions() as session:
            candidates = session.scalars(
                select(Statute).join(StatuteAlias).where(StatuteAlias.alias == key)).unique().all()
            if not candidates:
                candidates = session.scalars(select(Statute).where(Statute.key == key)).all()
            if not candidates:
                raise StatuteNotFound(name, self._suggest(session, key))
            best = min(candidates, key=lambda s: (level_rank(s.level), s.id))
            return statute_info(best)

    def get_statute(self, statute_id: int) -> StatuteInfo:
        with self.sessions() as session:
            statute = session.get(Statute, statute_id)
            if statute is None:
                raise StatuteNotFound(str(statute_id))
            return statute_info(statute)

    @staticmethod
    def _suggest(session: Session, key: str) -> list[str]:
        aliases = session.scalars(select(StatuteAlias.alias)).all()
        return difflib.get_close_matches(key, aliases, n=3, cutoff=0.6)

    def today(self) -> dt.date:
        return self.clock.today_local()

    def dated(self, statute_id: int, on: dt.date | None = None) -> "DatedStatute":
        """The statute and its versions with their statuses on `on` (today when None), read
        in one session: every question about legal time on one date is answered from it."""
        on = on or self.today()
        with self.sessions() as session:
            statute = session.execute(_STATUTE_ROW, {"statute_id": statute_id}).first()
            if statute is None:
                raise StatuteNotFound(str(statute_id))
            info = statute_info(statute)
            versions = [version_info(v) for v in
                        session.execute(_VERSION_ROWS, {"statute_id": statute_id})]
        return DatedStatute(info, dated_statuses(versions, on, info.repeal), on)

    def versions(self, statute_id: int, on: dt.date | None = None) -> list[VersionInfo]:
        """Versions in the order they took effect (undated ones first), with their status
        on `on` (today when None)."""
        return self.dated(statute_id, on).versions

    def in_force(self, statute_id: int, on: dt.date) -> InForce:
        """Which version was in force on `on` (rules in kb.legal_time.rules)."""
        return self.dated(statute_id, on).in_force()

    def statute_status(self, statute_id: int, on: dt.date | None = None) -> str:
        return self.dated(statute_id, on).status()

    def current_version(self, statute_id: int) -> VersionInfo:
        """The version in force today; the newest when none is (repealed, or not yet)."""
        return self.version_on(statute_id, self.today())[0]

    def version_on(self, statute_id: int, on: dt.date) -> tuple[VersionInfo, bool]:
        """The version in force on `on`, or (the version to show instead, False)."""
        found = self.in_force(statute_id, on)
        return found.shown, found.in_force

    def resolve_version(self, statute_id: int, on: dt.date | None,
                        version_id: int | None = None) -> tuple[VersionInfo, bool | None, str]:
        """A version by id (it must belong to the statute), else the one in force on a
        date, else the current one; with whether it was in force on that date (None
        without a date) and the sentence saying so when not.  Statuses are as of `on`."""
        return self.dated(statute_id, on).resolve(version_id, dated=on is not None)

    def version(self, statute_id: int, version_id: int,
                on: dt.date | None = None) -> VersionInfo:
        return self.dated(statute_id, on).version(version_id)

    def get_article(self, statute: str | int, article: str | int | tuple[int, int],
                    on: dt.date | None = None, version_id: int | None = None) -> ArticleView:
        """An article by statute (name or id) and number (34, 三十四, 第三十四条, (10, 1)),
        from the given version, or the one in force on `on`, or the current one."""
        number, suffix = _article_key(article)
        dated = self.dated(statute if isinstance(statute, int) else self.find_statute(statute).id, on)
        info = dated.statute
        version, exact, notice = dated.resolve(version_id, dated=on is not None)
        with self.sessions() as session:
            unit = session.scalars(_ARTICLE_UNIT, {"version_id": version.id, "number": number,
                                                   "suffix": suffix}).first()
            if unit is None:
                raise ArticleNotFound(info.title, format_article_label(number, suffix),
                                      version.version_date)
            return ArticleView(info, version, unit.id, number, suffix, unit.label,
                               tuple(unit.heading_path), tuple(paragraphs_from_text(unit.text)),
                               exact, notice)

    def articles(self, version_id: int) -> list[ArticleView]:
        """Every article of a version in source order (bulk readers: question generation)."""
        with self.sessions() as session:
            version = session.get(StatuteVersion, version_id)
            if version is None:
                raise InvalidInput(f"没有编号为 {version_id} 的法规版本")
            statute, info = statute_info(version.statute), version_info(version)
            units = session.scalars(select(Unit).where(
                Unit.version_id == version_id, Unit.kind == KIND_ARTICLE).order_by(Unit.seq)).all()
            return [ArticleView(statute, info, u.id, u.article_no, u.article_suffix, u.label,
                                tuple(u.heading_path), tuple(paragraphs_from_text(u.text)))
                    for u in units]

    def table_of_contents(self, version_id: int) -> list[TocEntry]:
        with self.sessions() as session:
            rows = session.execute(select(Unit.kind, Unit.depth, Unit.label, Unit.text,
                                          Unit.article_no, Unit.article_suffix)
                                   .where(Unit.version_id == version_id,
                                          Unit.kind.in_((KIND_HEADING, KIND_ARTICLE)))
                                   .order_by(Unit.seq)).all()
        entries = []
        for kind, depth, label, text, number, suffix in rows:
            if kind == KIND_HEADING:
                entries.append(TocEntry(kind, depth or 0, text))
            else:
                entries.append(TocEntry(kind, 0, label, number, suffix, _snippet(text)))
        return entries

    def outline(self, statute_id: int, version_id: int | None = None,
                on: dt.date | None = None) -> StatuteOutline:
        dated = self.dated(statute_id, on)
        version, exact, notice = dated.resolve(version_id, dated=on is not None)
        return StatuteOutline(dated.statute, dated.versions, version,
                              self.table_of_contents(version.id), exact,
                              () if version.article_count else self.passages(version.id),
                              notice, dated.status())

    def passages(self, version_id: int) -> tuple[str, ...]:
        with self.sessions() as session:
            return tuple(session.scalars(select(Unit.text).where(
                Unit.version_id == version_id, Unit.kind == KIND_PASSAGE).order_by(Unit.seq)))

    def adjacent(self, version_id: int, number: int,
                 suffix: int = 0) -> tuple[TocEntry | None, TocEntry | None]:
        """The articles before and after one article in a version (None at either end)."""
        with self.sessions() as session:
            seq = session.scalar(_ARTICLE_SEQ, {"version_id": version_id, "number": number, "suffix": suffix})
            if seq is None:
                return None, None
            where = {"version_id": version_id, "seq": seq}
            before = session.execute(_ARTICLE_BEFORE, where).first()
            after = session.execute(_ARTICLE_AFTER, where).first()
        return tuple(TocEntry(KIND_ARTICLE, 0, row[0], row[1], row[2]) if row else None
                     for row in (before, after))


@dataclass(frozen=True)
class DatedStatute:
    """A statute and its versions with their statuses on one date (`Library.dated`)."""
    statute: StatuteInfo
    versions: list[VersionInfo]
    on: dt.date

    def _older(self) -> bool:
        first = self.versions[0] if self.versions else None
        return first is not None and has_older_versions(first.events, first.version_date)

    def in_force(self) -> InForce:
        """Which version was in force on the date (rules in kb.legal_time.rules)."""
        return in_force_on(self.versions, self.on, self.statute.repeal, self._older())

    def status(self) -> str:
        return statute_status(self.versions, self.on, self.statute.repealed_on, self._older())

    def version(self, version_id: int) -> VersionInfo:
        for version in self.versions:
            if version.id == version_id:
                return version
        raise NotFound(f"该法规没有编号为 {version_id} 的版本")

    def resolve(self, version_id: int | None, dated: bool) -> tuple[VersionInfo, bool | None, str]:
        """`Library.resolve_version` on this snapshot; `dated`: the date was asked for."""
        if not dated:
            version = (self.version(version_id) if version_id is not None
                       else self.in_force().shown)
            return version, None, ""
        found = self.in_force()
        if version_id is None:
            return found.shown, found.in_force, found.message
        version = next((v for v in self.versions if v.id == version_id), None)
        if version is None:
            raise NotFound(f"该法规没有编号为 {version_id} 的版本")
        exact = found.version is not None and found.version.id == version_id
        return version, exact, "" if exact else (found.message or _not_in_force(version, self.on))


def _not_in_force(version: VersionInfo, on: dt.date) -> str:
    return f"所示 {version.label}在 {on} 时{version.status}，不是当时有效的版本"


def _article_key(article: str | int | tuple[int, int]) -> tuple[int, int]:
    if isinstance(article, tuple):
        key = article
    elif isinstance(article, int):
        key = (article, 0)
    else:
        key = parse_article_ref(article)
        if key is None:
            raise InvalidInput(f"无法识别的条号：“{article}”（示例：34、三十四、第三十四条、第十条之一）")
    if not 0 < key[0] < 10000 or not 0 <= key[1] < 1000:
        raise InvalidInput(f"条号超出范围：{article}（应在 1 到 9999 之间）")
    return key
