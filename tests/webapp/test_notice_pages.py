"""The push pages: the inbox and its header count, the admin schedule and notices pages,
the email preference — with real SMTP and robot servers where something is sent."""
import datetime as dt

from sqlalchemy import select

from accounts.permissions import SYSTEM, actor_of
from accounts.security_log import EventQuery
from core.clock import LOCAL_TZ
from quizzes.notify.models import OutboxMessage
from quizzes.notify.notifier import Announcement
from quizzes.round_spec import RoundSpec
from quizzes.schedule import ScheduleSettings
from tests.quizzes.notify.servers import RobotServer, SmtpSink
from tests.support.questions import SINGLE_DATA
from webapp.extensions import services


def announce(app, user_ids, key="round:9:open", link="/laws"):
    services(app).push.notifier.announce(Announcement(
        key=key, title="第9期练兵已开始", body="请于3月9日前完成。", link=link,
        user_ids=tuple(user_ids), group_body="第9期练兵已开始"))


def test_inbox_count_in_header_and_marking_read(signed_in, loaded_app, accounts):
    web = signed_in("staff")
    assert 'class="bell-count"' not in web.text("/laws")
    announce(loaded_app, [accounts["staff"].id])
    announce(loaded_app, [accounts["staff"].id], key="round:9:remind")
    page = web.text("/laws")
    assert page.count('aria-label="2 条未读"') == 2   # the header's bell, on desktop and on phones
    inbox = web.text("/notices")
    assert "第9期练兵已开始" in inbox and "请于3月9日前完成。" in inbox
    notice_id = services(loaded_app).inbox.notices(actor_of(accounts["staff"])).items[0].id
    response = web.post(f"/notices/{notice_id}/open", token_from="/notices")
    assert response.status_code == 302 and response.location.endswith("/laws")
    assert 'aria-label="1 条未读"' in web.text("/laws")
    web.post("/notices/read-all", token_from="/notices")
    assert 'class="bell-count"' not in web.text("/laws")


def test_someone_elses_notice_is_404(signed_in, loaded_app, accounts):
    announce(loaded_app, [accounts["trainer"].id])
    theirs = services(loaded_app).inbox.notices(actor_of(accounts["trainer"])).items[0].id
    web = signed_in("staff")
    assert web.post(f"/notices/{theirs}/open", token_from="/notices").status_code == 404


def test_absolute_links_are_followed_as_site_paths(signed_in, loaded_app, accounts):
    loaded_app.config["PUBLIC_URL"] = "http://kb.audit.local"
    announce(loaded_app, [accounts["staff"].id], link="http://kb.audit.local/laws")
    announce(loaded_app, [accounts["staff"].id], key="evil", link="http://evil.example/x")
    web = signed_in("staff")
    items = services(loaded_app).inbox.notices(actor_of(accounts["staff"])).items
    first = web.post(f"/notices/{items[1].id}/open", token_from="/notices")
    assert first.location.endswith("/laws") and "kb.audit.local" not in first.location
    other = web.post(f"/notices/{items[0].id}/open", token_from="/notices")
    assert "evil.example" not in other.location and other.location.endswith("/notices")


def test_schedule_page_saves_and_refuses_bad_settings(signed_in, loaded_app):
    web = signed_in("admin")
    page = web.text("/admin/schedule")
    assert "每2周星期一 09:00 开放" in page and "未运行" in page
    form = {"enabled": "y", "interval_weeks": "1", "weekday": "2", "time": "14:30", "open_days": "3",
            "reminder_hours": "12", "question_count": "15", "min_case": "2"}
    response = web.post("/admin/schedule", form, token_from="/admin/schedule")
    assert response.status_code == 302
    saved = services(loaded_app).schedule.load()
    assert (saved.interval_weeks, saved.weekday, saved.time, saved.policy["min_case"]) == (1, 2, "14:30", 2)
    for changes, reason in (({"interval_weeks": "0"}, "推送间隔须为 1 至 12 周"),
                            ({"time": "25:00"}, "时间“25:00”不存在"),
                            ({"open_days": "0"}, "截止时间不能早于开放时间"),
                            ({"reminder_hours": "100"}, "提醒时间须在开放期内")):
        bad = web.post("/admin/schedule", {**form, **changes}, token_from="/admin/schedule")
        assert bad.status_code == 400 and reason in bad.get_data(as_text=True)
    assert services(loaded_app).schedule.load() == saved


def test_a_new_install_shows_the_push_off_and_an_admin_turns_it_on(signed_in, loaded_app):
    web = signed_in("admin")
    page = web.text("/admin/schedule")
    assert "自动推送未启用" in page and "（未启用）" in page
    response = web.post("/admin/schedule/enable", token_from="/admin/schedule")
    assert response.status_code == 302
    assert services(loaded_app).schedule.load().enabled
    page = web.text("/admin/schedule")
    assert "自动推送未启用" not in page and "已启用按计划自动推送" in page
    event = services(loaded_app).security_log.page(EventQuery(action="schedule_updated")).items[0]
    assert event.actor_name == "admin" and event.detail.startswith("已启用：每2周星期一 09:00 开放")


def test_schedule_page_lists_upcoming_periods(signed_in, loaded_app):
    services(loaded_app).schedule.save(SYSTEM, ScheduleSettings(enabled=True))
    page = signed_in("admin").text("/admin/schedule")
    assert "星期一 09:00 开放" in page


def test_run_now_reports_a_composition_failure(signed_in, loaded_app, clock):
    clock.set(dt.datetime(2026, 3, 2, 9, 30, tzinfo=LOCAL_TZ))
    services(loaded_app).schedule.update(SYSTEM, enabled=True)
    web = signed_in("admin")
    response = web.post("/admin/schedule/run", token_from="/admin/schedule")
    assert response.status_code == 302
    assert "schedule:2026-03-02" in web.text("/admin/schedule")


def test_robots_and_outbox_with_real_servers(signed_in, loaded_app, accounts):
    web = signed_in("admin")
    with RobotServer() as robots, SmtpSink() as smtp:
        response = web.post("/admin/notices/robots", {"name": "一科群", "kind": "wecom",
                                                      "url": robots.url + "/ok?key=SECRETKEY",
                                                      "department_id": ""}, token_from="/admin/notices")
        assert response.status_code == 302
        page = web.text("/admin/notices")
        assert "一科群" in page and "SECRETKEY" not in page
        robot_id = services(loaded_app).notice_admin.robots()[0].id
        web.post(f"/admin/notices/robots/{robot_id}/test", token_from="/admin/notices")
        assert robots.bodies("/ok")[0]["msgtype"] == "markdown"
        bad = web.post("/admin/notices/robots", {"name": "x", "kind": "wecom", "url": "ftp://x",
                                                 "department_id": ""}, token_from="/admin/notices")
        assert bad.status_code == 400 and "http://" in bad.get_data(as_text=True)
        # A message to a robot that refuses it fails, then an admin resends it.
        web.post(f"/admin/notices/robots/{robot_id}", {"name": "一科群", "kind": "wecom",
                                                        "url": robots.url + "/errcode", "department_id": ""},
                 token_from=f"/admin/notices/robots/{robot_id}")
        announce(loaded_app, [accounts["staff"].id])
        with services(loaded_app).db.session() as s, s.begin():
            s.execute(OutboxMessage.__table__.update().values(attempts=5))
        services(loaded_app).delivery.flush()
        failed = web.text("/admin/notices?status=failed")
        assert "errcode=310000" in failed and "重发全部失败的通知（1）" in failed
        web.post("/admin/notices/resend", token_from="/admin/notices")
        with services(loaded_app).db.session() as s:
            assert s.scalars(select(OutboxMessage.status)).all() == ["pending"]
        assert smtp.messages == []


def test_test_email_reports_missing_and_malformed_settings(signed_in, loaded_app):
    web = signed_in("admin")
    web.post("/admin/notices/test-email", {"to": "a@b.example"}, token_from="/admin/notices")
    assert "未配置邮件服务器" in web.text("/admin/notices")


def test_email_preference(signed_in, loaded_app, accounts):
    web = signed_in("staff")
    assert "关闭邮件通知" in web.text("/me/account")
    web.post("/me/email-notices", {"enabled": "0"}, token_from="/me/account")
    assert services(loaded_app).users.get_user(accounts["staff"].id).email_notifications is False
    assert "开启邮件通知" in web.text("/me/account")


def test_a_dropped_notice_shows_why_on_the_notices_page(signed_in, loaded_app, accounts, clock):
    quiz, trainer = services(loaded_app), actor_of(accounts["trainer"])
    question = quiz.bank.create_question(trainer, SINGLE_DATA)
    quiz.bank.review(actor_of(accounts["admin"]), [question.id])
    quiz.bank.publish(actor_of(accounts["admin"]), [question.id])
    round_id = quiz.rounds.create_round(trainer, RoundSpec(
        title="手动练兵", opens_at=clock.now() + dt.timedelta(hours=1),
        closes_at=clock.now() + dt.timedelta(days=3), question_ids=(question.id,))).summary.id
    with RobotServer() as robots:
        quiz.notice_admin.save_robot(SYSTEM, name="全局群", kind="webhook", url=robots.url + "/ok", secret=None,
                                     department_id=None)
        quiz.lifecycle.open_round_now(trainer, round_id)
        quiz.lifecycle.cancel_round(trainer, round_id, "题目有误")
        quiz.delivery.flush()
        assert [body["title"] for body in robots.bodies("/ok")] == ["【取消】手动练兵 已取消"]
    page = signed_in("admin").text("/admin/notices?status=dropped")
    assert "已撤销（1）" in page and f"round:{round_id}:open" in page
    assert "发送前轮次已取消，此通知已过时，未发送" in page
