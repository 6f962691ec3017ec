"""Reading the statute library: find a statute by any of its names, pick the version in
force on a date, fetch an article, list statutes and a version's table of contents.

Everything returns the dataclasses below, never ORM rows.
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kb.errors import ArticleNotFound, InvalidInput, StatuteNotFound
from kb.models import (KIND_ARTICLE, KIND_HEADING, STATUS_CURRENT, Statute, StatuteAlias,
                       StatuteVersion, Unit)
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


@dataclass
class LevelCount:
    level: str
    count: int
    branches: list[tuple[str, int]] = field(default_factory=list)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def statute_info(statute: Statute) -> StatuteInfo:
    return StatuteInfo(statute.id, statute.title, statute.short_title, statute.level,
                       statute.branch, statute.region, statute.authority)


def version_info(version: StatuteVersion) -> VersionInfo:
    return VersionInfo(version.id, version.statute_id, version.version_date,
                       version.effective_date, version.status, version.source_path,
                       version.article_count, tuple(version.header_lines or ()),
                       tuple(version.events or ()), tuple(version.warnings or ()))


def _level_rank(level: str) -> int:
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
            best = min(candidates, key=lambda s: (_level_rank(s.level), s.id))
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

    def resolve_version(self, statute_id: int, on: dt.date | None) -> tuple[VersionInfo, bool]:
        if on is None:
            return self.current_version(statute_id), True
        return self.version_on(statute_id, on)

    def get_article(self, statute: str | int, article: str | int | tuple[int, int],
                    on: dt.date | None = None) -> ArticleView:
        """An article by statute (name or id) and number (34, 三十四, 第三十四条, (10, 1))."""
        info = self.get_statute(statute) if isinstance(statute, int) else self.find_statute(statute)
        number, suffix = _article_key(article)
        version, exact = self.resolve_version(info.id, on)
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
                entries.append(TocEntry(kind, 0, label, number, suffix))
        return entries


def _article_key(article: str | int | tuple[int, int]) -> tuple[int, int]:
    if isinstance(article, tuple):
        return article
    if isinstance(article, int):
        if article <= 0:
            raise InvalidInput(f"条号必须是正整数：{article}")
        return article, 0
    parsed = parse_article_ref(article)
    if parsed is None:
        raise InvalidInput(f"无法识别的条号：“{article}”（示例：34、三十四、第三十四条、第十条之一）")
    return parsed
