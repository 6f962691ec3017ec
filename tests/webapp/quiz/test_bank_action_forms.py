"""The bank's action forms refuse what they cannot read with a Chinese message, and change
nothing: a forged id or an unknown action in a batch, an unknown 纠错 decision, a statute
that is not an audit statute or an over-long list of other statutes to generate from, and
an over-long return address on a 纠错 report."""
import pytest

from accounts.permissions import actor_of


@pytest.fixture
def trainer(browsers):
    return browsers["trainer"]


def refused(response, message: str) -> bool:
    return response.status_code == 400 and message in response.get_data(as_text=True)


def status_of(quiz, accounts, question_id: int) -> str:
    return quiz.bank.get_question(actor_of(accounts["trainer"]), question_id).status


def test_a_batch_refuses_forged_ids_and_unknown_actions(trainer, quiz, accounts, make_question):
    question_id = make_question("single", publish=False)
    assert refused(trainer.post("/bank/batch", {"action": "review", "ids": [question_id, "7;drop"]}),
                   "试题编号应为正整数：“7;drop”")
    assert refused(trainer.post("/bank/batch", {"action": "explode", "ids": [question_id]}),
                   "批量操作只能是：review、publish、return、archive")
    assert refused(trainer.post("/bank/batch", {"action": "review"}), "请选择要处理的试题")
    assert status_of(quiz, accounts, question_id) == "draft"


def test_a_report_decision_must_be_accept_or_dismiss(trainer, quiz, accounts, make_question, make_round, browsers):
    question_id = make_question("true_false")
    view = quiz.attempts.start(actor_of(accounts["staff"]), make_round([question_id]))
    staff = browsers["staff"]
    too_long = staff.post(f"/questions/{question_id}/report", {"message": "答案有误", "next": "/" + "x" * 2000})
    assert refused(too_long, "不超过 2000 个字符")
    staff.post(f"/questions/{question_id}/report", {"message": "答案有误", "next": f"/attempts/{view.attempt_id}"})
    report_id = quiz.question_reports.list_reports(actor_of(accounts["trainer"]))[0].id
    response = trainer.post(f"/bank/reports/{report_id}/resolve", {"decision": "maybe", "resolution": "再看看"})
    assert refused(response, "处理结果只能是：accept、dismiss")
    assert [r.status for r in quiz.question_reports.list_reports(actor_of(accounts["trainer"]))] == ["open"]


def test_generation_refuses_unknown_statutes_and_an_over_long_list(trainer, quiz, accounts):
    assert refused(trainer.post("/bank/generate", {"statutes": ["审计法", "刑法"]}), "不在审计法规之列：“刑法”")
    assert refused(trainer.post("/bank/generate", {"extra": "样例审计法、" * 100}), "不超过 500 个字符")
    assert not quiz.bank.list_questions(actor_of(accounts["trainer"])).items
