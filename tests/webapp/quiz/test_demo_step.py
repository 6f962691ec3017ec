"""The demo's quiz step: it opens a sample round once, announced to staff; it says why
when it cannot (no demo administrator, nothing to compose from)."""
from accounts.permissions import actor_of
from webapp.commands.demo import DemoContext, create_demo_accounts
from webapp.extensions import services
from webapp.commands.quiz_demo import DEMO_ROUND_TITLE, load_sample_quizzes


def test_the_demo_opens_one_sample_round(loaded_app, accounts, make_question, capsys):
    for kind in ("single", "multiple", "true_false", "fill", "case"):
        make_question(kind)
    context = DemoContext(loaded_app, services(loaded_app))
    load_sample_quizzes(context)
    assert "没有演示管理员账号" in capsys.readouterr().out
    with loaded_app.app_context():
        create_demo_accounts(context)
    load_sample_quizzes(context)
    output = capsys.readouterr()
    assert f"已开放演示轮次“{DEMO_ROUND_TITLE}”" in output.out
    assert "未导入" in output.err            # the sample bank cites statutes the fixtures lack
    quiz, staff = services(loaded_app), accounts["staff"]
    [round_] = quiz.rounds.list_rounds(actor_of(staff), "open")
    assert round_.title == DEMO_ROUND_TITLE and round_.question_count == 5
    notices = services(loaded_app).inbox.notices(actor_of(staff)).items
    assert [n.link for n in notices] == [f"/rounds/{round_.id}"]
    load_sample_quizzes(context)
    assert "已有练兵轮次" in capsys.readouterr().out
    assert len(quiz.rounds.list_rounds(actor_of(staff))) == 1
