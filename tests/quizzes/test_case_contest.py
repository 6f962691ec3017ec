"""案例评比: opening a contest, submissions (team, duplicates, the window, withdraw and
resubmit, checked references), judging (range, recusal, non-judges, blind), results
(mean, trimmed mean, ranks, progress) and publishing winners into the case library."""
from __future__ import annotations

import datetime as dt

import pytest

from accounts.security_log import EventQuery
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from kb.cases.values import CaseInput
from quizzes.case_contest.judging import TASK_DONE, TASK_RECUSED, TASK_TODO
from quizzes.case_contest.scoring import entry_score, ranks
from quizzes.case_contest.values import (DEFAULT_CRITERIA, EXCELLENT_TAG, ContestInput,
                                         EntryInput, ReviewInput, parse_criteria)
from tests.support.environment import START

BODY = ("## 审计发现\n\n某单位拒绝提供会计资料。\n\n## 定性依据\n\n"
        "违反《中华人民共和国样例审计法》第四条。")


@pytest.fixture
def people(make_user, as_actor):
    """A trainer, three judges and three staff (staff3 is also judge c's team-mate)."""
    users = {"trainer": make_user("t1", role="trainer", display_name="培训管理员")}
    for name in ("ja", "jb", "jc"):
        users[name] = make_user(name, display_name=f"评委{name}", department="法规科")
    for name in ("s1", "s2", "s3"):
        users[name] = make_user(name, display_name=f"员工{name}", department="审计一科")
    return {key: as_actor(user) for key, user in users.items()}


@pytest.fixture
def contest(engine, people, clock):
    """Open from an hour ago for a week, default criteria, judges ja/jb/jc, blind."""
    def make(judges=("ja", "jb", "jc"), blind=True, **fields):
        data = ContestInput(fields.pop("title", "2026年度审计案例评比"), START - dt.timedelta(hours=1),
                            START + dt.timedelta(days=7), judges=tuple(judges), blind=blind, **fields)
        return engine.case_contests.open_contest(people["trainer"], data)
    return make


def entry(title="某单位拒绝提供资料案", coauthors=(), body=BODY, audit_type="预算执行"):
    return EntryInput(CaseInput(title, audit_type, body, ("资料",), dt.date(2026, 1, 5), "",
                                "拒绝提供资料的处理"), tuple(coauthors))


def scores(engine, contest_id, values, comment="定性准确，依据充分"):
    criteria = engine.contest_judging.criteria(None, contest_id)
    return ReviewInput({c.id: v for c, v in zip(criteria, values)}, comment)


def close(clock):
    clock.set(START + dt.timedelta(days=8))


# -- opening ------------------------------------------------------------------------------
def test_a_contest_opens_with_the_default_criteria_and_is_logged(engine, people, contest):
    contest_id = contest()
    view = engine.case_contests.get_contest(people["s1"], contest_id)
    assert [(c.name, c.weight) for c in view.criteria] == list(DEFAULT_CRITERIA)
    assert view.full_marks == 100 and [j.name for j in view.judges] == ["评委ja", "评委jb", "评委jc"]
    assert view.summary.phase == "submitting" and view.summary.blind
    events = list(engine.security_log.iter_events(EventQuery(action="contest_opened")))
    assert events[0].target == "2026年度审计案例评比" and "定性准确30分" in events[0].detail


@pytest.mark.parametrize("fields, message", [
    ({"title": " "}, "请填写评比名称"),
    ({"judges": ()}, "请至少指定一名评委"),
    ({"criteria": (("定性准确", 0),)}, "分值应为1到100"),
    ({"criteria": (("定性准确", 30), ("定性准确", 20))}, "不能重复"),
    ({"criteria": ()}, "至少设置一项评分标准"),
])
def test_bad_contest_settings_are_refused(contest, fields, message):
    with pytest.raises(InvalidInput, match=message):
        contest(**fields)


def test_a_window_that_closes_before_it_opens_is_refused(engine, people):
    data = ContestInput("评比", START, START - dt.timedelta(days=1), judges=("ja",))
    with pytest.raises(InvalidInput, match="截止时间应晚于开始时间"):
        engine.case_contests.open_contest(people["trainer"], data)


def test_an_unknown_judge_is_named(contest):
    with pytest.raises(InvalidInput, match="评委的工号：nobody"):
        contest(judges=("ja", "nobody"))


def test_staff_cannot_open_a_contest(engine, people):
    data = ContestInput("评比", START, START + dt.timedelta(days=1), judges=("ja",))
    with pytest.raises(PermissionDenied):
        engine.case_contests.open_contest(people["s1"], data)


def test_criteria_are_read_one_per_line():
    assert parse_criteria("定性准确 30\n依据充分：30分\n\n示范价值,40") == (
        ("定性准确", 30), ("依据充分", 30), ("示范价值", 40))
    with pytest.raises(InvalidInput, match="第2行"):
        parse_criteria("定性准确 30\n依据充分")


# -- submissions ------------------------------------------------------------------------------
def test_staff_submit_alone_or_as_a_team(engine, people, contest):
    contest_id = contest()
    alone = engine.contest_entries.submit(people["s1"], contest_id, entry("甲案"))
    team = engine.contest_entries.submit(people["s2"], contest_id, entry("乙案", coauthors=("s3",)))
    assert [a.name for a in alone.authors] == ["员工s1"]
    assert [a.username for a in team.authors] == ["s2", "s3"] and team.status == "submitted"
    assert [e.case.title for e in engine.contest_entries.my_entries(people["s3"], contest_id)] == ["乙案"]


def test_a_second_submission_by_the_same_person_is_refused(engine, people, contest):
    contest_id = contest()
    engine.contest_entries.submit(people["s1"], contest_id, entry("甲案"))
    with pytest.raises(Conflict, match="只能参加一个参评案例：员工s1已参加《甲案》"):
        engine.contest_entries.submit(people["s1"], contest_id, entry("又一案"))
    with pytest.raises(Conflict, match="员工s1已参加《甲案》"):
        engine.contest_entries.submit(people["s2"], contest_id, entry("乙案", coauthors=("s1",)))


def test_a_submission_after_the_deadline_is_refused(engine, people, contest, clock):
    contest_id = contest()
    clock.set(START + dt.timedelta(days=7, seconds=1))
    with pytest.raises(Conflict, match="案例征集已于 2026-03-09 09:00 截止，不能再提交案例"):
        engine.contest_entries.submit(people["s1"], contest_id, entry())


def test_a_submission_before_the_window_opens_is_refused(engine, people, clock):
    data = ContestInput("评比", START + dt.timedelta(days=1), START + dt.timedelta(days=2),
                        judges=("ja",))
    contest_id = engine.case_contests.open_contest(people["trainer"], data)
    with pytest.raises(Conflict, match="尚未开始"):
        engine.contest_entries.submit(people["s1"], contest_id, entry())
    assert engine.case_contests.list_contests(people["s1"]) == []


def test_withdraw_change_and_resubmit_until_it_closes(engine, people, contest, clock):
    contest_id = contest()
    first = engine.contest_entries.submit(people["s1"], contest_id, entry("初稿"))
    with pytest.raises(Conflict, match="请先撤回"):
        engine.contest_entries.update(people["s1"], first.id, entry("改稿"))
    assert engine.contest_entries.withdraw(people["s1"], first.id).status == "withdrawn"
    # Withdrawn, it no longer counts: another entry by the same person is allowed …
    changed = engine.contest_entries.update(people["s1"], first.id, entry("改稿", coauthors=("s2",)))
    assert changed.case.title == "改稿" and [a.username for a in changed.authors] == ["s1", "s2"]
    assert engine.contest_entries.resubmit(people["s1"], first.id).status == "submitted"
    close(clock)
    with pytest.raises(Conflict, match="截止"):
        engine.contest_entries.withdraw(people["s1"], first.id)


def test_resubmitting_when_another_entry_took_the_author_is_refused(engine, people, contest):
    contest_id = contest()
    first = engine.contest_entries.submit(people["s1"], contest_id, entry("甲案"))
    engine.contest_entries.withdraw(people["s1"], first.id)
    engine.contest_entries.submit(people["s1"], contest_id, entry("新案"))
    with pytest.raises(Conflict, match="已参加《新案》"):
        engine.contest_entries.resubmit(people["s1"], first.id)


def test_only_authors_withdraw(engine, people, contest):
    contest_id = contest()
    first = engine.contest_entries.submit(people["s1"], contest_id, entry())
    with pytest.raises(PermissionDenied, match="只有案例的作者"):
        engine.contest_entries.withdraw(people["s2"], first.id)


def test_a_reference_to_an_article_that_does_not_exist_is_refused(engine, people, contest):
    contest_id = contest()
    body = "违反《中华人民共和国样例审计法》第九十九条。"
    with pytest.raises(InvalidInput, match="引用有误.*第九十九条"):
        engine.contest_entries.submit(people["s1"], contest_id, entry(body=body))


@pytest.mark.parametrize("kwargs, message", [
    ({"coauthors": ("ghost",)}, "合作作者的工号：ghost"),
    ({"body": ""}, "正文不能为空"),
    ({"title": ""}, "标题不能为空"),
    ({"audit_type": "不存在的类型"}, "没有名为“不存在的类型”的审计类型"),
])
def test_bad_entries_are_refused(engine, people, contest, kwargs, message):
    contest_id = contest()
    with pytest.raises(InvalidInput, match=message):
        engine.contest_entries.submit(people["s1"], contest_id, entry(**kwargs))


# -- judging ---------------------------------------------------------------------------------
@pytest.fixture
def judged(engine, people, contest, clock):
    """Entries 甲 (s1), 乙 (s2 with judge jc) submitted, the window closed."""
    def make(**options):
        contest_id = contest(**options)
        a = engine.contest_entries.submit(people["s1"], contest_id, entry("甲案"))
        b = engine.contest_entries.submit(people["s2"], contest_id, entry("乙案", coauthors=("jc",)))
        close(clock)
        return contest_id, a.id, b.id
    return make


def test_judges_score_only_after_the_window_closes(engine, people, contest):
    contest_id = contest()
    first = engine.contest_entries.submit(people["s1"], contest_id, entry())
    with pytest.raises(Conflict, match="截止后才能开始评分"):
        engine.contest_judging.score(people["ja"], first.id, scores(engine, contest_id, (30, 30, 20, 20)))


def test_a_score_outside_the_weight_is_refused(engine, people, judged):
    contest_id, a, _ = judged()
    with pytest.raises(InvalidInput, match="“定性准确”的得分应在 0 到 30 分之间，不能是 31 分"):
        engine.contest_judging.score(people["ja"], a, scores(engine, contest_id, (31, 30, 20, 20)))
    with pytest.raises(InvalidInput, match="“处理恰当”的得分应在 0 到 20 分之间，不能是 -1 分"):
        engine.contest_judging.score(people["ja"], a, scores(engine, contest_id, (1, 1, -1, 1)))
    with pytest.raises(InvalidInput, match="请为“示范价值”打分"):
        engine.contest_judging.score(people["ja"], a, scores(engine, contest_id, (1, 1, 1)))
    with pytest.raises(InvalidInput, match="请填写评语"):
        engine.contest_judging.score(people["ja"], a, scores(engine, contest_id, (1, 1, 1, 1), " "))


def test_a_judge_never_scores_their_own_team(engine, people, judged):
    contest_id, _, b = judged()
    with pytest.raises(PermissionDenied, match="应当回避"):
        engine.contest_judging.score(people["jc"], b, scores(engine, contest_id, (1, 1, 1, 1)))
    states = {t.title: t.state for t in engine.contest_judging.tasks(people["jc"], contest_id)}
    assert states == {"甲案": TASK_TODO, "乙案": TASK_RECUSED}


def test_someone_not_on_the_panel_cannot_score(engine, people, judged):
    contest_id, a, _ = judged()
    for who in ("s3", "trainer"):
        with pytest.raises(PermissionDenied, match="不是本次评比的评委"):
            engine.contest_judging.score(people[who], a, scores(engine, contest_id, (1, 1, 1, 1)))


def test_blind_judging_hides_the_authors(engine, people, judged):
    contest_id, a, _ = judged()
    assert all(t.authors == "" for t in engine.contest_judging.tasks(people["ja"], contest_id))
    seen = engine.contest_entries.get_entry(people["ja"], a)
    assert seen.authors == () and seen.authors_hidden
    assert engine.contest_entries.get_entry(people["trainer"], a).author_names == "员工s1"
    with pytest.raises(NotFound):
        engine.contest_entries.get_entry(people["s3"], a)


def test_open_judging_shows_the_authors(engine, people, judged):
    contest_id, _, b = judged(blind=False)
    tasks = {t.title: t.authors for t in engine.contest_judging.tasks(people["ja"], contest_id)}
    assert tasks["乙案"] == "员工s2、评委jc"


def test_a_judge_revises_a_score(engine, people, judged):
    contest_id, a, _ = judged()
    engine.contest_judging.score(people["ja"], a, scores(engine, contest_id, (10, 10, 10, 10)))
    review = engine.contest_judging.score(people["ja"], a, scores(engine, contest_id, (30, 25, 20, 15), "改"))
    assert review.total == 90 and review.comment == "改"
    assert [t.state for t in engine.contest_judging.tasks(people["ja"], contest_id)] == [TASK_DONE, TASK_TODO]


# -- results ----------------------------------------------------------------------------------
def test_scores_are_the_mean_trimmed_from_five_judges():
    assert entry_score([80, 90, 70]) == (80.0, False)
    assert entry_score([60, 80, 85, 90, 100]) == (85.0, True)
    assert entry_score([]) == (None, False)
    assert ranks([90.0, 95.5, 90.0, None]) == [2, 1, 2, None]


def test_results_rank_the_entries_and_show_each_judges_progress(engine, people, judged):
    contest_id, a, b = judged()
    for judge, values in (("ja", (30, 30, 20, 20)), ("jb", (20, 20, 10, 10)), ("jc", (25, 25, 15, 15))):
        engine.contest_judging.score(people[judge], a, scores(engine, contest_id, values))
    engine.contest_judging.score(people["ja"], b, scores(engine, contest_id, (30, 30, 20, 19)))
    results = engine.case_contests.results(people["trainer"], contest_id)
    # Ranked by the score so far; 乙案 still waits for judge jb.
    first, second = results.standings
    assert (first.title, first.score, first.totals, first.rank, first.complete) == ("乙案", 99.0, (99,), 1, False)
    assert (second.title, second.score, second.totals, second.rank, second.complete) == ("甲案", 80.0, (100, 60, 80), 2, True)
    assert not results.is_complete
    progress = {p.judge.username: (p.done, p.due) for p in results.progress}
    assert progress == {"ja": (2, 2), "jb": (1, 2), "jc": (1, 1)}
    with pytest.raises(PermissionDenied, match="尚未公布"):
        engine.case_contests.results(people["s1"], contest_id)


def test_five_judges_drop_the_highest_and_lowest(engine, people, make_user, as_actor, contest, clock):
    for name in ("jd", "je"):
        people[name] = as_actor(make_user(name, display_name=f"评委{name}"))
    contest_id = contest(judges=("ja", "jb", "jc", "jd", "je"))
    a = engine.contest_entries.submit(people["s1"], contest_id, entry()).id
    close(clock)
    for judge, first in zip(("ja", "jb", "jc", "jd", "je"), (30, 10, 20, 25, 0)):
        engine.contest_judging.score(people[judge], a, scores(engine, contest_id, (first, 20, 10, 10)))
    standing = engine.case_contests.results(people["trainer"], contest_id).standings[0]
    assert standing.totals == (70, 50, 60, 65, 40) and standing.trimmed and standing.score == 58.33


# -- awards and publishing ---------------------------------------------------------------------
def score_all(engine, people, contest_id, a, b):
    for judge in ("ja", "jb", "jc"):
        engine.contest_judging.score(people[judge], a, scores(engine, contest_id, (28, 27, 18, 17)))
    for judge in ("ja", "jb"):
        engine.contest_judging.score(people[judge], b, scores(engine, contest_id, (20, 20, 15, 15)))


def test_publishing_waits_for_every_judge_and_an_award(engine, people, judged):
    contest_id, a, b = judged()
    engine.contest_judging.score(people["ja"], a, scores(engine, contest_id, (1, 1, 1, 1)))
    with pytest.raises(Conflict, match="还有评委没有完成评分.*评委jb（已评 0/2）"):
        engine.case_contests.publish(people["trainer"], contest_id)
    score_all(engine, people, contest_id, a, b)
    with pytest.raises(Conflict, match="请先评定奖项"):
        engine.case_contests.publish(people["trainer"], contest_id)


def test_awards_are_checked(engine, people, judged):
    contest_id, a, _ = judged()
    with pytest.raises(InvalidInput, match="奖项只能是"):
        engine.case_contests.set_awards(people["trainer"], contest_id, {a: "特等奖"})
    with pytest.raises(InvalidInput, match="不属于本次评比"):
        engine.case_contests.set_awards(people["trainer"], contest_id, {999: "一等奖"})
    with pytest.raises(PermissionDenied):
        engine.case_contests.set_awards(people["ja"], contest_id, {a: "一等奖"})


def test_awards_wait_for_the_window_to_close(engine, people, contest):
    contest_id = contest()
    a = engine.contest_entries.submit(people["s1"], contest_id, entry()).id
    with pytest.raises(Conflict, match="截止后才能评定奖项"):
        engine.case_contests.set_awards(people["trainer"], contest_id, {a: "一等奖"})


def test_published_winners_join_the_case_library_as_excellent_cases(engine, people, judged):
    contest_id, a, b = judged()
    score_all(engine, people, contest_id, a, b)
    engine.case_contests.set_awards(people["trainer"], contest_id, {a: "一等奖", b: "优秀奖"})
    case_ids = engine.case_contests.publish(people["trainer"], contest_id)
    first = engine.cases.get_case(people["s3"], case_ids[0])
    assert first.status == "published" and first.title == "甲案" and EXCELLENT_TAG in first.tags
    assert first.source == "2026年度审计案例评比一等奖（作者：员工s1）"
    second = engine.cases.get_case(people["s3"], case_ids[1])
    assert second.source == "2026年度审计案例评比优秀奖（作者：员工s2、评委jc）"
    listed = engine.cases.list_cases(people["s3"], tag=EXCELLENT_TAG)
    assert {c.title for c in listed.items} == {"甲案", "乙案"}
    public = engine.case_contests.results(people["s3"], contest_id)
    assert [(s.title, s.award) for s in public.standings] == [("甲案", "一等奖"), ("乙案", "优秀奖")]
    assert engine.contest_entries.get_entry(people["s3"], a).author_names == "员工s1"
    with pytest.raises(Conflict, match="已公布"):
        engine.case_contests.set_awards(people["trainer"], contest_id, {a: "二等奖"})
    with pytest.raises(Conflict, match="已公布"):
        engine.contest_judging.score(people["ja"], a, scores(engine, contest_id, (1, 1, 1, 1)))
    actions = [e.action for e in engine.security_log.iter_events(EventQuery(area="quiz"))]
    assert {"contest_opened", "contest_awards_set", "contest_published"} <= set(actions)
    notice = engine.inbox.notices(people["jc"]).items[0]
    assert notice.title == "案例评比结果：《乙案》优秀奖" and "已作为“优秀案例”收入案例库" in notice.body
    assert notice.link == f"/contests/{contest_id}"
    assert engine.inbox.notices(people["s3"]).total == 0


def test_after_publishing_authors_also_see_their_own_score(engine, people, judged):
    contest_id, a, b = judged()
    score_all(engine, people, contest_id, a, b)
    engine.case_contests.set_awards(people["trainer"], contest_id, {a: "一等奖"})
    engine.case_contests.publish(people["trainer"], contest_id)
    assert [(s.title, s.award) for s in engine.case_contests.results(people["s3"], contest_id).standings] == [
        ("甲案", "一等奖")]
    mine = engine.case_contests.results(people["s2"], contest_id).standings
    assert [(s.title, s.award, s.rank, s.score) for s in mine] == [("甲案", "一等奖", 1, 90.0), ("乙案", "", 2, 70.0)]


def test_a_failed_publish_writes_nothing(engine, people, judged, monkeypatch):
    contest_id, a, b = judged()
    score_all(engine, people, contest_id, a, b)
    engine.case_contests.set_awards(people["trainer"], contest_id, {a: "一等奖", b: "二等奖"})
    calls = []
    real = engine.cases.add_case_in

    def failing(session, actor, data, **kwargs):
        calls.append(data.title)
        if len(calls) == 2:
            raise InvalidInput("模拟失败")
        return real(session, actor, data, **kwargs)
    monkeypatch.setattr(engine.case_contests.cases, "add_case_in", failing)
    with pytest.raises(InvalidInput):
        engine.case_contests.publish(people["trainer"], contest_id)
    assert engine.cases.list_cases(people["trainer"]).total == 0
    assert engine.case_contests.get_contest(people["trainer"], contest_id).summary.phase == "judging"


def test_the_settings_are_fixed_once_scoring_began(engine, people, judged):
    contest_id, a, _ = judged()
    settings = engine.case_contests.settings_of(people["trainer"], contest_id)
    assert settings.judges == ("ja", "jb", "jc")
    engine.contest_judging.score(people["ja"], a, scores(engine, contest_id, (1, 1, 1, 1)))
    changed = ContestInput(settings.title, settings.opens_at, settings.closes_at,
                           (("定性准确", 50), ("依据充分", 50)), settings.judges)
    with pytest.raises(Conflict, match="评分标准和评委不能再修改"):
        engine.case_contests.update_contest(people["trainer"], contest_id, changed)
    renamed = ContestInput("新名称", settings.opens_at, settings.closes_at, settings.criteria,
                           settings.judges, settings.blind)
    engine.case_contests.update_contest(people["trainer"], contest_id, renamed)
    assert engine.case_contests.get_contest(people["s1"], contest_id).summary.title == "新名称"
