"""The push commands: test notices on real local servers, a one-off pass, manual round
control, and the scheduler's wiring (its job function called directly; the job store in
the application database)."""
import datetime as dt

from accounts.permissions import SYSTEM, actor_of
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import inspect, select

from core.clock import LOCAL_TZ
from quizzes.lease import Lease, lease_state
from quizzes.notify.models import Notice
from quizzes.round_spec import RoundSpec
from tests.support.questions import SINGLE_DATA
from tests.quizzes.notify.servers import RobotServer, SmtpSink
from webapp import create_app, scheduler
from webapp.extensions import services
from tests.support.web import app_config


def test_notify_test_email_and_robot(tmp_path, clock, statutes_path):
    with SmtpSink() as smtp, RobotServer() as robots:
        app = create_app(app_config(tmp_path / "data", clock, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port,
                                    MAIL_SECURITY="none", MAIL_SENDER="kb@audit.example"))
        runner = app.test_cli_runner()
        result = runner.invoke(args=["notify-test", "--email", "chief@audit.example"])
        assert result.exit_code == 0 and "测试邮件已发送到 chief@audit.example" in result.output
        assert smtp.messages[0][0] == ["chief@audit.example"]
        with app.app_context():
            robot = services(app).notice_admin.save_robot(SYSTEM, name="全局群", kind="dingtalk", url=robots.url + "/ok",
                                                           secret="SEC", department_id=None)
        result = runner.invoke(args=["notify-test", "--robot", str(robot)])
        assert result.exit_code == 0 and "全局群" in result.output
        assert robots.bodies("/ok")[0]["markdown"]["title"] == "【测试】审计法规库通知"
        services(app).close()


def test_notify_test_reports_bad_settings(tmp_path, clock):
    app = create_app(app_config(tmp_path / "data", clock, MAIL_SERVER="smtp.example", MAIL_PORT="abc"))
    result = app.test_cli_runner().invoke(args=["notify-test", "--email", "a@b.example"])
    assert result.exit_code == 2 and "SMTP 端口无效" in result.output
    result = app.test_cli_runner().invoke(args=["notify-test", "--robot", "99"])
    assert result.exit_code == 2 and "没有这个群机器人" in result.output
    services(app).close()


def make_round(app, accounts, clock, opens_in=dt.timedelta(hours=1)):
    quiz = services(app)
    question = quiz.bank.create_question(actor_of(accounts["trainer"]), SINGLE_DATA)
    quiz.bank.review(actor_of(accounts["admin"]), [question.id])
    quiz.bank.publish(actor_of(accounts["admin"]), [question.id])
    detail = quiz.rounds.create_round(actor_of(accounts["trainer"]), RoundSpec(
        title="手动练兵", opens_at=clock.now() + opens_in, closes_at=clock.now() + dt.timedelta(days=3),
        question_ids=(question.id,)))
    quiz.lifecycle.publish_round(actor_of(accounts["trainer"]), detail.summary.id)
    return detail.summary.id


def inbox_keys(app, user_id):
    with services(app).db.session() as s:
        return set(s.scalars(select(Notice.event_key).where(Notice.user_id == user_id)))


def test_manual_round_control_notifies_at_once(loaded_app, accounts, clock):
    round_id = make_round(loaded_app, accounts, clock)
    runner = loaded_app.test_cli_runner()
    result = runner.invoke(args=["rounds", "open-now", str(round_id), "--as", "trainer"])
    assert result.exit_code == 0, result.output
    assert f"round:{round_id}:open" in inbox_keys(loaded_app, accounts["staff"].id)
    until = (clock.now() + dt.timedelta(days=5)).astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")
    result = runner.invoke(args=["rounds", "extend", str(round_id), "--user", "staff", "--until", until,
                                 "--as", "trainer"])
    assert result.exit_code == 0, result.output
    assert any(k.startswith("extension:") for k in inbox_keys(loaded_app, accounts["staff"].id))
    result = runner.invoke(args=["rounds", "cancel", str(round_id), "--reason", "题目有误", "--as", "trainer"])
    assert result.exit_code == 0, result.output
    assert f"round:{round_id}:cancel" in inbox_keys(loaded_app, accounts["staff"].id)


def test_a_manual_command_delivers_its_robot_notices_before_it_exits(loaded_app, accounts, clock):
    round_id = make_round(loaded_app, accounts, clock)
    runner = loaded_app.test_cli_runner()
    with RobotServer() as robots:
        services(loaded_app).notice_admin.save_robot(SYSTEM, name="全局群", kind="webhook", url=robots.url + "/ok",
                                                     secret=None, department_id=None)
        result = runner.invoke(args=["rounds", "open-now", str(round_id), "--as", "trainer"])
        assert result.exit_code == 0 and "外部通知：发送 1" in result.output
        assert [body["title"] for body in robots.bodies("/ok")] == ["【练兵】手动练兵 已开始"]


def test_manual_control_refuses_staff_and_bad_input(loaded_app, accounts, clock):
    round_id = make_round(loaded_app, accounts, clock)
    runner = loaded_app.test_cli_runner()
    result = runner.invoke(args=["rounds", "open-now", str(round_id), "--as", "staff"])
    assert result.exit_code == 2 and "错误" in result.output
    result = runner.invoke(args=["rounds", "extend", str(round_id), "--user", "staff", "--until", "明天",
                                 "--as", "trainer"])
    assert result.exit_code == 2 and "时间格式不正确" in result.output
    result = runner.invoke(args=["rounds", "close", "999", "--as", "trainer"])
    assert result.exit_code == 2 and "没有找到轮次" in result.output


def test_push_tick_and_status_commands(loaded_app, accounts, clock):
    runner = loaded_app.test_cli_runner()
    result = runner.invoke(args=["push", "status"])
    assert result.exit_code == 0 and "调度进程：未运行" in result.output
    clock.set(dt.datetime(2026, 3, 2, 10, 0, tzinfo=LOCAL_TZ))
    services(loaded_app).schedule.update(SYSTEM, enabled=True)
    result = runner.invoke(args=["push", "tick"])
    assert result.exit_code == 0 and "本期：schedule:2026-03-02" in result.output


def test_scheduler_job_and_store(loaded_app, accounts, clock):
    sched = scheduler.build_scheduler(loaded_app, BackgroundScheduler)
    sched.start(paused=True)
    sched.shutdown(wait=False)
    engine = services(loaded_app).db.engine
    assert "apscheduler_jobs" in inspect(engine).get_table_names()   # survives restarts
    clock.set(dt.datetime(2026, 3, 2, 10, 0, tzinfo=LOCAL_TZ))
    make_round(loaded_app, accounts, clock, opens_in=dt.timedelta(0))   # something to announce
    queued = services(loaded_app).background.queued_tasks()
    scheduler.scheduled_tick()
    state = lease_state(services(loaded_app).db.session, clock)
    assert state.is_alive and state.holder == scheduler._lease.holder
    assert inbox_keys(loaded_app, accounts["staff"].id)
    # The scheduler sends nothing itself: it queues a delivery pass for the workers.
    assert services(loaded_app).background.queued_tasks() > queued
    # A second scheduler process started by mistake stands by.
    kb = services(loaded_app)
    first = scheduler._lease
    scheduler._lease = Lease(kb.db.session, clock, "other-host:2")
    before = inbox_keys(loaded_app, accounts["trainer"].id)
    scheduler.scheduled_tick()
    assert lease_state(kb.db.session, clock).holder == first.holder
    assert inbox_keys(loaded_app, accounts["trainer"].id) == before
