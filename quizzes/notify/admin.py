"""What an admin does with notices: see every outbox message's status, resend failures,
manage group robots, and send a test notice on a channel."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from sqlalchemy import func, select, update

from accounts.security_log import add_event
from accounts.user import Department
from core.actor import Actor
from core.clock import Clock, from_db, to_db
from core.errors import InvalidInput, NotFound
from core.paging import Page, check_paging
from quizzes.notify.channels import (ChannelError, EmailTransport, RobotTarget, RobotTransport,
                                     close_quietly, validate_robot)
from quizzes.notify.models import (CHANNEL_EMAIL, ROBOT_KINDS, STATUS_FAILED, STATUS_NAMES,
                                   STATUS_PENDING, OutboxMessage, Robot)


@dataclass(frozen=True)
class OutboxView:
    id: int
    event_key: str
    channel: str
    recipient: str
    subject: str
    status: str
    status_name: str
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
    next_attempt_at: dt.datetime | None


@dataclass(frozen=True)
class RobotView:
    id: int
    name: str
    kind: str
    kind_name: str
    url: str
    has_secret: bool
    department_id: int | None
    department_name: str
    is_active: bool


class NoticeAdmin:
    """Every change and test is recorded in the audit log (accounts.security_log)."""

    def __init__(self, sessions, clock: Clock, *, email: EmailTransport | None = None,
                 robots: RobotTransport | None = None):
        self.sessions = sessions
        self.clock = clock
        self.email = email
        self.robot_transport = robots or RobotTransport()
        # Called after failed messages are queued again (the delivery worker's wake).
        self.queued: list[Callable[[], object]] = []

    def outbox(self, status: str | None = None, page: int = 1, per_page: int = 50) -> Page[OutboxView]:
        offset, limit = check_paging(page, per_page)
        query = select(OutboxMessage)
        if status:
            if status not in STATUS_NAMES:
                raise InvalidInput(f"未知的发送状态：{status[:20]}")
            query = query.where(OutboxMessage.status == status)
        with self.sessions() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.scalars(query.order_by(OutboxMessage.id.desc())
                                   .offset(offset).limit(limit)).all()
            robots = dict(session.execute(select(Robot.id, Robot.name)).all())
            return Page([self._view(row, robots) for row in rows], page, per_page, total)

    @staticmethod
    def _view(row: OutboxMessage, robots: dict[int, str]) -> OutboxView:
        recipient = row.address if row.channel == CHANNEL_EMAIL else robots.get(row.robot_id, "（已删除）")
        return OutboxView(row.id, row.event_key, row.channel, recipient or "", row.subject, row.status,
                          STATUS_NAMES.get(row.status, row.status), row.attempts, row.last_error,
                          from_db(row.created_at), from_db(row.sent_at),
                          from_db(row.next_attempt_at) if row.status == STATUS_PENDING else None)

    def counts(self) -> dict[str, int]:
        with self.sessions() as session:
            rows = session.execute(select(OutboxMessage.status, func.count(OutboxMessage.id))
                                   .group_by(OutboxMessage.status)).all()
        return {status: dict(rows).get(status, 0) for status in STATUS_NAMES}

    def resend(self, actor: Actor, ids: list[int] | None = None) -> int:
        """Put failed messages (the given ones, or all) back in the queue, due now."""
        statement = update(OutboxMessage).where(OutboxMessage.status == STATUS_FAILED)
        if ids is not None:
            statement = statement.where(OutboxMessage.id.in_(ids))
        with self.sessions() as session, session.begin():
            count = session.execute(statement.values(
                status=STATUS_PENDING, attempts=0, next_attempt_at=to_db(self.clock.now()))).rowcount or 0
            add_event(session, self.clock, actor, "notices_resent",
                      "全部发送失败的通知" if ids is None else "通知 " + "、".join(f"#{i}" for i in ids),
                      f"重新排队 {count} 条")
        for listener in self.queued if count else ():
            listener()
        return count

    def robots(self) -> list[RobotView]:
        with self.sessions() as session:
            departments = dict(session.execute(select(Department.id, Department.name)).all())
            return [self._robot_view(r, departments)
                    for r in session.scalars(select(Robot).order_by(Robot.id)).all()]

    def get_robot(self, robot_id: int) -> RobotView:
        with self.sessions() as session:
            robot = session.get(Robot, robot_id)
            if robot is None:
                raise NotFound("没有这个群机器人")
            department = session.get(Department, robot.department_id) if robot.department_id else None
            return self._robot_view(robot, {department.id: department.name} if department else {})

    @staticmethod
    def _robot_view(robot: Robot, departments: dict[int, str]) -> RobotView:
        return RobotView(robot.id, robot.name, robot.kind, ROBOT_KINDS.get(robot.kind, robot.kind),
                         robot.url, bool(robot.secret), robot.department_id,
                         departments.get(robot.department_id, "全局（全体人员）"), robot.is_active)

    def save_robot(self, actor: Actor, *, name: str, kind: str, url: str, secret: str | None,
                   department_id: int | None, is_active: bool = True,
                   robot_id: int | None = None) -> int:
        """Create a robot, or update one (an empty secret keeps the stored one)."""
        name = (name or "").strip()
        if not name:
            raise InvalidInput("请填写机器人名称")
        validate_robot(kind, url.strip(), secret)
        with self.sessions() as session, session.begin():
            robot = Robot() if robot_id is None else session.get(Robot, robot_id)
            if robot is None:
                raise NotFound("没有这个群机器人")
            robot.name, robot.kind, robot.url = name, kind, url.strip()
            robot.department_id, robot.is_active = department_id, is_active
            if secret:
                robot.secret = secret.strip()
            session.add(robot)
            session.flush()
            # The webhook address carries the robot's key: only its host goes into the log.
            add_event(session, self.clock, actor, "robot_created" if robot_id is None else "robot_updated",
                      _robot_label(robot), f"{ROBOT_KINDS.get(kind, kind)}，{urlsplit(robot.url).netloc}，"
                      f"{'启用' if is_active else '停用'}" + ("，更换了加签密钥" if secret else ""))
            return robot.id

    def delete_robot(self, actor: Actor, robot_id: int) -> None:
        with self.sessions() as session, session.begin():
            robot = session.get(Robot, robot_id)
            if robot is None:
                raise NotFound("没有这个群机器人")
            add_event(session, self.clock, actor, "robot_deleted", _robot_label(robot))
            session.delete(robot)

    def robot_target(self, robot_id: int) -> tuple[str, RobotTarget]:
        with self.sessions() as session:
            robot = session.get(Robot, robot_id)
            if robot is None:
                raise NotFound("没有这个群机器人")
            return robot.name, RobotTarget(robot.kind, robot.url, robot.secret)

    def test_robot(self, actor: Actor, robot_id: int) -> str:
        """Send a test message to a robot now; logged whatever the outcome (ChannelError on failure)."""
        name, target = self.robot_target(robot_id)
        return self._tested(actor, f"群机器人 #{robot_id} {name}",
                            lambda: send_test_robot(self.robot_transport, name, target))

    def test_email(self, actor: Actor, to: str) -> str:
        if self.email is None:
            raise InvalidInput("未配置邮件服务器（MAIL_SERVER），无法发送测试邮件。")
        return self._tested(actor, f"邮件 {to}", lambda: send_test_email(self.email, to))

    def _tested(self, actor: Actor, target: str, send) -> str:
        try:
            outcome = send()
        except ChannelError as error:
            self._log(actor, "notice_tested", target, f"失败：{error}")
            raise
        self._log(actor, "notice_tested", target, "成功")
        return outcome

    def _log(self, actor: Actor, action: str, target: str, detail: str) -> None:
        with self.sessions() as session, session.begin():
            add_event(session, self.clock, actor, action, target, detail)


def _robot_label(robot: Robot) -> str:
    return f"群机器人 #{robot.id} {robot.name}"


def send_test_email(transport: EmailTransport, to: str) -> str:
    """Send a test email now; returns a Chinese confirmation or raises ChannelError."""
    smtp = transport.connect()
    try:
        transport.send(smtp, transport.build(to, "【测试】审计法规库通知", "这是一封测试邮件：邮件通知通道工作正常。"))
    finally:
        close_quietly(smtp)
    return f"测试邮件已发送到 {to}"


def send_test_robot(transport: RobotTransport, name: str, target: RobotTarget) -> str:
    transport.post(target, "【测试】审计法规库通知", "这是一条测试消息：群机器人通道工作正常。", None)
    return f"测试消息已发送到机器人“{name}”"


__all__ = ["NoticeAdmin", "OutboxView", "RobotView", "send_test_email", "send_test_robot",
           "ChannelError"]
