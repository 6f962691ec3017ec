"""The security audit log (安全审计日志, 等保2.0 level 2): who did what, when, from where.

Append-only: the application only ever inserts rows, in the same transaction as the
change they record, so a change and its record commit together or not at all.  On
SQLite, triggers created by the migration refuse UPDATE and DELETE, so not even a
programming mistake in the app can rewrite history.  Admins read it; nobody edits it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterator

from sqlalchemy import DateTime, Index, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.clock import LOCAL_TZ, Clock, from_db, to_db
from core.actor import Actor
from core.db import Base
from core.paging import Page, check_paging

# Action codes (stored) and their names (shown).
ACTIONS = {
    "login": "登录成功",
    "login_failed": "登录失败",
    "login_locked": "账号被锁定",
    "logout": "退出登录",
    "session_expired": "会话超时",
    "password_changed": "修改密码",
    "password_reset": "重置密码",
    "user_created": "创建用户",
    "user_updated": "修改用户",
    "email_notices": "邮件通知设置",
    "user_disabled": "停用用户",
    "user_enabled": "启用用户",
    "user_unlocked": "解除锁定",
    "users_imported": "批量导入用户",
    "department_created": "新建科室",
    "department_renamed": "科室改名",
    "department_deleted": "删除科室",
    "token_issued": "签发 API 令牌",
    "token_revoked": "吊销 API 令牌",
    "import_started": "开始导入法规",
    "import_finished": "法规导入完成",
    "import_failed": "法规导入失败",
    "statute_intake": "导入法规文件",
    "version_replaced": "替换法规版本",
    "version_withdrawn": "撤回法规版本",
    "index_started": "开始重建检索索引",
    "index_finished": "检索索引重建完成",
    "index_failed": "检索索引重建失败",
    "audit_exported": "导出审计日志",
    "backup_created": "创建备份",
    "legal_time_corrected": "更正法规时效",
    # Quiz and notice administration (issue J)
    "schedule_updated": "修改推送计划",
    "robot_created": "添加群机器人",
    "robot_updated": "修改群机器人",
    "robot_deleted": "删除群机器人",
    "notice_tested": "发送测试通知",
    "notices_resent": "重发失败通知",
    "question_reviewed": "审核试题",
    "question_published": "发布试题",
    "question_returned": "退回试题",
    "question_archived": "停用试题",
    "questions_imported": "导入试题",
    "round_published": "发布练兵轮次",
    "round_opened": "立即开始轮次",
    "round_closed": "提前结束轮次",
    "round_cancelled": "取消轮次",
    "deadline_extended": "延长截止时间",
    "answer_graded": "阅卷评分",
    "answer_regraded": "复核改分",
    "regrade_requested": "申请复核",
    "results_exported": "导出成绩",
    # 案例评比 (issue 16)
    "contest_opened": "发起案例评比",
    "contest_updated": "修改案例评比",
    "contest_awards_set": "评定评比奖项",
    "contest_published": "公布评比结果",
    "contest_exported": "导出评比结果",
    # 以案释法 packs (issue 16 K): what was prepared for which audited unit, and by whom
    "law_pack_saved": "保存以案释法资料包",
    "law_pack_used": "以案释法资料包用于会议",
    # 学法记录 (issue 16)
    "lecture_recorded": "登记讲座",
    "lecture_updated": "修改讲座",
    "lecture_deleted": "删除讲座",
    "lecture_attendance": "登记讲座签到",
    "lecture_material_added": "上传讲座材料",
    "lecture_material_deleted": "删除讲座材料",
    "training_record_exported": "导出年度学法汇总",
    "person_record_exported": "导出个人学法记录",
    "law_pack_meeting_removed": "删除以案释法资料包的会议",
}

# The areas the audit log page filters by, each with its action codes.
AREAS = {
    "account": ("账号与安全", ("login", "login_failed", "login_locked", "logout", "session_expired",
                          "password_changed", "password_reset", "user_created", "user_updated",
                          "email_notices", "user_disabled", "user_enabled", "user_unlocked",
                          "users_imported", "department_created", "department_renamed",
                          "department_deleted", "token_issued", "token_revoked", "audit_exported",
                          "backup_created")),
    "library": ("法规库", ("import_started", "import_finished", "import_failed", "index_started",
                        "index_finished", "index_failed", "legal_time_corrected", "statute_intake",
                        "version_replaced", "version_withdrawn")),
    "quiz": ("练兵与阅卷", ("question_reviewed", "question_published", "question_returned",
                       "question_archived", "questions_imported", "round_published", "round_opened",
                       "round_closed", "round_cancelled", "deadline_extended", "answer_graded",
                       "answer_regraded", "regrade_requested", "results_exported",
                       "contest_opened", "contest_updated", "contest_awards_set",
                       "contest_published", "contest_exported")),
    "training": ("学法记录", ("lecture_recorded", "lecture_updated", "lecture_deleted", "lecture_attendance",
                         "lecture_material_added", "lecture_material_deleted", "training_record_exported",
                         "person_record_exported")),
    "notice": ("推送与通知", ("schedule_updated", "robot_created", "robot_updated", "robot_deleted",
                         "notice_tested", "notices_resent")),
    "law_pack": ("以案释法", ("law_pack_saved", "law_pack_used", "law_pack_meeting_removed")),
}


class SecurityEvent(Base):
    __tablename__ = "security_events"
    __table_args__ = (Index("ix_security_events_action_at", "action", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    # The acting user's id and name as they were then (no foreign key: the record must
    # outlive any change to the account).
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str] = mapped_column(String(64), default="")



@dataclass(frozen=True)
class EventView:
    id: int
    at: dt.datetime
    actor_id: int | None
    actor_name: str
    action: str
    target: str
    detail: str
    ip: str

    @property
    def action_name(self) -> str:
        return ACTIONS.get(self.action, self.action)


@dataclass(frozen=True)
class EventQuery:
    action: str = ""
    area: str = ""
    actor: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def add_event(session: Session, clock: Clock, actor: Actor, action: str,
              target: str = "", detail: str = "") -> None:
    """Append an event inside the caller's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(SecurityEvent(at=to_db(clock.now()), actor_id=actor.id,
                              actor_name=actor.username[:100], action=action,
                              target=target[:200], detail=detail, ip=actor.ip[:64]))


def _event_view(row: SecurityEvent) -> EventView:
    return EventView(row.id, from_db(row.at), row.actor_id, row.actor_name, row.action,
                     row.target, row.detail, row.ip)


class SecurityLog:
    """Writing single events and reading the log.  Takes a session factory and a clock."""

    def __init__(self, sessions, clock: Clock):
        self.sessions = sessions
        self.clock = clock

    def record(self, actor: Actor, action: str, target: str = "", detail: str = "") -> None:
        with self.sessions() as session, session.begin():
            add_event(session, self.clock, actor, action, target, detail)

    def _filtered(self, query: EventQuery):
        stmt = select(SecurityEvent)
        if query.action:
            stmt = stmt.where(SecurityEvent.action == query.action)
        if query.area in AREAS:
            stmt = stmt.where(SecurityEvent.action.in_(AREAS[query.area][1]))
        if query.actor:
            stmt = stmt.where(SecurityEvent.actor_name == query.actor)
        if query.since:
            stmt = stmt.where(SecurityEvent.at >= _day_start(query.since))
        if query.until:
            stmt = stmt.where(SecurityEvent.at < _day_start(query.until + dt.timedelta(days=1)))
        return stmt

    def page(self, query: EventQuery, page: int = 1, per_page: int = 50) -> Page[EventView]:
        offset, limit = check_paging(page, per_page)
        stmt = self._filtered(query)
        with self.sessions() as session:
            total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = session.scalars(stmt.order_by(SecurityEvent.id.desc())
                                   .offset(offset).limit(limit)).all()
            return Page([_event_view(r) for r in rows], page, per_page, total)

    def iter_events(self, query: EventQuery) -> Iterator[EventView]:
        """Every matching event, oldest first, read in batches (for exports)."""
        last_id = 0
        while True:
            with self.sessions() as session:
                rows = session.scalars(self._filtered(query).where(SecurityEvent.id > last_id)
                                       .order_by(SecurityEvent.id).limit(1000)).all()
            if not rows:
                return
            yield from (_event_view(r) for r in rows)
            last_id = rows[-1].id

    def count_since(self, action: str, since: dt.datetime, *, ip: str | None = None) -> int:
        stmt = select(func.count(SecurityEvent.id)).where(
            SecurityEvent.action == action, SecurityEvent.at >= to_db(since))
        if ip is not None:
            stmt = stmt.where(SecurityEvent.ip == ip)
        with self.sessions() as session:
            return session.scalar(stmt) or 0


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight of a local (Asia/Shanghai) day, as stored (naive UTC)."""
    return to_db(dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TZ))
