"""The biweekly schedule: its settings, their validation, and the periods they define.

A period starts every `interval_weeks` weeks on `weekday` at `time` (Asia/Shanghai),
counted from an anchor week; its round stays open `open_days` days and the reminder goes
`reminder_hours` before the close.  The period key (schedule:YYYY-MM-DD) is what makes
"one round per period" a unique constraint in the database.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, replace


from sqlalchemy import select

from accounts.security_log import add_event
from accounts.user import Department
from core.actor import Actor
from core.clock import LOCAL_TZ, to_db
from quizzes.models import ScheduleRow
from core.errors import InvalidInput

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
# The Monday from which periods are counted (any Monday works; it fixes which weeks are "on").
DEFAULT_ANCHOR = dt.date(2026, 1, 5)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class ScheduleSettings:
    # Off until an administrator turns it on: otherwise the first scheduler start on a new
    # install would open a round for everyone.
    enabled: bool = False
    interval_weeks: int = 2
    weekday: int = 0                 # 0 = Monday
    time: str = "09:00"
    open_days: int = 7
    reminder_hours: int = 24
    question_count: int = 10
    # Composition policy handed to the quiz engine (type mix etc.).
    policy: dict = field(default_factory=dict)
    # Department ids; empty means everyone.
    departments: tuple[int, ...] = ()
    anchor: str = DEFAULT_ANCHOR.isoformat()

    def validated(self) -> "ScheduleSettings":
        """This object if every field is sound; InvalidInput listing every problem otherwise."""
        problems = []
        if not isinstance(self.interval_weeks, int) or not 1 <= self.interval_weeks <= 12:
            problems.append("推送间隔须为 1 至 12 周")
        if self.weekday not in range(7):
            problems.append("星期须为星期一至星期日之一")
        if parse_time(self.time) is None:
            problems.append(f"时间“{self.time}”不存在，请用 00:00 至 23:59 之间的时间")
        if not isinstance(self.open_days, int) or self.open_days < 1:
            problems.append("开放天数须至少 1 天（截止时间不能早于开放时间）")
        elif isinstance(self.interval_weeks, int) and self.open_days > self.interval_weeks * 7:
            problems.append("开放天数不能超过推送间隔，否则两期会重叠")
        if not isinstance(self.reminder_hours, int) or self.reminder_hours < 1:
            problems.append("截止前提醒须至少提前 1 小时")
        elif isinstance(self.open_days, int) and self.reminder_hours >= self.open_days * 24:
            problems.append("提醒时间须在开放期内（提前小时数须小于开放时长）")
        if not isinstance(self.question_count, int) or not 1 <= self.question_count <= 100:
            problems.append("每期题目数须为 1 至 100")
        try:
            anchor = dt.date.fromisoformat(self.anchor)
        except (TypeError, ValueError):
            anchor = None
            problems.append("起始日期格式不正确")
        if anchor is not None and anchor.weekday() != 0:
            problems.append("起始日期须为星期一")
        if problems:
            raise InvalidInput("；".join(problems))
        return self

    def to_json(self) -> dict:
        data = asdict(self)
        data["departments"] = list(self.departments)
        return data

    @classmethod
    def from_json(cls, data: dict | None) -> "ScheduleSettings":
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        if "departments" in known:
            known["departments"] = tuple(known["departments"] or ())
        return cls(**known)

    def describe(self) -> str:
        every = "每周" if self.interval_weeks == 1 else f"每{self.interval_weeks}周"
        return (f"{every}{WEEKDAYS[self.weekday]} {self.time} 开放，持续 {self.open_days} 天，"
                f"截止前 {self.reminder_hours} 小时提醒，每期 {self.question_count} 题")


def parse_time(text: str) -> dt.time | None:
    match = _TIME.match((text or "").strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


@dataclass(frozen=True)
class Period:
    key: str
    number: int
    open_at: dt.datetime        # aware UTC
    remind_at: dt.datetime
    close_at: dt.datetime

    def state_at(self, now: dt.datetime) -> str:
        if now < self.open_at:
            return "upcoming"
        if now >= self.close_at:
            return "closed"
        return "remind" if now >= self.remind_at else "open"


def period_number_at(settings: ScheduleSettings, now: dt.datetime) -> int:
    """Index of the latest period that has started by `now` (negative before the anchor)."""
    first = _start(settings, 0)
    length = dt.timedelta(weeks=settings.interval_weeks)
    return (now - first) // length


def period(settings: ScheduleSettings, number: int) -> Period:
    start = _start(settings, number)
    close = start + dt.timedelta(days=settings.open_days)
    return Period(key=f"schedule:{start.astimezone(LOCAL_TZ).date().isoformat()}", number=number,
                  open_at=start, remind_at=close - dt.timedelta(hours=settings.reminder_hours),
                  close_at=close)


def current_period(settings: ScheduleSettings, now: dt.datetime) -> Period:
    return period(settings, period_number_at(settings, now))


def next_period(settings: ScheduleSettings, now: dt.datetime) -> Period:
    return period(settings, period_number_at(settings, now) + 1)


def _start(settings: ScheduleSettings, number: int) -> dt.datetime:
    anchor = dt.date.fromisoformat(settings.anchor)
    day = anchor + dt.timedelta(days=settings.weekday, weeks=number * settings.interval_weeks)
    local = dt.datetime.combine(day, parse_time(settings.time), tzinfo=LOCAL_TZ)
    return local.astimezone(dt.timezone.utc)


class ScheduleStore:
    """Reads and saves the schedule settings (one row; defaults — push off — until an
    admin saves)."""

    def __init__(self, sessions, clock):
        self.sessions = sessions
        self.clock = clock

    def load(self) -> ScheduleSettings:
        with self.sessions() as session:
            row = session.get(ScheduleRow, 1)
            return ScheduleSettings.from_json(row.settings) if row else ScheduleSettings()

    def save(self, actor: Actor, settings: ScheduleSettings) -> ScheduleSettings:
        """Store the settings (validated) and record the edit in the audit log."""
        settings.validated()
        with self.sessions() as session, session.begin():
            row = session.get(ScheduleRow, 1)
            if row is None:
                row = ScheduleRow(id=1, version=0)
                session.add(row)
            row.settings = settings.to_json()
            row.updated_at = to_db(self.clock.now())
            row.updated_by = actor.id
            row.version = (row.version or 0) + 1
            add_event(session, self.clock, actor, "schedule_updated", "推送计划",
                      ("已启用：" if settings.enabled else "未启用：") + settings.describe()
                      + f"；推送对象：{_audience_text(session, settings.departments)}")
        return settings

    def update(self, actor: Actor, **changes) -> ScheduleSettings:
        return self.save(actor, replace(self.load(), **changes))


def _audience_text(session, department_ids: tuple[int, ...]) -> str:
    if not department_ids:
        return "全体人员"
    return "、".join(session.scalars(select(Department.name).where(
        Department.id.in_(department_ids)).order_by(Department.id)))
