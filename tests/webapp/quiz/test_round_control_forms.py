"""The round controls' forms refuse what they cannot read with a Chinese message, nothing
changed: a paper edit with a forged id or an unknown action, an over-long cancel reason,
and an extension to a time before the round's close, which shows the results page again
with the extension form open, the message beside it and the entered time kept."""
import datetime as dt

import pytest

from accounts.permissions import actor_of
from webapp.quiz.ui import local_input


@pytest.fixture
def trainer(browsers):
    return browsers["trainer"]


def paper_of(quiz, accounts, round_id) -> list[int]:
    return [q.question_id for q in quiz.rounds.get_round(actor_of(accounts["trainer"]), round_id).questions]


def test_an_extension_before_the_close_shows_the_form_again(trainer, make_round, paper, accounts, clock):
    round_id = make_round(paper[:1])
    too_early = local_input(clock.now() + dt.timedelta(days=1))
    response = trainer.post(f"/rounds/{round_id}/extend", {"user_id": accounts["staff"].id, "closes_at": too_early})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "延长后的截止时间应晚于轮次截止时间和当前时间" in page
    assert "个人成绩" in page and 'class="extend-box" open' in page
    assert f'id="extend-{accounts["staff"].id}" type="datetime-local" name="closes_at" value="{too_early}"' in page


def test_an_extension_that_cannot_be_read_shows_the_form_again(trainer, make_round, paper, accounts):
    round_id = make_round(paper[:1])
    unreadable = trainer.post(f"/rounds/{round_id}/extend", {"user_id": accounts["staff"].id, "closes_at": "下周一"})
    assert unreadable.status_code == 400
    assert "延长后的截止时间格式不正确" in unreadable.get_data(as_text=True)
    nobody = trainer.post(f"/rounds/{round_id}/extend", {"user_id": "abc", "closes_at": "2030-01-01T09:00"})
    page = nobody.get_data(as_text=True)
    assert nobody.status_code == 400 and "人员编号应为正整数：“abc”" in page and "个人成绩" in page
    missing = trainer.post(f"/rounds/{round_id}/extend", {"closes_at": "2030-01-01T09:00"})
    assert missing.status_code == 400 and "请选择要延长截止时间的人员" in missing.get_data(as_text=True)


def test_a_paper_edit_refuses_forged_ids_and_unknown_actions(trainer, make_round, paper, quiz, accounts):
    round_id = make_round(paper[:2], publish=False)
    forged = trainer.post(f"/rounds/{round_id}/questions", {"action": "add", "ids": [paper[2], "3x"]})
    assert forged.status_code == 400 and "试题编号应为正整数：“3x”" in forged.get_data(as_text=True)
    unknown = trainer.post(f"/rounds/{round_id}/questions", {"action": "shuffle", "question": paper[0]})
    assert unknown.status_code == 400 and "试卷调整只能是：" in unknown.get_data(as_text=True)
    bad_target = trainer.post(f"/rounds/{round_id}/questions", {"action": "up", "question": "-1"})
    assert bad_target.status_code == 400 and "试题编号应为正整数" in bad_target.get_data(as_text=True)
    assert paper_of(quiz, accounts, round_id) == paper[:2]


def test_an_over_long_cancel_reason_is_refused(trainer, make_round, paper, quiz, accounts):
    round_id = make_round(paper[:1])
    response = trainer.post(f"/rounds/{round_id}/cancel", {"reason": "因" * 501})
    assert response.status_code == 400 and "取消原因不超过 500 个字符" in response.get_data(as_text=True)
    assert quiz.rounds.get_round(actor_of(accounts["trainer"]), round_id).summary.status == "open"
