"""Browsing the library: statutes counted by level (效力级别) and legal branch (法律部门),
and one page of statutes filtered by level, branch, status on today's date (时效性), province
(地区, for local regulations), issuing body (制定机关) and words of the title, with the count
of each value of each filter among the statutes the other filters leave.

(Finding text inside statutes is the search index's job, not this module's.)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from core.clock import Clock
from core.errors import InvalidInput
from kb.legal_time.rules import by_start, has_older_versions, statute_status
from kb.library import LevelCount, level_rank
from kb.models import STATUS_CURRENT, STATUS_REPEALED, STATUSES, Statute, StatuteVersion
from core.paging import Page, check_paging
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
    status: str = ""
    region: str = ""
    authority: str = ""

    def checked(self) -> "StatuteFilter":
        if self.level and self.level not in LEVELS:
            raise InvalidInput(f"未知的效力级别：{self.level}（可选：{'、'.join(LEVELS)}）")
        if self.status and self.status not in STATUSES:
            raise InvalidInput(f"未知的时效性：{self.status}（可选：{'、'.join(STATUSES)}）")
        if len(self.title) > MAX_FILTER:
            raise InvalidInput(f"标题筛选词不超过 {MAX_FILTER} 个字")
        return replace(self, branch=self.branch.strip(), title=" ".join(self.title.split()),
                       region=self.region.strip(), authority=self.authority.strip())

    def without(self, name: str) -> "StatuteFilter":
        return replace(self, **{name: ""})


@dataclass(frozen=True)
class Facets:
    """Each filter's values with the number of statutes each would leave."""
    status: list[tuple[str, int]]
    level: list[tuple[str, int]]
    branch: list[tuple[str, int]]
    region: list[tuple[str, int]]
    authority: list[tuple[str, int]]


class Catalogue:
    def __init__(self, sessions, clock: Clock | None = None):
        self.sessions = sessions
        self.clock = clock or Clock()

    def statuses(self, session: Session) -> dict[int, str]:
        """Every statute's status today (kb.legal_time.rules.statute_status), read from
        one aggregate; only a statute none of whose stored texts has taken effect needs
        its history (an older text not in the library may be in force)."""
        today = self.clock.today_local()
        start = func.min(func.coalesce(StatuteVersion.effective_date, StatuteVersion.promulgated,
                                       StatuteVersion.version_date))
        rows = session.execute(select(Statute.id, Statute.repealed_on, start)
                               .join(StatuteVersion, StatuteVersion.statute_id == Statute.id)
                               .group_by(Statute.id)).all()
        out = {}
        for statute_id, repealed_on, first in rows:
            if repealed_on is not None and today >= repealed_on:
                out[statute_id] = STATUS_REPEALED
            elif first is None or first <= today:
                out[statute_id] = STATUS_CURRENT
            else:
                out[statute_id] = self._pending_or_current(session, statute_id, today)
        return out

    @staticmethod
    def _pending_or_current(session: Session, statute_id: int, today: dt.date) -> str:
        versions = by_start([_Dated(*row) for row in session.execute(select(
            StatuteVersion.version_date, StatuteVersion.promulgated, StatuteVersion.effective_date,
            StatuteVersion.events).where(StatuteVersion.statute_id == statute_id))])
        older = has_older_versions(versions[0].events or (), versions[0].version_date)
        return statute_status(versions, today, None, older)

    def facets(self, where: StatuteFilter) -> Facets:
        where = where.checked()
        with self.sessions() as session:
            statuses = self.statuses(session)

            def counts(name: str, column) -> list[tuple[str, int]]:
                conditions = _conditions(where.without(name), statuses)
                rows = session.execute(select(column, func.count(Statute.id)).where(*conditions)
                                       .group_by(column)).all()
                return sorted(((value or NO_BRANCH if name == "branch" else value, count)
                               for value, count in rows if value or name == "branch"),
                              key=lambda item: (-item[1], item[0]))

            ids = session.scalars(select(Statute.id).where(
                *_conditions(where.without("status"), statuses))).all()
            by_status = {status: 0 for status in STATUSES}
            for statute_id in ids:
                by_status[statuses[statute_id]] += 1
            levels = sorted(counts("level", Statute.level), key=lambda item: level_rank(item[0]))
            return Facets([(s, n) for s, n in by_status.items() if n], levels,
                          counts("branch", Statute.branch), counts("region", Statute.region),
                          counts("authority", Statute.authority))

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
                         func.max(StatuteVersion.version_date).label("latest"))
                  .group_by(StatuteVersion.statute_id).subquery())
        stmt = select(Statute, latest.c.versions, latest.c.latest).join(
            latest, latest.c.statute_id == Statute.id)
        with self.sessions() as session:
            statuses = self.statuses(session)
            conditions = _conditions(where, statuses)
            if conditions:
                stmt = stmt.where(and_(*conditions))
            total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = session.execute(stmt.order_by(LEVEL_ORDER, Statute.title)
                                   .offset(offset).limit(limit)).all()
            items = [StatuteSummary(s.id, s.title, s.level, s.branch, s.region, s.authority,
                                    versions, latest_date, statuses[s.id])
                     for s, versions, latest_date in rows]
        return Page(items, page, per_page, total)

    def is_empty(self) -> bool:
        with self.sessions() as session:
            return session.scalar(select(Statute.id).limit(1)) is None


@dataclass(frozen=True)
class _Dated:
    version_date: dt.date | None
    promulgated: dt.date | None
    effective_date: dt.date | None
    events: list | None


def _conditions(where: StatuteFilter, statuses: dict[int, str]) -> list:
    conditions = []
    if where.level:
        conditions.append(Statute.level == where.level)
    if where.branch:
        conditions.append(Statute.branch.is_(None) if where.branch == NO_BRANCH
                          else Statute.branch == where.branch)
    if where.region:
        conditions.append(Statute.region == where.region)
    if where.authority:
        conditions.append(Statute.authority == where.authority)
    if where.status:
        conditions.append(Statute.id.in_([i for i, s in statuses.items() if s == where.status]))
    for word in where.title.split():
        conditions.append(Statute.title.contains(word, autoescape=True))
    return conditions
