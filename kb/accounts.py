"""People of the bureau: departments (科室) and user accounts with their roles.

These tables are shared by every layer above: the quiz engine addresses rounds to
departments and ranks them, notices go to users, cases and questions record their
authors.  Authentication rules (password policy, lockout, sessions) live in the
account service built on these tables, not here.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.db import Base
from kb.models import utcnow

ROLE_STAFF = "staff"        # 审计人员
ROLE_TRAINER = "trainer"    # 培训管理员
ROLE_ADMIN = "admin"        # 系统管理员
ROLES = (ROLE_STAFF, ROLE_TRAINER, ROLE_ADMIN)
ROLE_NAMES = {ROLE_STAFF: "审计人员", ROLE_TRAINER: "培训管理员", ROLE_ADMIN: "系统管理员"}


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    users: Mapped[list["User"]] = relationship(back_populates="department")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # 工号 or login name; unique and never reused.
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20), default=ROLE_STAFF)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    email_notifications: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Lockout after repeated failures (等保 level 2).
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    department: Mapped[Department | None] = relationship(back_populates="users")
