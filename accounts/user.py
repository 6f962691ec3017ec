"""People of the bureau: departments (科室) and user accounts with their roles.

These tables are shared by every layer above: the quiz engine addresses rounds to
departments and ranks them, notices go to users, cases and questions record their
authors.  Authentication rules (password policy, lockout, sessions) live in the
account service built on these tables, not here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, selectinload

from core.clock import from_db
from core.db import Base
from core.db import utcnow

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
    # Lockouts since the owner last signed in: told to them at the next sign-in, not to
    # whoever typed the wrong passwords (the login form says the same for every failure).
    lockouts_unseen: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Every session carries the generation it began in; logout, a password or role
    # change and disabling raise it, which ends all of the user's sessions at once.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # 阅卷人/专家: may grade written answers whatever the role (an admin designates).
    is_grader: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    department: Mapped[Department | None] = relationship(back_populates="users")


def load_user(session: Session, **where) -> User | None:
    stmt = select(User).options(selectinload(User.department))
    for column, value in where.items():
        stmt = stmt.where(getattr(User, column) == value)
    return session.scalars(stmt).first()


ROLE_RANK = {ROLE_STAFF: 0, ROLE_TRAINER: 1, ROLE_ADMIN: 2}


def has_role(role: str, required: str) -> bool:
    """Roles are ordered: an admin may do what a trainer may, a trainer what staff may."""
    return ROLE_RANK.get(role, -1) >= ROLE_RANK[required]


@dataclass(frozen=True)
class UserInfo:
    """An account as the rest of the product sees it (never the password hash)."""
    id: int
    username: str
    display_name: str
    role: str
    department_id: int | None
    department: str | None
    is_active: bool
    must_change_password: bool
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None
    created_at: dt.datetime
    email: str | None = None
    email_notifications: bool = True
    # 阅卷人/专家 (quizzes.marking): may grade written answers whatever the role.
    is_grader: bool = False

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)

    def has_role(self, required: str) -> bool:
        return has_role(self.role, required)

    def is_locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def user_info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.display_name, user.role, user.department_id,
                    user.department.name if user.department else None, user.is_active,
                    user.must_change_password, from_db(user.locked_until),
                    from_db(user.last_login_at), from_db(user.created_at), user.email,
                    bool(user.email_notifications), bool(user.is_grader))


def select_user_info(*extra):
    """One statement for a UserInfo's columns, its department's name and `extra` columns,
    read as plain rows: who is asking is read on every request (a session's user, a
    token's), and building ORM objects for it cost more than the query."""
    return (select(User.id, User.username, User.display_name, User.role, User.department_id,
                   Department.name.label("department_name"), User.is_active, User.must_change_password,
                   User.locked_until, User.last_login_at, User.created_at, User.email,
                   User.email_notifications, User.is_grader, *extra)
            .select_from(User).outerjoin(Department, Department.id == User.department_id))


def user_info_of(row) -> UserInfo:
    """The UserInfo of a row of select_user_info."""
    return UserInfo(row.id, row.username, row.display_name, row.role, row.department_id,
                    row.department_name, row.is_active, row.must_change_password,
                    from_db(row.locked_until), from_db(row.last_login_at), from_db(row.created_at),
                    row.email, bool(row.email_notifications), bool(row.is_grader))
