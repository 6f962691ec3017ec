"""The display and ranking faults of the quiz (issue J's "Faults to fix"), as the pages show
them: blanks and line breaks of stems, fixed option order and explanations in the person's
own lettering, the case editor's sub-question slots, what the export says about how an
attempt ended, and the ranking that counts absentees."""
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.permissions import actor_of
from tests.support.browser import sign_in
from tests.support.web import Web

TWO_BLANKS = {"type": "fill", "stem": "评标委员会成员人数为____以上单数，专家不得少于总数的____。",
              "answer": [["五人", "5人"], ["三分之二"]], "explanation": "第一行\n第二行"}
FINDINGS = "审计发现：\n(1) 未经批准调整预算；\n(2) 超范围支出。"
BLANK = '<span class="stem-blank">____</span>'


def test_blanks_and_line_breaks_show_on_the_attempt_page_and_in_the_bank(
        browsers, quiz, accounts, make_question, make_round):
    fill = make_question("fill", **TWO_BLANKS)
    single = make_question("single", stem=FINDINGS)
    view = quiz.attempts.start(actor_of(accounts["staff"]), make_round([fill, single]))
    page = browsers["staff"].text(f"/attempts/{view.attempt_id}")
    assert page.count(BLANK) == 2 and "<em>" not in page
    assert re.search(r"审计发现：<br\s*/?>\s*\(1\) 未经批准调整预算；<br\s*/?>\s*\(2\)", page)
    bank = browsers["trainer"].text(f"/bank/{fill}")
    assert bank.count(BLANK) == 2
    assert re.search(r"第一行<br\s*/?>\s*第二行", bank)


def test_no_correct_option_is_explained_in_the_trainers_letters(browsers):
    trainer = browsers["trainer"]
    trainer.csrf("/bank/new")
    response = trainer.post("/bank/new", {"type": "single", "stem": "送达审计通知书的时间？", "opt_A": "一日",
                                          "opt_B": "三日", "opt_C": "五日", "difficulty": "2", "action": "save"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "本题没有有效的正确答案：请从选项A、B、C中选定一个" in page
    assert not re.search(r"o\d", page.split('class="alert')[1].split("</")[0])


def test_the_export_says_the_round_was_ended_early(browsers, quiz, accounts, make_round, paper, clock):
    round_id = make_round(paper, time_limit_minutes=30)
    quiz.attempts.start(actor_of(accounts["staff"]), round_id)
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    response = browsers["trainer"].get(f"/rounds/{round_id}/results.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data))["成绩"]
    kinds = {row[0]: row[7] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert kinds[accounts["staff"].username] == "轮次提前结束，自动交卷"


def test_the_ranking_page_counts_absentees_and_states_its_rule(browsers, quiz, accounts, add_user,
                                                                make_question, make_round):
    tf = make_question("true_false")
    round_id = make_round([tf])
    people = {name: add_user(name, department=department) for name, department in (
        ("a1", "甲科"), ("a2", "甲科"), ("b1", "乙科"), ("b2", "乙科"))}
    for name, answer in (("a1", True), ("b1", True), ("b2", False)):      # a2 absent
        view = quiz.attempts.start(actor_of(people[name]), round_id)
        quiz.attempts.save_answer(actor_of(people[name]), view.attempt_id, tf, answer)
        quiz.attempts.submit(actor_of(people[name]), view.attempt_id)
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    page = browsers["staff"].text(f"/training/rankings?round={round_id}")
    rows = re.findall(r'<td class="rank[^"]*">(\d+)</td>\s*<td>(\S+)</td>.*?参与 (\d+/\d+)', page, re.S)
    # 甲科 (one of two, 100%) used to come first; absentees count as 0: 乙科 50 vs 甲科 50, all of 乙科 took part.
    assert rows[:2] == [("1", "乙科", "2/2"), ("2", "甲科", "1/2")]
    assert "未参加者按 0 计" in page and "相同时参与率高者在前" in page
    results = browsers["trainer"].text(f"/rounds/{round_id}/results")
    assert "未参加者按 0 计" in results


def test_staff_see_no_generator_tags_as_topics_trainers_do_in_the_bank(browsers, quiz, accounts,
                                                                        make_question, make_round):
    question = make_question("true_false", tags=["回避", "术语", "条文定位", "法条生成"])
    round_id = make_round([question])
    staff = actor_of(accounts["staff"])
    view = quiz.attempts.start(staff, round_id)
    quiz.attempts.save_answer(staff, view.attempt_id, question, False)
    quiz.attempts.submit(staff, view.attempt_id)
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    for url in ("/training/results", "/training/practice", f"/attempts/{view.attempt_id}", "/training/wrong-book"):
        page = browsers["staff"].text(url)
        assert not {"法条生成", "条文定位", "术语"} & set(re.findall(r"[\u4e00-\u9fff]+", page)), url
    assert "回避" in browsers["staff"].text("/training/practice")
    bank = browsers["trainer"].text("/bank?tag=法条生成")
    assert "法条生成" in bank and "条文定位" in bank


def visible_slots(page: str) -> list[int]:
    return [int(i) for i, rest in re.findall(r'data-part-slot="(\d+)"([^>]*)>', page) if "hidden" not in rest]


def test_a_new_case_can_grow_to_ten_sub_questions_without_script(browsers):
    trainer = browsers["trainer"]
    page = trainer.text("/bank/new?type=case")
    assert visible_slots(page) == [0, 1] and page.count("data-part-slot=") == 10
    assert 'name="action" value="add_part"' in page
    form = {"type": "case", "stem": "某县审计局对教育局开展审计……", "difficulty": "3", "p0_type": "true_false",
            "p0_stem": "可以拒绝提供电子数据。", "p0_ans_tf": "false", "shown_parts": "2", "action": "add_part"}
    for shown in range(2, 10):
        form["shown_parts"] = str(shown)
        response = trainer.post("/bank/new", form)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and visible_slots(page) == list(range(shown + 1))
    assert "可以拒绝提供电子数据。" in page                       # what was typed stays
    assert 'value="add_part"' in page                              # nine empty blocks remain to fill
    for i in range(1, 10):
        form.update({f"p{i}_type": "true_false", f"p{i}_stem": f"第{i + 1}问。", f"p{i}_ans_tf": "true"})
    form["action"] = "add_part"
    page = trainer.post("/bank/new", form).get_data(as_text=True)
    assert visible_slots(page) == list(range(10)) and 'value="add_part"' not in page
    form["action"] = "save"
    assert trainer.post("/bank/new", form).status_code == 302


@pytest.mark.browser
def test_the_editor_adds_sub_questions_up_to_ten_in_the_browser(page):
    sign_in(page, "admin")
    page.goto(page.base_url + "/bank/new?type=case")
    blocks, add = page.locator("fieldset.part-block"), page.get_by_role("button", name="＋ 添加小题")
    expect(blocks.and_(page.locator(":visible"))).to_have_count(1)
    page.locator("[name=stem]").fill("某县审计局对教育局开展预算执行审计，发现……")
    for _ in range(9):
        add.click()
    expect(blocks.and_(page.locator(":visible"))).to_have_count(10)
    expect(add).to_be_hidden()
    for i in range(10):
        page.locator(f"[name=p{i}_type]").select_option("true_false")
        page.locator(f"[name=p{i}_stem]").fill(f"第{i + 1}问：应当移送。")
        page.locator(f"[name=p{i}_ans_tf][value=true]").check()
    page.get_by_role("button", name="保存为草稿").click()
    expect(page.locator(".flash")).to_contain_text("已保存为第 1 版")
    expect(page.locator(".case-part")).to_have_count(10)


def test_fixed_order_from_the_editor_and_the_api(browsers, quiz, accounts, api_for):
    trainer = browsers["trainer"]
    trainer.csrf("/bank/new")
    response = trainer.post("/bank/new", {"type": "single", "stem": "下列说法正确的是？", "opt_A": "甲",
                                          "opt_B": "乙", "opt_C": "以上都对", "ans_single": "C",
                                          "difficulty": "2", "fixed_order": "y", "action": "save"})
    question_id = int(response.location.rsplit("/", 1)[1])
    assert quiz.bank.get_question(actor_of(accounts["trainer"]), question_id).content.fixed_order is True
    edit = trainer.text(f"/bank/{question_id}/edit")
    assert 'name="fixed_order" value="y" checked' in edit
    assert "固定选项顺序" in trainer.text(f"/bank/{question_id}")
    created = api_for("trainer").post("/api/v1/questions", json={
        "type": "single", "stem": "下列哪项正确？", "options": ["甲", "乙", "以上都对"], "answer": "C",
        "fixed_order": True})
    assert created.status_code == 201 and created.json["content"]["fixed_order"] is True


def test_the_attempt_page_shows_the_explanation_in_my_lettering(loaded_app, quiz, accounts, add_user,
                                                                make_question, make_round):
    question = make_question("single", options=["一日", "三日", "五日", "七日"], answer="B",
                             explanation="B项正确，D项错误。")
    round_id = make_round([question])
    people = [add_user(f"s{i}") for i in range(6)]
    attempts = [quiz.attempts.start(actor_of(p), round_id) for p in people]
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    moved = 0
    for person, attempt in zip(people, attempts):
        letter = {o.id: "ABCD"[i] for i, o in enumerate(attempt.questions[0].options)}
        web = Web(loaded_app.test_client())
        web.login(person.username)
        page = web.text(f"/attempts/{attempt.attempt_id}")
        assert f"{letter['o2']}项正确，{letter['o4']}项错误。" in page
        moved += letter["o2"] != "B"
    assert moved
