"""学法记录: a person's year (lectures, rounds and competitions with scores, self-practice,
学时 by the documented rule) and the department and bureau summaries with their export —
a lecture with attendance shows in people's records and in the annual export."""
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from accounts.security_log import EventQuery
from core.errors import InvalidInput, PermissionDenied
from quizzes.practice import PracticeRequest
from quizzes.training.activity import UNTIMED_CAP_MINUTES, attempt_minutes
from quizzes.training.lectures import LectureInput


def take(engine, clock, actor, round_id, answers, minutes):
    view = engine.attempts.start(actor, round_id)
    for question_id, answer in answers.items():
        engine.attempts.save_answer(actor, view.attempt_id, question_id, answer)
    clock.advance(minutes=minutes)
    engine.attempts.submit(actor, view.attempt_id)
    return view.attempt_id


@pytest.fixture
def year(engine, clock, trainer, make_user, as_actor, make_question, make_round):
    """甲科 a1, a2 and 乙科 b1.  A lecture this year (a1, b1) and one last year (a1); a round
    for everyone (a1 full marks in 30 minutes, a2 a third after two days, b1 absent); a
    competition for 乙科 (b1); a1 practises for 10 minutes."""
    people = {name: as_actor(make_user(name, department=department, display_name=f"人员{name}"))
              for name, department in (("a1", "甲科"), ("a2", "甲科"), ("b1", "乙科"))}
    statute = engine.lectures.statute_choices()[0][0]
    this = engine.lectures.create(trainer, LectureInput("审计法专题讲座", "lecture", "王处长", dt.date(2026, 2, 27),
                                                        2.0, statute_ids=(statute,)))
    last = engine.lectures.create(trainer, LectureInput("去年的科室讲堂", "class", "李科长", dt.date(2025, 12, 30), 1.5))
    engine.lectures.set_attendance(trainer, this, [people["a1"].id, people["b1"].id])
    engine.lectures.set_attendance(trainer, last, [people["a1"].id])
    tf, fill = make_question("true_false"), make_question("fill")
    everyone = make_round([tf, fill])
    take(engine, clock, people["a1"], everyone, {tf: True, fill: "十日"}, 30)
    take(engine, clock, people["a2"], everyone, {tf: True, fill: "五日"}, 2 * 24 * 60)
    b_department = people["b1"].department_id
    contest = make_round([tf], title="比武", closes_at=clock.now() + dt.timedelta(hours=2), time_limit_minutes=30,
                         competition=True, start_window_minutes=10, department_ids=(b_department,))
    take(engine, clock, people["b1"], contest, {tf: True}, 12)
    engine.lifecycle.close_round(trainer, everyone)
    engine.lifecycle.close_round(trainer, contest)
    practice = engine.practice.start(people["a1"], PracticeRequest(tags=("回避",), count=1))
    clock.advance(minutes=10)
    engine.attempts.submit(people["a1"], practice.attempt_id)
    return people, this, everyone, contest


def test_attempt_time_is_capped_by_the_rule():
    start = dt.datetime(2026, 3, 2, 1)
    assert attempt_minutes(start, start + dt.timedelta(minutes=25), None) == 25
    assert attempt_minutes(start, start + dt.timedelta(days=3), None) == UNTIMED_CAP_MINUTES
    assert attempt_minutes(start, start + dt.timedelta(minutes=45), 30) == 30
    assert attempt_minutes(start, start - dt.timedelta(minutes=5), None) == 0


def test_a_persons_record_of_the_year(engine, year):
    people, lecture, everyone, _ = year
    record = engine.training_records.person(people["a1"], 2026)
    assert [(x.id, x.hours, x.kind_name) for x in record.lectures] == [(lecture, 2.0, "法律讲座")]
    assert [(r.id, r.score, r.max_score, r.percent, r.competition, r.hours) for r in record.rounds] == [
        (everyone, 3.0, 3.0, 100.0, False, 0.5)]
    assert (record.practice_sessions, record.practice_hours) == (1, 0.2)
    assert (record.lecture_hours, record.round_hours, record.total_hours) == (2.0, 0.5, 2.7)
    assert "最多" in record.rule
    last_year = engine.training_records.person(people["a1"], 2025)
    assert ([x.title for x in last_year.lectures], last_year.rounds, last_year.total_hours) == (
        ["去年的科室讲堂"], (), 1.5)


def test_competitions_and_capped_time_in_the_record(engine, year):
    people, _, everyone, contest = year
    a2 = engine.training_records.person(people["a2"], 2026)
    assert [(r.id, r.percent, r.hours) for r in a2.rounds] == [(everyone, 33.3, UNTIMED_CAP_MINUTES / 60)]
    b1 = engine.training_records.person(people["b1"], 2026)
    assert [(r.id, r.competition, r.percent, r.hours) for r in b1.competitions] == [(contest, True, 100.0, 0.2)]
    assert b1.total_hours == 2.2


def test_only_managers_read_other_peoples_records(engine, trainer, year):
    people = year[0]
    with pytest.raises(PermissionDenied, match="只能查看本人的学法记录"):
        engine.training_records.person(people["a1"], 2026, people["a2"].id)
    assert engine.training_records.person(trainer, 2026, people["a2"].id).name == "人员a2"
    with pytest.raises(InvalidInput, match="年份应在"):
        engine.training_records.person(people["a1"], 1999)


def test_department_and_bureau_summaries(engine, trainer, year):
    summary = engine.annual_report.summary(trainer, 2026)
    assert [t.name for t in summary.departments] == ["乙科", "甲科"]    # by name, 未分配科室 last
    b, a = summary.departments
    assert (a.name, a.members, len(a.lectures), a.attendances, a.covered) == ("甲科", 2, 1, 1, 1)
    assert (a.rounds, a.competitions, a.expected, len(a.percents), a.participation) == (1, 0, 2, 2, 100.0)
    assert a.average_percent == pytest.approx(66.65, abs=0.06)
    assert (b.name, b.rounds, b.competitions, b.expected, len(b.percents), b.participation) == (
        "乙科", 2, 1, 2, 1, 50.0)
    bureau = summary.bureau
    assert (bureau.members, len(bureau.lectures), bureau.attendances, bureau.rounds, bureau.competitions) == (
        3, 1, 2, 2, 1)
    assert (bureau.expected, len(bureau.percents), bureau.participation, bureau.practice_sessions) == (4, 3, 75.0, 1)
    assert bureau.total_hours == pytest.approx(2.7 + 2.0 + 2.2, abs=0.05)
    assert [(r.round.id, r.expected, r.participants) for r in summary.rounds] == [
        (year[2], 3, 2), (year[3], 1, 1)]
    assert summary.report_text.startswith(
        "2026 年，共举办法律讲座 1 场，参加 2 人次；组织学法练兵 2 轮（其中练兵比武 1 场），"
        "应参加 4 人次，实参加 3 人次，参与率 75%，平均得分率 77.8%；全局 3 名审计人员学法共计 ")


def test_the_annual_export(engine, trainer, year):
    people, lecture, _, _ = year
    book = load_workbook(io.BytesIO(engine.annual_report.workbook(trainer, 2026)))
    assert book.sheetnames == ["年度概况", "科室汇总", "个人学法记录", "讲座", "练兵轮次"]
    persons = {row[0]: row for row in book["个人学法记录"].iter_rows(min_row=2, values_only=True)}
    assert persons["a1"][3:5] == (1, 2) and persons["a1"][-1] == 2.7
    assert persons["b1"][3:7] == (1, 2, 1, 1)
    lectures = list(book["讲座"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[5]) for r in lectures] == [("2026-02-27", "审计法专题讲座", 2)]
    departments = [row[0] for row in book["科室汇总"].iter_rows(min_row=2, values_only=True)]
    assert departments == ["乙科", "甲科", "全局合计"]
    events = list(engine.security_log.iter_events(EventQuery(action="training_record_exported")))
    assert events and "个人 3 行" in events[0].detail


def test_only_managers_see_the_summaries(engine, year):
    with pytest.raises(PermissionDenied):
        engine.annual_report.summary(year[0]["a1"], 2026)
    with pytest.raises(PermissionDenied):
        engine.annual_report.workbook(year[0]["a1"], 2026)


def test_a_persons_record_exported(engine, trainer, year):
    people = year[0]
    book = load_workbook(io.BytesIO(engine.training_records.workbook(people["a1"], 2026)))
    assert book.sheetnames == ["概况", "讲座", "练兵"]
    overview = dict(book["概况"].iter_rows(values_only=True))
    assert (overview["姓名"], overview["讲座学时"], overview["学时合计"]) == ("人员a1", 2, 2.7)
    assert [r[0] for r in book["练兵"].iter_rows(min_row=2, values_only=True)] == ["第一期练兵"]
    assert not list(engine.security_log.iter_events(EventQuery(action="person_record_exported")))
    engine.training_records.workbook(trainer, 2026, people["a2"].id)
    logged = list(engine.security_log.iter_events(EventQuery(action="person_record_exported")))
    assert [e.target for e in logged] == ["人员a2（a2）"]
    with pytest.raises(PermissionDenied):
        engine.training_records.workbook(people["a1"], 2026, people["a2"].id)
