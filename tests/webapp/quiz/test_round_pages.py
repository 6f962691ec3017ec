"""轮次 pages: composing in the browser (policy with a preview, or picked by hand),
the manual controls with their notices, what staff see, the trainer's results."""
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from accounts.permissions import actor_of
from core.clock import LOCAL_TZ
from webapp.extensions import services
from webapp.quiz.ui import local_input


@pytest.fixture
def trainer(browsers):
    web = browsers["trainer"]
    web.csrf("/rounds/new")
    return web


def round_form(clock, **overrides) -> dict:
    opens = clock.now() + dt.timedelta(hours=1)
    return {"title": "三月练兵", "opens_at": local_input(opens), "closes_at": local_input(opens + dt.timedelta(days=7)),
            "attempts_allowed": "1", "audience": "all", "source": "pick", "multiple_rule": "standard",
            "points_single": "2", "points_multiple": "3", "points_true_false": "1", "points_fill": "2",
            "action": "save", **overrides}


def notices_of(loaded_app, user) -> list[str]:
    return [n.title for n in services(loaded_app).inbox.notices(actor_of(user)).items]


def test_compose_by_policy_with_a_preview_that_the_saved_round_keeps(trainer, quiz, accounts, clock, paper):
    form = round_form(clock, source="policy", policy_count="3", policy_min_case="1", action="preview")
    page = trainer.post("/rounds/new", form).get_data(as_text=True)
    assert "组卷预览" in page and "案例分析题" in page
    seed = page.split('name="policy_seed" value="')[1].split('"')[0]
    previewed = [line for line in page.splitlines() if "paper-main" in line]
    response = trainer.post("/rounds/new", {**form, "policy_seed": seed, "action": "save"})
    assert response.status_code == 302
    round_id = int(response.location.rsplit("/", 1)[1])
    detail = quiz.rounds.get_round(actor_of(accounts["trainer"]), round_id)
    assert detail.summary.status == "draft" and len(detail.questions) == 3 == len(previewed)
    assert any(q.qtype == "case" for q in detail.questions)
    assert all(q.stem[:20] in "".join(previewed) for q in detail.questions)


def test_compose_by_hand_add_reorder_remove(trainer, quiz, accounts, clock, paper):
    response = trainer.post("/rounds/new", round_form(clock))
    round_id = int(response.location.rsplit("/", 1)[1])
    picker = trainer.text(f"/rounds/{round_id}/questions?type=single")
    assert f'value="{paper[0]}"' in picker and f'value="{paper[1]}"' not in picker
    trainer.post(f"/rounds/{round_id}/questions", {"action": "add", "ids": [paper[0], paper[4], paper[2]],
                                                   "next": f"/rounds/{round_id}/questions"})
    trainer.post(f"/rounds/{round_id}/questions", {"action": "up", "question": paper[2]})
    trainer.post(f"/rounds/{round_id}/questions", {"action": "remove", "question": paper[0]})
    detail = quiz.rounds.get_round(actor_of(accounts["trainer"]), round_id)
    assert [q.question_id for q in detail.questions] == [paper[2], paper[4]]
    assert "已在试卷中" in trainer.text(f"/rounds/{round_id}/questions")


@pytest.mark.parametrize("change, message", [
    ({"title": ""}, "轮次标题不能为空"),
    ({"closes_at": "2020-01-01T00:00"}, "截止时间必须晚于开始时间"),
    ({"audience": "departments"}, "请勾选参加的科室"),
    ({"time_limit_minutes": "abc"}, "答题限时应为数字"),
    ({"source": "policy", "policy_count": "0"}, "组卷题量"),
])
def test_round_form_errors(trainer, clock, paper, change, message):
    response = trainer.post("/rounds/new", round_form(clock, **change))
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_a_refused_form_comes_back_as_typed(trainer, clock, paper, loaded_app):
    department = next(d for d in services(loaded_app).departments.list() if d.name == "审计一科")
    fresh = trainer.text("/rounds/new")
    assert 'name="policy_count" value="20"' in fresh and 'value="policy" checked' in fresh
    response = trainer.post("/rounds/new", round_form(clock, time_limit_minutes="abc", points_fill="x1",
                                                      audience="departments", department_ids=[department.id],
                                                      practice_mode="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "答题限时应为数字：“abc”" in page and "分值应为数字：“x1”" in page
    assert 'value="abc"' in page and 'value="x1"' in page and 'value="三月练兵"' in page
    assert f'value="{department.id}" checked' in page and 'name="practice_mode" value="1" checked' in page


def test_publish_open_close_notify_and_staff_see_it(trainer, browsers, quiz, accounts, clock, paper, loaded_app):
    round_id = int(trainer.post("/rounds/new", round_form(clock)).location.rsplit("/", 1)[1])
    staff = browsers["staff"]
    assert staff.get(f"/rounds/{round_id}").status_code == 404            # drafts are invisible
    trainer.post(f"/rounds/{round_id}/questions", {"action": "add", "ids": paper[:2]})
    assert "将在开始时间自动开始" in trainer.post(f"/rounds/{round_id}/publish", follow_redirects=True).get_data(as_text=True)
    assert "即将开始" in staff.text("/rounds")
    trainer.post(f"/rounds/{round_id}/open")
    assert any("已开始" in t for t in notices_of(loaded_app, accounts["staff"]))   # announced at once
    page = staff.text(f"/rounds/{round_id}")
    assert "开始作答" in page and "试卷" not in page                       # staff never see the paper
    view = quiz.attempts.start(actor_of(accounts["staff"]), round_id)
    quiz.attempts.save_answer(actor_of(accounts["staff"]), view.attempt_id, paper[0], view.questions[0].options[0].id)
    closed = trainer.post(f"/rounds/{round_id}/close", follow_redirects=True).get_data(as_text=True)
    assert "自动交卷 1 份" in closed
    assert any("成绩" in t or "结束" in t for t in notices_of(loaded_app, accounts["staff"]))
    assert "答案与专家解题已公布" in staff.text(f"/rounds/{round_id}")


def test_cancel_needs_a_reason_and_tells_staff(trainer, browsers, make_round, paper, accounts, loaded_app):
    round_id = make_round(paper[:1])
    services(loaded_app).push.announce_pending()
    assert trainer.post(f"/rounds/{round_id}/cancel", {"reason": " "}).status_code == 400
    trainer.post(f"/rounds/{round_id}/cancel", {"reason": "题目有误"})
    assert "本轮次已取消：题目有误" in browsers["staff"].text(f"/rounds/{round_id}")
    assert any("已取消" in t for t in notices_of(loaded_app, accounts["staff"]))


def test_extend_one_persons_deadline(trainer, browsers, make_round, paper, accounts, clock, loaded_app, quiz):
    round_id = make_round(paper[:1])
    later = (clock.now() + dt.timedelta(days=9)).astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")
    response = trainer.post(f"/rounds/{round_id}/extend", {"user_id": accounts["staff"].id, "closes_at": later},
                            follow_redirects=True)
    assert "已将该人员的截止时间延长至" in response.get_data(as_text=True)
    assert "您的截止时间已延长至" in browsers["staff"].text(f"/rounds/{round_id}")
    assert any("延长" in t for t in notices_of(loaded_app, accounts["staff"]))
    too_early = trainer.post(f"/rounds/{round_id}/extend", {"user_id": accounts["staff"].id,
                                                            "closes_at": local_input(clock.now())})
    assert too_early.status_code == 400


def test_edit_settings_keeps_the_paper(trainer, quiz, accounts, make_round, paper, clock):
    round_id = make_round(paper[:3], publish=False)
    form = trainer.text(f"/rounds/{round_id}/edit")
    assert 'value="第一期练兵"' in form and 'value="keep" checked' in form
    trainer.post(f"/rounds/{round_id}/edit", round_form(clock, title="改名", source="keep", attempts_allowed="2"))
    detail = quiz.rounds.get_round(actor_of(accounts["trainer"]), round_id)
    assert detail.summary.title == "改名" and detail.summary.attempts_allowed == 2
    assert [q.question_id for q in detail.questions] == paper[:3]


def test_staff_list_shows_only_rounds_addressed_to_them(browsers, quiz, accounts, make_round, paper, loaded_app):
    department = next(d for d in services(loaded_app).departments.list() if d.name == "审计一科")
    mine = make_round(paper[:1], title="全员练兵")
    make_round(paper[:1], title="一科专场", department_ids=(department.id,))
    make_round(paper[:1], title="草稿轮次", publish=False)
    page = browsers["staff"].text("/rounds")
    assert "全员练兵" in page and "一科专场" not in page and "草稿轮次" not in page
    assert f"/rounds/{mine}" in page
    manage = browsers["trainer"].text("/rounds/manage")
    assert all(title in manage for title in ("全员练兵", "一科专场", "草稿轮次"))
    assert browsers["staff"].get("/rounds/manage").status_code == 403


def test_results_page_with_chart_flags_and_export(browsers, quiz, accounts, make_round, paper, add_user):
    round_id = make_round(paper)
    takers = [accounts["staff"]] + [add_user(f"s{i}", department="审计二科") for i in range(4)]
    for index, taker in enumerate(map(actor_of, takers)):
        view = quiz.attempts.start(taker, round_id)
        first = view.questions[0]
        quiz.attempts.save_answer(taker, view.attempt_id, first.question_id, first.options[index % 2].id)
        quiz.attempts.submit(taker, view.attempt_id)
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    page = browsers["trainer"].text(f"/rounds/{round_id}/results")
    assert '<svg class="chart chart-bar-chart"' in page and "5<small> / 5</small>" in page
    assert "审计二科" in page and "试题分析" in page and "过难" in page
    book = load_workbook(io.BytesIO(browsers["trainer"].get(f"/rounds/{round_id}/results.xlsx").data))
    assert book.sheetnames == ["概况", "成绩", "试题分析", "科室排名"]
    assert browsers["staff"].get(f"/rounds/{round_id}/results").status_code == 403
