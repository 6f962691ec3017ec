"""A person's training record: 我的成绩 with its charts and export, the 错题本 and its
re-practice, 自测, the departments' standings, a trainer reading someone's record."""
import io

import pytest
from openpyxl import load_workbook

from accounts.permissions import actor_of
from tests.support.questions import right_answers


@pytest.fixture
def taken(quiz, accounts, make_round, paper):
    """The staff member got the single and the case question wrong in a closed round."""
    staff = actor_of(accounts["staff"])
    round_id = make_round(paper)
    view = quiz.attempts.start(staff, round_id)
    answers = right_answers(view)
    for question in view.questions:
        if question.qtype not in ("single", "case"):
            quiz.attempts.save_answer(staff, view.attempt_id, question.question_id, answers[question.question_id])
    quiz.attempts.submit(staff, view.attempt_id)
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    return view


def test_results_with_trend_and_mastery_charts(browsers, taken):
    page = browsers["staff"].text("/training/results")
    assert '<svg class="chart chart-line-chart"' in page and '<svg class="chart chart-hbar-chart"' in page
    assert "第一期练兵" in page and "6 / 13" in page
    assert "<title>样例审计法：答对" in page and "<title>审计程序：答对" in page
    book = load_workbook(io.BytesIO(browsers["staff"].get("/training/results.xlsx").data))
    assert book.sheetnames == ["成绩记录", "法规掌握", "专题掌握", "错题本"]


def test_an_empty_record_says_so(browsers, loaded_app):
    page = browsers["staff"].text("/training/results")
    assert "还没有交卷的练兵轮次" in page and "<svg" not in page


def test_wrong_book_and_its_re_practice(browsers, taken, clock, quiz, accounts):
    staff = browsers["staff"]
    page = staff.text("/training/wrong-book")
    assert "审计机关应当在实施审计几日前送达审计通知书" in page and "专家解题" in page
    assert "练习到期" not in page                                    # nothing due before tomorrow
    clock.advance(days=1)
    staff.login("staff")                                             # the session timed out meanwhile
    page = staff.text("/training/wrong-book")
    assert "练习到期的 2 道错题" in page
    response = staff.post("/training/practice", {"due_reviews": "y", "count": "2"})
    view = quiz.attempts.get_attempt(actor_of(accounts["staff"]), int(response.location.rsplit("/", 1)[1]))
    assert view.round_kind == "self" and {q.qtype for q in view.questions} == {"single", "case"}


def test_self_practice_by_statute_topic_or_weak_spots(browsers, taken, quiz, accounts):
    staff = browsers["staff"]
    page = staff.text("/training/practice")
    assert "样例审计法（" in page and "审计程序（" in page
    response = staff.post("/training/practice", {"tags": "回避", "count": "5"})
    view = quiz.attempts.get_attempt(actor_of(accounts["staff"]), int(response.location.rsplit("/", 1)[1]))
    assert [q.qtype for q in view.questions] == ["true_false"] and view.practice_mode
    attempt_page = staff.text(response.location)
    assert "查看解析" in attempt_page and "自测" in attempt_page
    weak = staff.post("/training/practice", {"weak_spots": "y", "count": "3"})
    assert weak.status_code == 302
    nothing = staff.post("/training/practice", {"count": "3"})
    assert nothing.status_code == 400 and "请选择法规、专题" in nothing.get_data(as_text=True)
    assert staff.post("/training/practice", {"weak_spots": "y", "count": "99"}).status_code == 400


def test_rankings_for_all_rounds_or_one(browsers, taken, quiz):
    page = browsers["staff"].text("/training/rankings")
    assert "未分配科室" in page and "46.2%" in page
    one = browsers["staff"].text(f"/training/rankings?round={taken.round_id}")
    assert "46.2%" in one
    assert browsers["staff"].get("/training/rankings?round=999").status_code == 404


def test_trainers_read_someones_record_staff_do_not(browsers, taken, accounts):
    user_id = accounts["staff"].id
    page = browsers["trainer"].text(f"/training/people/{user_id}")
    assert "用户staff 的练兵记录" in page and "第一期练兵" in page
    assert browsers["trainer"].get(f"/training/people/{user_id}/record.xlsx").status_code == 200
    assert browsers["staff"].get(f"/training/people/{user_id}").status_code == 403
