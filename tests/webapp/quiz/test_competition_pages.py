"""练兵比武 pages: composing one, late entry refused, the live ranking, the results sheet,
奖状 as .docx, and 年度积分 for everyone."""
import datetime as dt
import io

import pytest
from docx import Document

from accounts.permissions import actor_of
from quizzes.round_spec import RoundSpec
from webapp.quiz.ui import local_input


@pytest.fixture
def trainer(browsers):
    web = browsers["trainer"]
    web.csrf("/rounds/new")
    return web


@pytest.fixture
def contest(quiz, accounts, clock, make_question):
    """An open competition of one 判断题; the staff member answered it right in 3 minutes."""
    tf = make_question("true_false")
    spec = RoundSpec(title="第一届练兵比武", opens_at=clock.now(), closes_at=clock.now() + dt.timedelta(hours=2),
                     question_ids=(tf,), time_limit_minutes=30, competition=True, start_window_minutes=10)
    round_id = quiz.rounds.create_round(actor_of(accounts["trainer"]), spec).summary.id
    quiz.lifecycle.publish_round(actor_of(accounts["trainer"]), round_id)
    staff = actor_of(accounts["staff"])
    view = quiz.attempts.start(staff, round_id)
    quiz.attempts.save_answer(staff, view.attempt_id, tf, True)
    clock.advance(minutes=3)
    quiz.attempts.submit(staff, view.attempt_id)
    return round_id


def test_a_trainer_composes_a_competition(trainer, quiz, accounts, clock, paper):
    opens = clock.now() + dt.timedelta(hours=1)
    form = {"title": "比武", "opens_at": local_input(opens), "closes_at": local_input(opens + dt.timedelta(hours=3)),
            "attempts_allowed": "1", "audience": "all", "source": "pick", "multiple_rule": "standard",
            "action": "save", "competition": "1"}
    refused = trainer.post("/rounds/new", form)
    assert refused.status_code == 400 and "练兵比武须设答题限时" in refused.get_data(as_text=True)
    response = trainer.post("/rounds/new", {**form, "time_limit_minutes": "40"})
    assert response.status_code == 302
    summary = quiz.rounds.get_round(actor_of(accounts["trainer"]), int(response.location.rsplit("/", 1)[1])).summary
    assert (summary.competition, summary.start_window_minutes, summary.time_limit_minutes) == (True, 15, 40)
    page = trainer.text(f"/rounds/{summary.id}/edit")
    assert 'name="competition" value="1" checked' in page and 'name="start_window_minutes" value="15"' in page


def test_live_ranking_refreshes_while_open_and_only_for_trainers(trainer, browsers, contest, quiz, accounts):
    page = trainer.text(f"/rounds/{contest}/live")
    assert '<meta http-equiv="refresh" content="15">' in page
    assert "已交卷 1 人" in page and "3 分 00 秒" in page
    assert "实时排名" in trainer.text(f"/rounds/{contest}")
    assert browsers["staff"].get(f"/rounds/{contest}/live").status_code == 403
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), contest)
    closed = trainer.text(f"/rounds/{contest}/live")
    assert "http-equiv" not in closed and "排名不再变化" in closed


def test_late_entry_is_refused_on_the_page(browsers, contest, clock, loaded_app, accounts, quiz):
    clock.advance(minutes=20)
    other = browsers["admin"]
    assert "比武入场时间已过" in other.text(f"/rounds/{contest}")


def test_sheet_and_certificates(trainer, browsers, contest, quiz, accounts):
    sheet = trainer.text(f"/rounds/{contest}/sheet")
    assert "成绩单" in sheet and "比武结束后可在这里下载奖状" in sheet
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), contest)
    missing = trainer.post(f"/rounds/{contest}/certificates.docx", {"issuer": "", "places": "3"})
    assert missing.status_code == 400 and "请填写颁奖单位" in missing.get_data(as_text=True)
    bad = trainer.post(f"/rounds/{contest}/certificates.docx", {"issuer": "某区审计局", "places": "abc"})
    assert bad.status_code == 400 and "获奖名次应为数字" in bad.get_data(as_text=True)
    too_many = trainer.post(f"/rounds/{contest}/certificates.docx", {"issuer": "某区审计局", "places": "99"})
    assert too_many.status_code == 400 and "获奖名次应为 1 至 10" in too_many.get_data(as_text=True)
    response = trainer.post(f"/rounds/{contest}/certificates.docx", {"issuer": "<b>某区审计局</b>", "places": "3"})
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "荣获第一名" in text and "<b>某区审计局</b>" in text
    assert browsers["staff"].post(f"/rounds/{contest}/certificates.docx",
                                  {"issuer": "x", "places": "1"}).status_code == 403
    assert trainer.client.post(f"/rounds/{contest}/certificates.docx",
                               data={"issuer": "x", "places": "1"}).status_code == 400     # no CSRF token


def test_year_points_for_everyone(browsers, contest, quiz, accounts, clock):
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), contest)
    page = browsers["staff"].text("/training/points")
    assert f"{clock.now().year} 年度积分" in page and "练兵比武 1 场" in page
    assert accounts["staff"].display_name in page and "第 1 名" in page and "积分规则" in page
    assert "还没有结束的练兵轮次" in browsers["staff"].text(f"/training/points?year={clock.now().year - 1}")
    assert browsers["staff"].get("/training/points?year=1800").status_code == 400
