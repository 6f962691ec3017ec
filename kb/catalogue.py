"""Browsing the library: statutes counted by level (效力级别) and legal branch (法律部门),
and one page of statutes under a level/branch, optionally filtered by words of the title.

(Finding text inside statutes is the search index's job, not this module's.)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from kb.errors import InvalidInput
from kb.library import LevelCount, level_rank
from kb.models import STATUS_CURRENT, Statute, StatuteVersion
from kb.paging import Page, check_paging
from laws.model import LEVELS

MAX_FILTER = 100
LEVEL_ORDER = case({level: rank for rank, level in enumerate(LEVELS)}, value=Statute.level,
                   else_=len(LEVELS))
# Branch shown for statutes the importer could not assign to one.
NO_BRANCH = "未分类"


@dataclass(frozen=True)
class StatuteSummary:
    """A line of a statute list."""
    id: int
    title: str
    level: str
    branch: str | None
    region: str | None
    authority: str | None
    version_count: int
    latest_date: dt.date | None
    status: str

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "level": self.level, "branch": self.branch,
                "region": self.region, "authority": self.authority,
                "version_count": self.version_count,
                "latest_version_date": self.latest_date.isoformat() if self.latest_date else None,
                "status": self.status}


@dataclass(frozen=True)
class StatuteFilter:
    level: str = ""
    branch: str = ""
    title: str = ""

    def checked(self) -> "StatuteFilter":
        if self.level and self.level not in LEVELS:
            raise InvalidInput(f"未知的效力级别：{self.level}（可选：{'、'.join(LEVELS)}）")
        if len(self.title) > MAX_FILTER:
            raise InvalidInput(f"标题筛选词不超过 {MAX_FILTER} 个字")
        return StatuteFilter(self.level, self.branch.strip(), " ".join(self.title.split()))


class Catalogue:
    def __init__(self, sessions):
        self.sessions = sessions

    def levels(self) -> list[LevelCount]:
        """Every level that has statutes, in order of legal force, with its branches."""
        with self.sessions() as session:
            rows = session.execute(select(Statute.level, Statute.branch, func.count(Statute.id))
                                   .group_by(Statute.level, Statute.branch)).all()
        counts: dict[str, LevelCount] = {}
        for level, branch, count in rows:
            entry = counts.setdefault(level, LevelCount(level, 0))
            entry.count += count
            entry.branches.append((branch or NO_BRANCH, count))
        for entry in counts.values():
            entry.branches.sort(key=lambda b: (b[0] == NO_BRANCH, -b[1], b[0]))
        return sorted(counts.values(), key=lambda e: level_rank(e.level))

    def statutes(self, where: StatuteFilter, page: int = 1,
                 per_page: int = 50) -> Page[StatuteSummary]:
        offset, limit = check_paging(page, per_page)
        where = where.checked()
        latest = (select(StatuteVersion.statute_id,
                         func.count(StatuteVersion.id).label("versions"),
                         func.max(StatuteVersion.version_date).label("latest"),
                         func.max(StatuteVersion.status == STATUS_CURRENT).label("current"))
                  .group_by(StatuteVersion.statute_id).subquery())
        stmt = select(Statute, latest.c.versions, latest.c.latest, latest.c.current).join(
            latest, latest.c.statute_id == Statute.id)
        conditions = []
        if where.level:
            conditions.append(Statute.level == where.level)
        if where.branch:
            conditions.append(Statute.branch.is_(None) if where.branch == NO_BRANCH
                              else Statute.branch == where.branch)
        for word in where.title.split():
            conditions.append(Statute.title.contains(word, autoescape=True))
        if conditions:
            stmt = stmt.where(and_(*conditions))
        with self.sessions() as session:
            total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = session.execute(stmt.order_by(LEVEL_ORDER, Statute.title)
                                   .offset(offset).limit(limit)).all()
            items = [StatuteSummary(s.id, s.title, s.level, s.branch, s.region, s.authority,
                                    versions, latest_date,
                                    STATUS_CURRENT if current else _status_of(s))
                     for s, versions, latest_date, current in rows]
        return Page(items, page, per_page, total)

    def is_empty(self) -> bool:
        with self.sessions() as session:
            return session.scalar(select(Statute.id).limit(1)) is None


def _status_of(statute: Statute) -> str:
    return "已废止" if statute.repealed_on else "已修改"
