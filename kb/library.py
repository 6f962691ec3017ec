"""Reading the statute library: find a statute by any of its names, pick the version in
force on a date, fetch an article, list statutes and a version's table of contents.

Everything returns the dataclasses below, never ORM rows.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kb.errors import ArticleNotFound, InvalidInput, NotFound, StatuteNotFound
from kb.models import (KIND_ARTICLE, KIND_HEADING, KIND_PASSAGE, STATUS_CURRENT, Statute,
                       StatuteAlias, StatuteVersion, Unit)
from laws.model import LEVELS, Paragraph
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


@dataclass(frozen=True)
class VersionInfo:
    id: int
    statute_id: int
    version_date: dt.date | None
    effective_date: dt.date | None
    status: str
    source_path: str
    article_count: int
    header_lines: tuple[str, ...] = ()
    events: tuple[dict, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.version_date.isoformat()} 版" if self.version_date else "日期不详的版本"

    def to_json(self) -> dict:
        return {"id": self.id, "version_date": _iso(self.version_date),
                "effective_date": _iso(self.effective_date), "status": self.status,
                "article_count": self.article_count, "source_path": self.source_path,
                "history": [dict(e) for e in self.events]}


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
    # False when no version in the library was in force on the date asked for and the
    # nearest one is shown instead.
    in_force_on_date: bool = True

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
            "status": self.version.status,
            "in_force_on_date": self.in_force_on_date,
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
    # False when a date was asked for and no version was in force then.
    in_force_on_date: bool = True
    # The body of a document without articles (a decision, a resolution): its passages.
    passages: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {**statute_json(self.statute), "versions": [v.to_json() for v in self.versions],
                "version": self.version.to_json(), "in_force_on_date": self.in_force_on_date,
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


def statute_info(statute: Statute) -> StatuteInfo:
    return StatuteInfo(statute.id, statute.title, statute.short_title, statute.level,
                       statute.branch, statute.region, statute.authority)


def version_info(version: StatuteVersion) -> VersionInfo:
    return VersionInfo(version.id, version.statute_id, version.version_date,
                       version.effective_date, version.status, version.source_path,
                       version.article_count, tuple(version.header_lines or ()),
                       tuple(version.events or ()), tuple(version.warnings or ()))


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


class Library:
    """Queries over the stored statutes.  Takes a session factory (`Database.session`)."""

    def __init__(self, sessions):
        self.sessions = sessions

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

    def versions(self, statute_id: int) -> list[VersionInfo]:
        """Versions oldest first (undated ones first of all)."""
        with self.sessions() as session:
            rows = session.scalars(select(StatuteVersion).where(
                StatuteVersion.statute_id == statute_id)).all()
            ordered = sorted(rows, key=lambda v: (v.version_date is not None,
                                                  v.version_date or dt.date.min, v.id))
            return [version_info(v) for v in ordered]

    def current_version(self, statute_id: int) -> VersionInfo:
        versions = self.versions(statute_id)
        current = [v for v in versions if v.status == STATUS_CURRENT]
        return (current or versions)[-1]

    def version_on(self, statute_id: int, on: dt.date) -> tuple[VersionInfo, bool]:
        """The version in force on `on`, or (nearest version, False) when the library has none."""
        versions = [v for v in self.versions(statute_id) if v.version_date]
        if not versions:
            return self.current_version(statute_id), False
        in_force = [v for v in versions if (v.effective_date or v.version_date) <= on]
        if in_force:
            return in_force[-1], True
        return versions[0], False

    def resolve_version(self, statute_id: int, on: dt.date | None,
                        version_id: int | None = None) -> tuple[VersionInfo, bool]:
        """A version by id (it must belong to the statute), else the one in force on a
        date, else the current one; with whether it was in force on that date."""
        if version_id is not None:
            return self.version(statute_id, version_id), True
        if on is None:
            return self.current_version(statute_id), True
        return self.version_on(statute_id, on)

    def version(self, statute_id: int, version_id: int) -> VersionInfo:
        for version in self.versions(statute_id):
            if version.id == version_id:
                return version
        raise NotFound(f"该法规没有编号为 {version_id} 的版本")

    def get_article(self, statute: str | int, article: str | int | tuple[int, int],
                    on: dt.date | None = None, version_id: int | None = None) -> ArticleView:
        """An article by statute (name or id) and number (34, 三十四, 第三十四条, (10, 1)),
        from the given version, or the one in force on `on`, or the current one."""
        info = self.get_statute(statute) if isinstance(statute, int) else self.find_statute(statute)
        number, suffix = _article_key(article)
        version, exact = self.resolve_version(info.id, on, version_id)
        with self.sessions() as session:
            unit = session.scalars(select(Unit).where(
                Unit.version_id == version.id, Unit.kind == KIND_ARTICLE,
                Unit.article_no == number, Unit.article_suffix == suffix)
                .order_by(Unit.seq).limit(1)).first()
            if unit is None:
                raise ArticleNotFound(info.title, format_article_label(number, suffix),
                                      version.version_date)
            return ArticleView(info, version, unit.id, number, suffix, unit.label,
                               tuple(unit.heading_path), tuple(paragraphs_from_text(unit.text)),
                               exact)

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
        statute = self.get_statute(statute_id)
        version, exact = self.resolve_version(statute_id, on, version_id)
        return StatuteOutline(statute, self.versions(statute_id), version,
                              self.table_of_contents(version.id), exact,
                              () if version.article_count else self.passages(version.id))

    def passages(self, version_id: int) -> tuple[str, ...]:
        with self.sessions() as session:
            return tuple(session.scalars(select(Unit.text).where(
                Unit.version_id == version_id, Unit.kind == KIND_PASSAGE).order_by(Unit.seq)))

    def adjacent(self, version_id: int, number: int,
                 suffix: int = 0) -> tuple[TocEntry | None, TocEntry | None]:
        """The articles before and after one article in a version (None at either end)."""
        with self.sessions() as session:
            seq = session.scalar(select(Unit.seq).where(
                Unit.version_id == version_id, Unit.kind == KIND_ARTICLE,
                Unit.article_no == number, Unit.article_suffix == suffix).limit(1))
            if seq is None:
                return None, None
            base = select(Unit.label, Unit.article_no, Unit.article_suffix).where(
                Unit.version_id == version_id, Unit.kind == KIND_ARTICLE)
            before = session.execute(base.where(Unit.seq < seq).order_by(Unit.seq.desc()).limit(1)).first()
            after = session.execute(base.where(Unit.seq > seq).order_by(Unit.seq).limit(1)).first()
        return tuple(TocEntry(KIND_ARTICLE, 0, row[0], row[1], row[2]) if row else None
                     for row in (before, after))


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
