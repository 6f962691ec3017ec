"""The display and ranking faults of the quiz (issue J's "Faults to fix"), as the pages show
them: blanks and line breaks of stems, fixed option order and explanations in the person's
own lettering, the case editor's sub-question slots, what the export says about how an
attempt ended, and the ranking that counts absentees."""
import io
import re

from openpyxl import load_workbook

from accounts.permissions import actor_of

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
