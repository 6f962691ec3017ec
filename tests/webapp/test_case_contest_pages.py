"""案例评比 in the web app: a trainer opens a contest, two staff submit (one as a team), three
judges score, the trainer sets awards and publishes, the winners are in the case library;
the bad inputs show their Chinese messages; roles and CSRF hold on every action."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.support.environment import START
from tests.support.web import Web

BODY = "## 审计发现\n\n拒绝提供资料。\n\n## 定性依据\n\n违反《中华人民共和国样例审计法》第四条。"


@pytest.fixture
def users(loaded_app, add_user):
    """A trainer, three judges, two staff; judge j3 works with s2."""
    names = {"t1": "trainer", "j1": "staff", "j2": "staff", "j3": "staff", "s1": "staff", "s2": "staff"}
    return {name: add_user(name, role, department="审计一科") for name, role in names.items()}


@pytest.fixture
def as_user(loaded_app, users):
    def sign_in(name: str) -> Web:
        web = Web(loaded_app.test_client())
        assert web.login(name).status_code == 302
        return web
    return sign_in


def contest_form(**overrides) -> dict:
    opens, closes = START - dt.timedelta(hours=1), START + dt.timedelta(days=7)
    return {"title": "2026年度审计案例评比", "description": "征集本年度审计案例",
            "opens_at": f"{opens.astimezone(dt.timezone(dt.timedelta(hours=8))):%Y-%m-%dT%H:%M}",
            "closes_at": f"{closes.astimezone(dt.timezone(dt.timedelta(hours=8))):%Y-%m-%dT%H:%M}",
            "criteria": "定性准确 30\n依据充分 30\n处理恰当 20\n示范价值 20",
            "judges": "j1、j2、j3", "blind": "y", **overrides}


def entry_form(title: str, **overrides) -> dict:
    return {"title": title, "audit_type": "预算执行", "case_date": "2026-01-05", "body": BODY,
            "summary": "拒绝提供资料", "coauthors": "", **overrides}


def open_contest(as_user) -> tuple[Web, int]:
    trainer = as_user("t1")
    response = trainer.post("/contests/new", contest_form(), token_from="/contests/new")
    assert response.status_code == 302, response.get_data(as_text=True)
    return trainer, int(response.location.rstrip("/").rsplit("/", 1)[1])


def submit(web: Web, contest_id: int, title: str, **overrides) -> int:
    url = f"/contests/{contest_id}/entries/new"
    response = web.post(url, entry_form(title, **overrides), token_from=url)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.location.rsplit("/", 1)[1])


def score(web: Web, entry_id: int, points=(28, 27, 18, 17), comment="定性准确") -> object:
    url = f"/contests/entries/{entry_id}/score"
    page = web.text(url)
    names = re.findall(r'name="(c\d+)"', page)
    return web.post(url, dict(zip(names, map(str, points)), comment=comment), token_from=url)


def test_a_contest_runs_end_to_end(loaded_app, as_user, clock):
    trainer, contest_id = open_contest(as_user)
    s1, s2 = as_user("s1"), as_user("s2")
    first = submit(s1, contest_id, "甲县拒绝提供资料案")
    second = submit(s2, contest_id, "乙镇挪用资金案", coauthors="j3")
    assert "乙镇挪用资金案" in s2.text(f"/contests/{contest_id}")
    clock.set(START + dt.timedelta(days=8))
    # A week later everyone signs in again (the sessions of last week have expired).
    trainer, s1 = as_user("t1"), as_user("s1")
    judges = {name: as_user(name) for name in ("j1", "j2", "j3")}
    page = judges["j1"].text(f"/contests/{contest_id}/judging")
    assert "甲县拒绝提供资料案" in page and "用户s1" not in page  # blind
    assert "回避（本人参与）" in judges["j3"].text(f"/contests/{contest_id}/judging")
    for name, web in judges.items():
        assert score(web, first).status_code == 302
        if name != "j3":
            assert score(web, second, (20, 20, 15, 15)).status_code == 302
    page = trainer.text(f"/contests/{contest_id}")
    assert "2 / 2" in page and "1 / 1" in page and "90.00" in page and "70.00" in page
    response = trainer.post(f"/contests/{contest_id}/awards",
                            {f"a{first}": "一等奖", f"a{second}": "二等奖"},
                            token_from=f"/contests/{contest_id}")
    assert response.status_code == 302
    assert trainer.post(f"/contests/{contest_id}/publish",
                        token_from=f"/contests/{contest_id}").status_code == 302
    staff_view = s1.text(f"/contests/{contest_id}")
    assert "获奖名单" in staff_view and "一等奖" in staff_view and "用户s2、用户j3" in staff_view
    library = s1.text("/cases?tag=优秀案例")
    assert "甲县拒绝提供资料案" in library and "乙镇挪用资金案" in library
    case_id = re.search(r'href="/cases/(\d+)">甲县拒绝提供资料案', staff_view).group(1)
    case_page = s1.text(f"/cases/{case_id}")
    assert "badge-excellent" in case_page and "2026年度审计案例评比一等奖（作者：用户s1）" in case_page
    sheet = trainer.get(f"/contests/{contest_id}/results.xlsx")
    assert sheet.status_code == 200
    assert list(load_workbook(io.BytesIO(sheet.data))["成绩排名"].values)[1][1] == "甲县拒绝提供资料案"
    docx = trainer.get(f"/contests/{contest_id}/compilation.docx")
    texts = [p.text for p in Document(io.BytesIO(docx.data)).paragraphs]
    assert "优秀案例汇编" in texts and "一、甲县拒绝提供资料案" in texts
    preview = trainer.text(f"/contests/{contest_id}/compilation")
    assert "附：引用条文" in preview and "审计机关有权要求被审计单位提供下列资料" in preview


def test_bad_input_shows_chinese_messages(loaded_app, as_user, clock):
    trainer, contest_id = open_contest(as_user)
    response = trainer.post("/contests/new", contest_form(judges="j1 nobody", criteria="定性准确 300"),
                            token_from="/contests/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "分值应为1到100的整数" in page
    s1 = as_user("s1")
    submit(s1, contest_id, "甲案")
    url = f"/contests/{contest_id}/entries/new"
    response = s1.post(url, entry_form("又一案"), token_from=url)
    assert response.status_code == 409 and "只能参加一个参评案例" in response.get_data(as_text=True)
    s2 = as_user("s2")
    response = s2.post(url, entry_form("错引案", body="依据《中华人民共和国样例审计法》第九十九条。"), token_from=url)
    assert response.status_code == 400 and "引用有误" in response.get_data(as_text=True)
    clock.set(START + dt.timedelta(days=8))
    s2 = as_user("s2")
    response = s2.post(url, entry_form("迟交案"), token_from="/contests")
    assert response.status_code == 409 and "截止" in response.get_data(as_text=True)


def test_scores_outside_the_weight_and_outsiders_are_refused(loaded_app, as_user, clock):
    _, contest_id = open_contest(as_user)
    entry = submit(as_user("s2"), contest_id, "乙案", coauthors="j3")
    clock.set(START + dt.timedelta(days=8))
    response = score(as_user("j1"), entry, (31, 30, 20, 20))
    assert response.status_code == 400
    assert "“定性准确”的得分应在 0 到 30 分之间，不能是 31 分" in response.get_data(as_text=True)
    j3 = as_user("j3")
    response = j3.post(f"/contests/entries/{entry}/score", {"c1": "1", "comment": "x"},
                       token_from=f"/contests/{contest_id}")
    assert response.status_code == 403 and "应当回避" in response.get_data(as_text=True)
    s1 = as_user("s1")
    assert s1.get(f"/contests/entries/{entry}/score").status_code == 403
    assert s1.get(f"/contests/entries/{entry}").status_code == 404


def test_trainer_pages_and_actions_need_a_trainer_and_a_csrf_token(loaded_app, as_user, clock):
    trainer, contest_id = open_contest(as_user)
    s1 = as_user("s1")
    for url in ("/contests/new", f"/contests/{contest_id}/edit", f"/contests/{contest_id}/results.xlsx",
                f"/contests/{contest_id}/compilation", f"/contests/{contest_id}/compilation.docx"):
        assert s1.get(url).status_code == 403, url
    assert s1.post(f"/contests/{contest_id}/publish", token_from="/contests").status_code == 403
    no_token = trainer.client.post(f"/contests/{contest_id}/publish")
    assert no_token.status_code == 400
    entry = submit(s1, contest_id, "甲案")
    assert s1.client.post(f"/contests/entries/{entry}/withdraw").status_code == 400


def test_withdraw_edit_and_resubmit_in_the_browser_forms(loaded_app, as_user):
    _, contest_id = open_contest(as_user)
    s1 = as_user("s1")
    entry = submit(s1, contest_id, "初稿")
    assert s1.post(f"/contests/entries/{entry}/withdraw", token_from=f"/contests/entries/{entry}").status_code == 302
    assert "已撤回" in s1.text(f"/contests/entries/{entry}")
    url = f"/contests/entries/{entry}/edit"
    assert s1.post(url, entry_form("改稿"), token_from=url).status_code == 302
    assert s1.post(f"/contests/entries/{entry}/resubmit", token_from=f"/contests/entries/{entry}").status_code == 302
    page = s1.text(f"/contests/entries/{entry}")
    assert "改稿" in page and "已提交" in page


def test_the_entry_preview_serves_any_signed_in_author(loaded_app, as_user):
    s1 = as_user("s1")
    response = s1.client.post("/contests/entries/preview", data={"body": BODY},
                              headers={"X-CSRFToken": s1.csrf("/contests")})
    assert response.status_code == 200
    assert response.json["citations"][0]["status"] == "resolved"


def test_the_trainer_edits_the_settings_and_staff_see_the_list(loaded_app, as_user):
    trainer, contest_id = open_contest(as_user)
    url = f"/contests/{contest_id}/edit"
    page = trainer.text(url)
    assert "定性准确 30" in page and "j1、j2、j3" in page and 'value="2026-03-02T08:00"' in page
    response = trainer.post(url, contest_form(title="2026年度优秀审计案例评选", blind=""), token_from=url)
    assert response.status_code == 302
    listing = as_user("s1").text("/contests")
    assert "2026年度优秀审计案例评选" in listing and "征集中" in listing
    assert "实名评审" in as_user("s1").text(f"/contests/{contest_id}")
