"""Tables of the notice system: inbox notices, group robots, and the outbox."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (Boolean, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.db import utcnow

CHANNEL_EMAIL = "email"
CHANNEL_ROBOT = "robot"

ROBOT_WECOM = "wecom"        # 企业微信群机器人
ROBOT_DINGTALK = "dingtalk"  # 钉钉自定义机器人
ROBOT_WEBHOOK = "webhook"    # generic JSON webhook
ROBOT_KINDS = {ROBOT_WECOM: "企业微信群机器人", ROBOT_DINGTALK: "钉钉自定义机器人",
               ROBOT_WEBHOOK: "通用 JSON Webhook"}

STATUS_PENDING = "pending"
STATUS_SENDING = "sending"
STATUS_SENT = "sent"
STATUS_FAILED = "failed"     # gave up after the last retry; an admin may resend
# Not sent because its event was overtaken before delivery (a "round opened" message for a
# round already closed or cancelled); the reason is kept in last_error.
STATUS_DROPPED = "dropped"
STATUS_NAMES = {STATUS_PENDING: "待发送", STATUS_SENDING: "发送中", STATUS_SENT: "已发送",
                STATUS_FAILED: "发送失败", STATUS_DROPPED: "已撤销"}


class Notice(Base):
    """An in-app notice in one person's inbox (站内通知)."""
    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("user_id", "event_key"),
                      Index("ix_notices_user_read", "user_id", "read_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_key: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Robot(Base):
    """A group robot webhook; a department's group, or the whole bureau's when department is empty."""
    __tablename__ = "notify_robots"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(500))
    # DingTalk signing secret (加签); unused by the other kinds.
    secret: Mapped[str | None] = mapped_column(String(200))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), index=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class OutboxMessage(Base):
    """A message to send on an external channel, unique per event, channel and recipient."""
    __tablename__ = "notify_outbox"
    __table_args__ = (UniqueConstraint("event_key", "channel", "target"),
                      Index("ix_notify_outbox_due", "status", "next_attempt_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_key: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(20))
    # "user:<id>" for email, "robot:<id>" for a group robot.
    target: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    robot_id: Mapped[int | None] = mapped_column(ForeignKey("notify_robots.id", ondelete="CASCADE"))
    address: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default=STATUS_PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
