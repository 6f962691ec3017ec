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
