"""The sender against a real local SMTP server and a local robot webhook server."""
import base64
import datetime as dt
import hashlib
import hmac
import threading

import pytest
from sqlalchemy import select

from accounts.permissions import SYSTEM
from core.errors import InvalidInput
from quizzes.notify.admin import NoticeAdmin
from quizzes.notify.channels import (ChannelError, EmailTransport, RobotTransport, SmtpSettings,
                                     dingtalk_signed_url)
from quizzes.notify.models import OutboxMessage
from quizzes.notify.notifier import Announcement, Notifier
from quizzes.notify.sender import OutboxSender, RetryPolicy
from tests.quizzes.notify.servers import SmtpSink, free_port, make_certificate


def smtp_settings(sink, **kw):
    return SmtpSettings(host="127.0.0.1", port=sink.port, security="none", sender="kb@audit.example", **kw)


def announce(kb, clock, people, key="round:1:open", email=True):
    return Notifier(kb.db.session, clock, email_enabled=email).announce(Announcement(
        key=key, title="第1期练兵开始", body="请在3月9日前完成。", link="http://kb.local/rounds/1",
        user_ids=tuple(people["users"]), group_body="第1期练兵已开始"))


def statuses(kb):
    with kb.db.session() as s:
        return {m.target: (m.status, m.attempts) for m in s.scalars(select(OutboxMessage))}


def test_email_reaches_each_person_once(kb, clock, people, smtp):
    announce(kb, clock, people)
    sender = OutboxSender(kb.db.session, clock, email=EmailTransport(smtp_settings(smtp)),
                          robots=RobotTransport())
    report = sender.run_once()
    assert report.sent == 4
    assert sorted(to[0] for to, _ in smtp.messages) == [f"u{i}@audit.example" for i in range(4)]
    message = smtp.messages[0][1]
    assert message["Subject"] == "第1期练兵开始"
    assert "http://kb.local/rounds/1" in message.get_content()
    assert sender.run_once().sent == 0  # nothing twice
    announce(kb, clock, people)         # the same event again: no new rows
    assert sender.run_once().sent == 0 and len(smtp.messages) == 4


def test_two_senders_at_once_send_each_message_once(kb, clock, people, smtp):
    announce(kb, clock, people)
    senders = [OutboxSender(kb.db.session, clock, email=EmailTransport(smtp_settings(smtp)),
                            robots=RobotTransport()) for _ in range(2)]
    barrier = threading.Barrier(2)
    reports = []

    def run(sender):
        barrier.wait()
        reports.append(sender.run_once())

    threads = [threading.Thread(target=run, args=(s,)) for s in senders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.sent for r in reports) == 4
    assert len(smtp.messages) == 4


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_encrypted_smtp_with_login(kb, clock, people, tmp_path, mode):
    cert = make_certificate(tmp_path)
    with SmtpSink(mode=mode, cert=cert, credentials=("kb", "s3cret!")) as sink:
        announce(kb, clock, people)
        settings = SmtpSettings(host="localhost", port=sink.port, security=mode, username="kb",
                                password="s3cret!", sender="kb@audit.example", ca_file=str(cert[0]))
        report = OutboxSender(kb.db.session, clock, email=EmailTransport(settings),
                              robots=RobotTransport()).run_once()
        assert report.sent == 4 and len(sink.messages) == 4


def test_wrong_password_is_reported_and_retried_later(kb, clock, people, tmp_path):
    cert = make_certificate(tmp_path)
    with SmtpSink(mode="starttls", cert=cert, credentials=("kb", "right")) as sink:
        announce(kb, clock, people)
        settings = SmtpSettings(host="localhost", port=sink.port, security="starttls", username="kb",
                                password="wrong", sender="kb@audit.example", ca_file=str(cert[0]))
        report = OutboxSender(kb.db.session, clock, email=EmailTransport(settings),
                              robots=RobotTransport()).run_once()
    assert report.sent == 0 and report.failed == 4
    assert "用户名或密码错误" in report.errors["email"]
    assert set(statuses(kb).values()) == {("pending", 1)}


def test_unreachable_smtp_backs_off_then_gives_up(kb, clock, people):
    announce(kb, clock, people)
    policy = RetryPolicy(max_attempts=3)
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), security="none", sender="kb@audit.example",
                            timeout=2)
    sender = OutboxSender(kb.db.session, clock, email=EmailTransport(settings), robots=RobotTransport(),
                          policy=policy)
    assert sender.run_once().failed == 4
    assert sender.run_once().failed == 0          # backing off: not due yet
    clock.advance(minutes=1)
    assert sender.run_once().failed == 4
    clock.advance(minutes=4)
    assert sender.run_once().gave_up == 4
    assert set(statuses(kb).values()) == {("failed", 3)}
    assert NoticeAdmin(kb.db.session, clock).resend(SYSTEM) == 4
    assert set(statuses(kb).values()) == {("pending", 0)}


def test_robots_wecom_dingtalk_webhook_payloads(kb, clock, people, robots):
    admin = NoticeAdmin(kb.db.session, clock)
    admin.save_robot(SYSTEM, name="企微", kind="wecom", url=robots.url + "/ok", secret=None, department_id=None)
    admin.save_robot(SYSTEM, name="钉钉", kind="dingtalk", url=robots.url + "/ok?access_token=t", secret="SEC",
                     department_id=people["departments"][0])
    admin.save_robot(SYSTEM, name="通用", kind="webhook", url=robots.url + "/ok", secret=None,
                     department_id=people["departments"][1])
    announce(kb, clock, people, email=False)
    report = OutboxSender(kb.db.session, clock, email=None, robots=RobotTransport()).run_once()
    assert report.sent == 3
    bodies = robots.bodies("/ok")
    wecom = next(b for b in bodies if b.get("msgtype") == "markdown" and "content" in b["markdown"])
    assert "第1期练兵已开始" in wecom["markdown"]["content"]
    ding = next(b for b in bodies if b.get("msgtype") == "markdown" and "title" in b["markdown"])
    assert ding["markdown"]["title"] == "第1期练兵开始"
    generic = next(b for b in bodies if "msgtype" not in b)
    assert generic == {"title": "第1期练兵开始", "text": "第1期练兵已开始", "link": "http://kb.local/rounds/1"}
    query = next(q for p, b, q in robots.requests if b is ding)
    timestamp = query["timestamp"][0]
    expected = base64.b64encode(hmac.new(b"SEC", f"{timestamp}\nSEC".encode(), hashlib.sha256).digest()).decode()
    assert query["sign"][0] == expected and query["access_token"] == ["t"]


def test_dingtalk_signature_is_url_encoded():
    url = dingtalk_signed_url("https://oapi.dingtalk.com/robot/send?access_token=x", "SEC", now_ms=1700000000000)
    assert url.startswith("https://oapi.dingtalk.com/robot/send?access_token=x&timestamp=1700000000000&sign=")
    assert "+" not in url.split("sign=")[1] and "/" not in url.split("sign=")[1]


def test_failing_robot_recovers_and_does_not_hold_back_email(kb, clock, people, robots, smtp):
    admin = NoticeAdmin(kb.db.session, clock)
    admin.save_robot(SYSTEM, name="不稳定", kind="wecom", url=robots.url + "/flaky", secret=None, department_id=None)
    admin.save_robot(SYSTEM, name="卡死", kind="webhook", url=robots.url + "/hang", secret=None,
                     department_id=people["departments"][0])
    admin.save_robot(SYSTEM, name="拒收", kind="wecom", url=robots.url + "/errcode", secret=None,
                     department_id=people["departments"][1])
    announce(kb, clock, people)
    sender = OutboxSender(kb.db.session, clock, email=EmailTransport(smtp_settings(smtp)),
                          robots=RobotTransport(timeout=1))
    report = sender.run_once()
    assert report.sent == 4 and len(smtp.messages) == 4      # email unaffected
    assert report.failed == 3
    assert "超时" in report.errors[next(k for k in report.errors if "卡死" in report.errors[k])]
    assert "errcode=310000" in " ".join(report.errors.values())
    for minutes in (1, 4):
        clock.advance(minutes=minutes)
        sender.run_once()
    flaky = next(v for k, v in statuses(kb).items() if k == "robot:1")
    assert flaky == ("sent", 2)  # failed twice, then delivered


def test_robot_rate_limit(kb, clock, people, robots):
    admin = NoticeAdmin(kb.db.session, clock)
    admin.save_robot(SYSTEM, name="全局", kind="wecom", url=robots.url + "/ok", secret=None, department_id=None)
    for i in range(25):
        announce(kb, clock, people, key=f"event:{i}", email=False)
    sender = OutboxSender(kb.db.session, clock, email=None, robots=RobotTransport())
    first = sender.run_once()
    assert (first.sent, first.deferred) == (20, 5)
    assert sender.run_once().sent == 0
    clock.advance(seconds=61)
    assert sender.run_once().sent == 5


@pytest.mark.parametrize("config, message", [
    ({"MAIL_SERVER": "smtp.example", "MAIL_PORT": "abc"}, "端口无效"),
    ({"MAIL_SERVER": "smtp.example", "MAIL_PORT": "99999", "MAIL_SENDER": "a@b"}, "端口无效"),
    ({"MAIL_SERVER": "smtp.example", "MAIL_SECURITY": "tls13", "MAIL_SENDER": "a@b"}, "加密方式"),
    ({"MAIL_SERVER": "smtp.example", "MAIL_SENDER": "nobody"}, "发件人"),
    ({"MAIL_SERVER": "smtp.example", "MAIL_SENDER": "a@b", "MAIL_USERNAME": "u"}, "同时填写"),
])
def test_malformed_smtp_settings_are_refused(config, message):
    with pytest.raises(InvalidInput, match=message):
        SmtpSettings.from_config(config)


def test_unconfigured_email_is_none():
    assert SmtpSettings.from_config({}) is None


def test_test_notice_reports_a_dead_server():
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), security="none", sender="a@b.c", timeout=2)
    with pytest.raises(ChannelError, match="无法连接"):
        EmailTransport(settings).connect()


def test_robot_url_validation(kb, clock):
    admin = NoticeAdmin(kb.db.session, clock)
    with pytest.raises(InvalidInput, match="http"):
        admin.save_robot(SYSTEM, name="x", kind="wecom", url="ftp://x", secret=None, department_id=None)
    with pytest.raises(InvalidInput, match="未知"):
        admin.save_robot(SYSTEM, name="x", kind="qq", url="http://x", secret=None, department_id=None)
    _ = dt
