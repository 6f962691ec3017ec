import datetime as dt

import pytest

from core.actor import Actor
from core.clock import LOCAL_TZ
from core.errors import InvalidInput
from quizzes.schedule import (ScheduleSettings, ScheduleStore, current_period, next_period, parse_time,
                              period_number_at)


def local(*args):
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


def test_default_is_every_other_monday_nine_am():
    s = ScheduleSettings()
    p = current_period(s, local(2026, 1, 5, 9, 0))
    assert p.key == "schedule:2026-01-05"
    assert p.open_at == local(2026, 1, 5, 9, 0)
    assert p.close_at == local(2026, 1, 12, 9, 0)
    assert p.remind_at == local(2026, 1, 11, 9, 0)
    assert next_period(s, local(2026, 1, 5, 9, 0)).key == "schedule:2026-01-19"
    # One minute before the opening, the previous period is the current one.
    assert current_period(s, local(2026, 1, 19, 8, 59)).key == "schedule:2026-01-05"
    assert p.state_at(local(2026, 1, 11, 10, 0)) == "remind"
    assert p.state_at(local(2026, 1, 12, 9, 0)) == "closed"


def test_weekday_time_and_interval():
    s = ScheduleSettings(interval_weeks=1, weekday=2, time="14:30", open_days=3, reminder_hours=6)
    p = current_period(s, local(2026, 3, 5, 0, 0))
    assert p.open_at == local(2026, 3, 4, 14, 30)
    assert p.close_at == local(2026, 3, 7, 14, 30)
    assert period_number_at(s, local(2026, 1, 7, 14, 30)) == 0


@pytest.mark.parametrize("changes, message", [
    ({"interval_weeks": 0}, "推送间隔"),
    ({"time": "25:00"}, "不存在"),
    ({"time": "9:60"}, "不存在"),
    ({"time": "九点"}, "不存在"),
    ({"open_days": 0}, "截止时间不能早于开放时间"),
    ({"open_days": 15}, "重叠"),
    ({"reminder_hours": 0}, "至少提前"),
    ({"reminder_hours": 168}, "提醒时间须在开放期内"),
    ({"weekday": 7}, "星期"),
    ({"question_count": 0}, "题目数"),
    ({"anchor": "2026-01-06"}, "星期一"),
])
def test_invalid_settings_are_refused_with_a_reason(changes, message):
    with pytest.raises(InvalidInput, match=message):
        ScheduleSettings(**changes).validated()


def test_parse_time():
    assert parse_time("09:00") == dt.time(9, 0)
    assert parse_time("23:59") == dt.time(23, 59)
    assert parse_time("24:00") is None


def test_store_round_trip(kb):
    from core.clock import FixedClock
    store = ScheduleStore(kb.db.session, FixedClock(local(2026, 1, 1, 0, 0)))
    assert store.load() == ScheduleSettings()
    store.update(Actor(7), weekday=3, departments=(1, 2))
    loaded = store.load()
    assert loaded.weekday == 3 and loaded.departments == (1, 2)
    with pytest.raises(InvalidInput):
        store.update(Actor(7), interval_weeks=0)
    assert store.load().interval_weeks == 2
