"""Administrators correct a version's 公布/施行 dates or a statute's repeal.

Every correction is checked before anything is written (dates in order, none far in the
future, the statute and version exist, a source is named), stored in its own table
(kb.legal_time.models) with a security-log event in the same transaction, and written
onto the library's rows at once; imports apply the corrections again afterwards.
Access (administrators only) is decided by the caller's route, as for departments.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import Clock, from_db, to_db
from core.errors import InvalidInput
from kb.legal_time.apply import apply_repeals, refresh_dates
from kb.legal_time.data import load_data
from kb.legal_time.models import (FIELD_EFFECTIVE, FIELD_PROMULGATED, FIELD_REPEAL,
                                  LegalTimeCorrection)
from kb.models import Statute, StatuteVersion
from kb.search.documents import statute_group
from kb.search.feed import record_search_change
from core.actor import Actor
from accounts.security_log import add_event

EARLIEST = dt.date(1949, 10, 1)
# How far ahead a date may lie: laws are promulgated months, rarely a year or two, before
# they take effect (增值税法: 2024-12-25 → 2026-01-01).
HORIZON_DAYS = 3 * 366
MAX_NOTE = 300
FIELD_NAMES = {FIELD_PROMULGATED: "公布日期", FIELD_EFFECTIVE: "施行日期", FIELD_REPEAL: "废止"}


@dataclass(frozen=True)
class CorrectionView:
    id: int
    version_date: dt.date | None
    field: str
    value: dt.date | None
    by_title: str | None
    note: str
    actor_name: str
    at: dt.datetime

    @property
    def field_name(self) -> str:
        return FIELD_NAMES.get(self.field, self.field)


class LegalTimeAdmin:
    """Corrections of legal time.  Takes a session factory and the clock."""

    def __init__(self, sessions, clock: Clock):
        self.sessions = sessions
        self.clock = clock

    def correct_dates(self, actor: Actor, statute_id: int, version_id: int,
                      promulgated: dt.date | None, effective: dt.date | None, note: str) -> None:
        """Set a version's 公布日期 and/or 施行日期 (None leaves one as it is)."""
        note = _note(note)
        if promulgated is None and effective is None:
            raise InvalidInput("请至少填写公布日期或施行日期，未保存")
        with self.sessions() as session, session.begin():
            statute, version = _version(session, statute_id, version_id)
            self._check_date(promulgated, "公布日期")
            self._check_date(effective, "施行日期")
            published = promulgated or version.promulgated or version.version_date
            if effective is not None and published is not None and effective < published:
                raise InvalidInput(f"施行日期 {effective} 早于公布日期 {published}，未保存")
            for field, value in ((FIELD_PROMULGATED, promulgated), (FIELD_EFFECTIVE, effective)):
                if value is not None:
                    self._add(session, actor, statute, version.version_date, field, value,
                              None, note)
            session.flush()
            refresh_dates(session, load_data(), [statute.id])
            record_search_change(session, statute_group(statute.id))

    def correct_repeal(self, actor: Actor, statute_id: int, repealed_on: dt.date | None,
                       by_title: str, note: str) -> None:
        """Record a statute's repeal (or, with no date, that it is not repealed)."""
        note = _note(note)
        by_title = " ".join((by_title or "").split())[:300]
        with self.sessions() as session, session.begin():
            statute = session.get(Statute, statute_id)
            if statute is None:
                raise InvalidInput(f"法规库中没有编号为 {statute_id} 的法规，未保存")
            if repealed_on is not None:
                self._check_date(repealed_on, "废止日期")
                first = min((d for v in statute.versions if (d := v.promulgated or v.version_date)),
                            default=None)
                if first is not None and repealed_on < first:
                    raise InvalidInput(f"废止日期 {repealed_on} 早于该法规的公布日期 {first}，未保存")
                if not by_title:
                    raise InvalidInput("请填写废止该法规的文件名称，未保存")
            self._add(session, actor, statute, None, FIELD_REPEAL, repealed_on,
                      by_title or None, note)
            session.flush()
            apply_repeals(session, [statute.id], actor)

    def history(self, statute_id: int) -> list[CorrectionView]:
        """The corrections of a statute, newest first."""
        with self.sessions() as session:
            key = session.scalar(select(Statute.key).where(Statute.id == statute_id))
            rows = session.scalars(select(LegalTimeCorrection).where(
                LegalTimeCorrection.statute_key == key).order_by(LegalTimeCorrection.id.desc()))
            return [CorrectionView(r.id, r.version_date, r.field, r.value, r.by_title, r.note,
                                   r.actor_name, from_db(r.at)) for r in rows]

    def _check_date(self, value: dt.date | None, what: str) -> None:
        if value is None:
            return
        latest = self.clock.today_local() + dt.timedelta(days=HORIZON_DAYS)
        if value > latest:
            raise InvalidInput(f"{what} {value} 太远（不得晚于 {latest}），请核对，未保存")
        if value < EARLIEST:
            raise InvalidInput(f"{what} {value} 早于 {EARLIEST}，请核对，未保存")

    def _add(self, session: Session, actor: Actor, statute: Statute, version_date, field: str,
             value: dt.date | None, by_title: str | None, note: str) -> None:
        session.add(LegalTimeCorrection(
            statute_key=statute.key, version_date=version_date, field=field, value=value,
            by_title=by_title, note=note, actor_id=actor.id,
            actor_name=actor.username[:100], at=to_db(self.clock.now())))
        where = f"（{version_date} 版）" if version_date else ""
        shown = value.isoformat() if value else "未废止"
        add_event(session, self.clock, actor, "legal_time_corrected",
                  f"{statute.title}{where}"[:200],
                  f"{FIELD_NAMES[field]}：{shown}" + (f"，{by_title}" if by_title else "")
                  + f"；依据：{note}")


def _note(note: str) -> str:
    note = " ".join((note or "").split())
    if not note:
        raise InvalidInput("请写明更正的依据（如修改决定的名称和文号），未保存")
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"依据不超过 {MAX_NOTE} 个字，未保存")
    return note


def _version(session: Session, statute_id: int, version_id: int) -> tuple[Statute, StatuteVersion]:
    statute = session.get(Statute, statute_id)
    if statute is None:
        raise InvalidInput(f"法规库中没有编号为 {statute_id} 的法规，未保存")
    version = session.get(StatuteVersion, version_id)
    if version is None or version.statute_id != statute_id:
        raise InvalidInput(f"《{statute.title}》没有编号为 {version_id} 的版本，未保存")
    return statute, version
