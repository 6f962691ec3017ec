import io
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from core.errors import InvalidInput, PermissionDenied
from quizzes.practice import PracticeRequest
from quizzes.push_messages import Messages
from quizzes.statistics import discrimination_index, distribution, question_flags


@pytest.fixture
def finished_round(engine, clock, make_user, as_actor, trainer, make_question, make_round):
    """Two departments take a two-question round; 甲科 does better; the round closes."""
    tf, fill = make_question("true_false"), make_question("fill")
    round_id = make_round([tf, fill])
    people = {name: as_actor(make_user(department=department))
              for name, department in (("a1", "甲科"), ("a2", "甲科"), ("b1", "乙科"), ("b2", "乙科"))}
    answers = {"a1": (True, "十日"), "a2": (True, "五日"), "b1": (False, "五日")}   # b2 absent
    for name, (tf_answer, fill_answer) in answers.items():
        view = engine.attempts.start(people[name], round_id)
        engine.attempts.save_answer(people[name], view.attempt_id, tf, tf_answer)
        engine.attempts.save_answer(people[name], view.attempt_id, fill, fill_answer)
        engine.attempts.submit(people[name], view.attempt_id)
        clock.advance(minutes=1)
    engine.lifecycle.close_round(trainer, round_id)
    return round_id, people, tf, fill


def test_history_and_round_average(engine, finished_round):
    round_id, people, _, _ = finished_round
    history = engine.results.my_history(people["a2"])
    assert [(h.round_id, h.score, h.max_score, h.percent) for h in history] == [(round_id, 1.0, 3.0, 33.3)]
    assert history[0].round_average == 44.4
    assert engine.results.my_history(people["b2"]) == []


def test_only_trainers_see_other_peoples_results(engine, trainer, finished_round):
    _, people, _, _ = finished_round
    with pytest.raises(PermissionDenied):
        engine.results.my_history(people["a1"], people["a2"].id)
    assert engine.results.my_history(trainer, people["a1"].id)[0].score == 3.0
    with pytest.raises(PermissionDenied):
        engine.results.round_results(people["a1"], finished_round[0])


def test_round_results_and_department_ranking(engine, trainer, finished_round):
    round_id, people, _, _ = finished_round
    rows = engine.results.round_results(trainer, round_id)
    assert [(r.user_id, r.percent) for r in rows] == [
        (people["a1"].id, 100.0), (people["a2"].id, 33.3), (people["b1"].id, 0.0), (people["b2"].id, None)]
    ranking = engine.results.department_ranking(people["b1"], round_id)
    assert [(d.rank, d.name, d.members, d.participants, d.participation, d.average_percent)
            for d in ranking] == [(1, "甲科", 2, 2, 1.0, 66.7), (2, "乙科", 2, 1, 0.5, 0.0)]
    assert engine.results.department_ranking(trainer) == ranking     # all closed rounds


def test_wrong_book_and_mastery(engine, clock, finished_round, quiz_kb):
    _, people, tf, fill = finished_round
    book = engine.results.wrong_book(people["b1"])
    assert {e.question_id for e in book} == {tf, fill}
    assert all(e.box == 1 and not e.is_due for e in book)
    assert book[0].explanation is not None and book[0].answer is not None
    clock.advance(days=1)
    assert len(engine.results.wrong_book(people["b1"], due_only=True)) == 2
    mastery = engine.results.mastery(people["a2"])
    statute = quiz_kb.library.find_statute("样例审计法").id
    assert [(r.key, r.label, r.answered, r.correct) for r in mastery.statutes] == [(str(statute), "样例审计法", 1, 1)]
    assert [(r.key, r.answered, r.correct, r.rate) for r in mastery.tags] == [("审计程序", 1, 0, 0.0), ("回避", 1, 1, 1.0)]


def test_round_statistics(engine, trainer, finished_round):
    round_id, _, tf, fill = finished_round
    stats = engine.statistics.round_stats(trainer, round_id)
    assert (stats.audience, stats.started, stats.submitted, stats.participation) == (4, 3, 3, 0.75)
    assert (stats.mean_percent, stats.median_percent, stats.max_percent, stats.min_percent) == (44.4, 33.3, 100.0, 0.0)
    assert stats.distribution == (1, 0, 0, 1, 0, 0, 0, 0, 0, 1)
    by_id = {q.question_id: q for q in stats.questions}
    assert (by_id[tf].facility, by_id[fill].facility) == (0.667, 0.333)
    assert by_id[tf].discrimination is None                    # fewer than 10 people


def test_statistics_helpers():
    assert distribution([0, 9.9, 10, 55, 100]) == (2, 1, 0, 0, 0, 1, 0, 0, 0, 1)
    totals = list(range(10))
    assert discrimination_index(totals, [i / 9 for i in totals]) == 0.778
    assert discrimination_index(totals, [1 - i / 9 for i in totals]) == -0.778
    assert discrimination_index(totals[:9], [0] * 9) is None
    assert "区分度为负" in question_flags(10, 0.5, -0.3)[0]
    assert question_flags(10, 0.97, 0.3) == ("过易：几乎人人答对",)
    assert question_flags(10, 0.1, 0.3) == ("过难：多数人答错，或答案有误",)
    assert question_flags(3, 0.1, None) == ()


def test_badly_behaving_question_is_flagged(engine, clock, make_user, as_actor, trainer, make_question,
                                            make_round):
    """A question the strong get wrong and the weak get right (a wrong key) is flagged."""
    good = [make_question("single", stem=f"好题{i}") for i in range(3)]
    bad = make_question("true_false")
    round_id = make_round(good + [bad])
    for index in range(12):
        person = as_actor(make_user(department="甲科"))
        view = engine.attempts.start(person, round_id)
        strong = index < 6
        for qid in good:
            question = next(q for q in view.questions if q.question_id == qid)
            text = "三日" if strong else "一日"
            engine.attempts.save_answer(person, view.attempt_id, qid,
                                        next(o.id for o in question.options if o.text == text))
        engine.attempts.save_answer(person, view.attempt_id, bad, not strong)
        engine.attempts.submit(person, view.attempt_id)
    stats = engine.statistics.round_stats(trainer, round_id)
    assert [q.question_id for q in stats.flagged] == [bad]
    assert stats.flagged[0].discrimination == -1.0


def test_excel_exports(engine, trainer, finished_round):
    round_id, people, _, _ = finished_round
    book = load_workbook(io.BytesIO(engine.exports.round_results_workbook(trainer, round_id)))
    assert book.sheetnames == ["概况", "成绩", "试题分析", "科室排名"]
    assert book["成绩"].max_row == 5 and book["成绩"]["D5"].value == "未参加"
    record = load_workbook(io.BytesIO(engine.exports.person_record_workbook(people["b1"])))
    assert record.sheetnames == ["成绩记录", "法规掌握", "专题掌握", "错题本"]
    assert record["错题本"].max_row == 3
    with pytest.raises(PermissionDenied):
        engine.exports.round_results_workbook(people["a1"], round_id)


def test_self_practice_on_statutes_tags_weak_spots_and_due_reviews(engine, clock, finished_round, quiz_kb):
    _, people, tf, fill = finished_round
    b1 = people["b1"]
    statute = quiz_kb.library.find_statute("样例审计法").id
    view = engine.practice.start(b1, PracticeRequest(statute_ids=(statute,)))
    assert view.practice_mode and [q.question_id for q in view.questions] == [tf]
    engine.attempts.save_answer(b1, view.attempt_id, tf, True)
    assert engine.attempts.check(b1, view.attempt_id, tf).correct
    engine.attempts.submit(b1, view.attempt_id)
    assert [q.question_id for q in engine.practice.start(b1, PracticeRequest(tags=("审计程序",))).questions] == [fill]
    assert {q.question_id for q in engine.practice.start(b1, PracticeRequest(weak_spots=True)).questions} == {fill}
    with pytest.raises(InvalidInput, match="没有到期"):
        engine.practice.start(b1, PracticeRequest(due_reviews=True))
    clock.advance(days=1)
    assert [q.question_id for q in engine.practice.start(b1, PracticeRequest(due_reviews=True)).questions] == [fill]
    with pytest.raises(InvalidInput, match="暂未发现薄弱环节"):
        engine.practice.start(people["b2"], PracticeRequest(weak_spots=True))
    with pytest.raises(InvalidInput, match="请选择"):
        PracticeRequest()


def test_self_practice_is_private(engine, finished_round, make_user):
    _, people, tf, _ = finished_round
    view = engine.practice.start(people["b1"], PracticeRequest(tags=("回避",)))
    from core.errors import NotFound
    with pytest.raises(NotFound):
        engine.attempts.start(people["a1"], view.round_id)
    assert all(r.id != view.round_id for r in engine.rounds.list_rounds(people["b1"]))


def test_figures_for_the_scheduler_notices(engine, finished_round):
    round_id, people, _, _ = finished_round
    rows, ranking = engine.results.notice_results(round_id)
    assert {r.user_id: r.score for r in rows} == {people["a1"].id: 3.0, people["a2"].id: 1.0,
                                                   people["b1"].id: 0.0, people["b2"].id: None}
    assert [d.name for d in ranking] == ["甲科", "乙科"]
    assert engine.statistics.digest(round_id).submitted == 3


@pytest.fixture
def half_present_round(engine, make_user, as_actor, trainer, make_question, make_round):
    """The fault of issue J: 甲科 sends one of two people (100%), 乙科 all three (60% …),
    丙科 one of one (0%)."""
    tf = make_question("true_false")
    round_id = make_round([tf])
    people = {name: as_actor(make_user(department=department)) for name, department in (
        ("a1", "甲科"), ("a2", "甲科"), ("b1", "乙科"), ("b2", "乙科"), ("b3", "乙科"), ("c1", "丙科"))}
    for name, answer in (("a1", True), ("b1", True), ("b2", True), ("b3", False), ("c1", False)):
        view = engine.attempts.start(people[name], round_id)
        engine.attempts.save_answer(people[name], view.attempt_id, tf, answer)
        engine.attempts.submit(people[name], view.attempt_id)
    engine.lifecycle.close_round(trainer, round_id)
    return round_id, people


def test_the_department_ranking_counts_absentees_as_zero(engine, trainer, half_present_round):
    round_id, _ = half_present_round
    ranking = engine.results.department_ranking(trainer, round_id)
    assert [(d.rank, d.name, d.participants, d.members, d.average_percent) for d in ranking] == [
        (1, "乙科", 3, 3, 66.7), (2, "甲科", 1, 2, 50.0), (3, "丙科", 1, 1, 0.0)]


def test_department_ties_go_to_participation_then_name(engine, make_user, as_actor, trainer, make_question,
                                                     make_round):
    tf = make_question("true_false")
    round_id = make_round([tf])
    people = {name: as_actor(make_user(department=department)) for name, department in (
        ("a1", "乙科"), ("a2", "乙科"), ("b1", "甲科"), ("b2", "甲科"), ("c1", "丙科"), ("c2", "丙科"))}
    # 乙科: 100% and absent → 50; 甲科 and 丙科: 100% and 0% → 50, both took part.
    for name, answer in (("a1", True), ("b1", True), ("b2", False), ("c1", True), ("c2", False)):
        view = engine.attempts.start(people[name], round_id)
        engine.attempts.save_answer(people[name], view.attempt_id, tf, answer)
        engine.attempts.submit(people[name], view.attempt_id)
    engine.lifecycle.close_round(trainer, round_id)
    ranking = engine.results.department_ranking(trainer, round_id)
    assert [(d.rank, d.name, d.average_percent, d.participation) for d in ranking] == [
        (1, "丙科", 50.0, 1.0), (2, "甲科", 50.0, 1.0), (3, "乙科", 50.0, 0.5)]


def test_a_persons_place_counts_people_and_an_absentee_gets_none(engine, half_present_round):
    round_id, people = half_present_round
    rows, ranking = engine.results.notice_results(round_id)
    places = {r.user_id: r.rank for r in rows}
    assert places == {people["a1"].id: 1, people["b1"].id: 1, people["b2"].id: 1, people["b3"].id: 4,
                      people["c1"].id: 4, people["a2"].id: None}
    round_ = SimpleNamespace(id=round_id, title="第一期练兵")
    notice = Messages(lambda rid: f"/rounds/{rid}").results(round_, rows, ranking)
    absent = notice.personal[people["a2"].id][1]
    assert "您未参加本期练兵，不计名次" in absent and "排名第 1/" not in absent
    assert "甲科在 3 个科室中排第 2 名" in absent and "参与 1/2 人" in absent
    assert "个人排名第 4/6" in notice.personal[people["b3"].id][1]


def test_generator_tags_are_no_topics_for_staff(engine, clock, trainer, staff, make_question, make_round):
    generated = make_question("true_false", tags=["样例审计法", "时限", "法条生成"])
    located = make_question("single", tags=["审计程序", "条文定位", "法条生成"])
    round_id = make_round([generated, located])
    view = engine.attempts.start(staff, round_id)
    engine.attempts.save_answer(staff, view.attempt_id, generated, True)
    engine.attempts.submit(staff, view.attempt_id)
    engine.lifecycle.close_round(trainer, round_id)
    assert {r.key for r in engine.results.mastery(staff).tags} == {"样例审计法", "审计程序"}
    assert {f.key for f in engine.practice.topics(staff).tags} == {"样例审计法", "审计程序"}
    assert {"法条生成", "条文定位", "时限"} <= {f.key for f in engine.bank.facets(trainer).tags}


def test_every_value_kind_is_an_internal_tag():
    from quizzes.generation import values
    from quizzes.topics import INTERNAL_TAGS
    assert {kind for kind, _, _ in values._NUMERIC} <= INTERNAL_TAGS
    assert {v.kind for v in values.find_values("自收到之日起三十日内，处五万元罚款，百分之二十，1月1日")} <= INTERNAL_TAGS
