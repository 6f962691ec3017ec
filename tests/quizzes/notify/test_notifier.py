"""Announcing events: inbox rows, email and robot outbox rows, exactly once."""
from sqlalchemy import func, select

from accounts.permissions import SYSTEM
from core.actor import Actor
from quizzes.notify.admin import NoticeAdmin
from quizzes.notify.models import Notice, OutboxMessage
from quizzes.notify.notifier import Announcement, Inbox, Notifier


def announcement(people, key="round:1:open", **kw):
    kw.setdefault("group_body", "第1期练兵开始")
    return Announcement(key=key, title="第1期练兵开始", body="请在3月9日前完成。", link="/rounds/1",
                        user_ids=tuple(people["users"]), **kw)


def test_announce_writes_inbox_email_and_robot_rows(kb, clock, people):
    admin = NoticeAdmin(kb.db.session, clock)
    bureau = admin.save_robot(SYSTEM, name="全局群", kind="wecom", url="http://127.0.0.1:9/x", secret=None,
                              department_id=None)
    first = admin.save_robot(SYSTEM, name="一科群", kind="dingtalk", url="http://127.0.0.1:9/y", secret="s",
                             department_id=people["departments"][0])
    notifier = Notifier(kb.db.session, clock, email_enabled=True)
    stats = notifier.announce(announcement(people))
    assert (stats.inbox, stats.email, stats.robots) == (6, 4, 2)  # u4 opted out, u5 has no email
    with kb.db.session() as s:
        targets = set(s.scalars(select(OutboxMessage.target).where(OutboxMessage.channel == "robot")))
    assert targets == {f"robot:{bureau}", f"robot:{first}"}


def test_announcing_twice_notifies_nobody_twice(kb, clock, people):
    notifier = Notifier(kb.db.session, clock, email_enabled=True)
    notifier.announce(announcement(people))
    again = notifier.announce(announcement(people))
    assert (again.inbox, again.email, again.robots) == (0, 0, 0)
    with kb.db.session() as s:
        assert s.scalar(select(func.count(Notice.id))) == 6
        assert s.scalar(select(func.count(OutboxMessage.id))) == 4


def test_personal_text_and_department_group_text(kb, clock, people):
    admin = NoticeAdmin(kb.db.session, clock)
    dept = people["departments"][1]
    admin.save_robot(SYSTEM, name="二科群", kind="webhook", url="http://127.0.0.1:9/z", secret=None, department_id=dept)
    uid = people["users"][0]
    Notifier(kb.db.session, clock, email_enabled=False).announce(announcement(
        people, key="round:1:close", personal={uid: ("你的成绩：90 分", "本期得分 90/100。")},
        group_body="第1期结束", group_bodies={dept: "二科参与率 100%"}))
    with kb.db.session() as s:
        mine = s.scalars(select(Notice).where(Notice.user_id == uid)).one()
        robot = s.scalars(select(OutboxMessage).where(OutboxMessage.channel == "robot")).one()
    assert mine.title == "你的成绩：90 分"
    assert robot.body == "二科参与率 100%"


def test_inbox_unread_count_and_marking(kb, clock, people):
    Notifier(kb.db.session, clock, email_enabled=False).announce(announcement(people))
    Notifier(kb.db.session, clock, email_enabled=False).announce(announcement(people, key="round:1:remind"))
    inbox = Inbox(kb.db.session, clock)
    uid, other = people["users"][0], people["users"][1]
    assert inbox.unread_count(Actor(uid)) == 2
    page = inbox.notices(Actor(uid))
    notices = page.items
    assert page.total == 2 and not notices[0].is_read
    assert inbox.mark_read(Actor(other), notices[0].id) == 0  # not theirs
    assert inbox.mark_read(Actor(uid), notices[0].id) == 1
    assert inbox.unread_count(Actor(uid)) == 1
    assert inbox.mark_read(Actor(uid)) == 1 and inbox.unread_count(Actor(uid)) == 0
