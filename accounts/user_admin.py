"""Administering accounts: create, change role/department/name, disable and enable,
reset a password, unlock — each change in one transaction with its audit event.

Two rules keep the system administrable: an admin can neither disable nor demote their
own account, and the last active admin can be neither disabled nor demoted.  An admin
who sets or resets someone's password knows it, so that user must choose a new one at
the next sign-in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from accounts.user import ROLE_ADMIN, ROLE_NAMES, ROLES, Department, User, UserInfo, load_user, user_info
from accounts.api_token import revoke_user_tokens
from accounts.authentication import end_sessions
from core.clock import Clock, to_db
from accounts.department import clean_name, department_named
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.paging import Page, check_paging
from accounts.passwords import PasswordHasher, PasswordPolicy, generate_password
from core.actor import Actor
from accounts.security_log import add_event

_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")
MAX_EMAIL = 200
MAX_DISPLAY_NAME = 100


@dataclass(frozen=True)
class UserQuery:
    text: str = ""
    department_id: int | None = None
    role: str = ""
    active: bool | None = None


@dataclass(frozen=True)
class NewUser:
    username: str
    display_name: str
    role: str
    department: str | None = None
    # None: generate one (and show it once).
    password: str | None = None
    must_change_password: bool = True
    email: str | None = None


@dataclass(frozen=True)
class UserChanges:
    display_name: str
    role: str
    department_id: int | None
    # None keeps the stored address; "" removes it.
    email: str | None = None
    # 阅卷人/专家; None keeps it.
    is_grader: bool | None = None


@dataclass(frozen=True)
class CreatedUser:
    user: UserInfo
    # The initial password when it was generated here, to show once; never stored.
    password: str | None


def check_username(username: str) -> str:
    username = username.strip()
    if not _USERNAME.match(username):
        raise InvalidInput("用户名（工号）只能由字母、数字和 . _ @ - 组成，以字母或数字开头，不超过 64 位")
    return username


def check_display_name(name: str) -> str:
    return clean_name(name, "姓名", MAX_DISPLAY_NAME)


def check_email(email: str | None) -> str | None:
    """A normalised email address, None for an empty one; InvalidInput if malformed."""
    email = (email or "").strip()
    if not email:
        return None
    if len(email) > MAX_EMAIL or not _EMAIL.match(email):
        raise InvalidInput(f"邮箱地址格式不正确：{email[:60]}")
    return email


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"未知角色：{role}（可选：{'、'.join(ROLE_NAMES.values())}）")
    return role


def other_active_admins(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count(User.id)).where(
        User.role == ROLE_ADMIN, User.is_active.is_(True), User.id != user_id)) or 0


class UserAdmin:
    def __init__(self, sessions, clock: Clock, hasher: PasswordHasher,
                 policy: PasswordPolicy | None = None):
        self.sessions = sessions
        self.clock = clock
        self.hasher = hasher
        self.policy = policy or PasswordPolicy()

    def list_users(self, query: UserQuery, page: int = 1, per_page: int = 50) -> Page[UserInfo]:
        offset, limit = check_paging(page, per_page)
        stmt = select(User)
        if query.text.strip():
            pattern = f"%{query.text.strip()}%"
            stmt = stmt.where(or_(User.username.like(pattern), User.display_name.like(pattern)))
        if query.department_id is not None:
            stmt = stmt.where(User.department_id == query.department_id)
        if query.role:
            stmt = stmt.where(User.role == query.role)
        if query.active is not None:
            stmt = stmt.where(User.is_active.is_(query.active))
        with self.sessions() as session:
            total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = session.scalars(stmt.options(selectinload(User.department))
                                   .order_by(User.username).offset(offset).limit(limit)).all()
            return Page([user_info(u) for u in rows], page, per_page, total)

    def get_user(self, user_id: int) -> UserInfo:
        with self.sessions() as session:
            return user_info(self._load(session, user_id))

    def find_user(self, username: str) -> UserInfo | None:
        with self.sessions() as session:
            user = load_user(session, username=username.strip())
            return user_info(user) if user else None

    def create_user(self, actor: Actor, new: NewUser) -> CreatedUser:
        username = check_username(new.username)
        password = new.password if new.password is not None else generate_password(username=username)
        self.policy.check(password, username)
        with self.sessions() as session, session.begin():
            if load_user(session, username=username):
                raise Conflict(f"用户名“{username}”已存在")
            user = User(username=username, display_name=check_display_name(new.display_name),
                        role=check_role(new.role), password_hash=self.hasher.hash(password),
                        must_change_password=new.must_change_password,
                        department=self._department(session, new.department),
                        email=check_email(new.email),
                        password_changed_at=to_db(self.clock.now()))
            session.add(user)
            add_event(session, self.clock, actor, "user_created", username,
                      f"角色：{ROLE_NAMES[user.role]}；科室：{new.department or '未分配'}")
            session.flush()
            info = user_info(user)
        return CreatedUser(info, None if new.password is not None else password)

    def update_user(self, actor: Actor, user_id: int, changes: UserChanges) -> UserInfo:
        with self.sessions() as session, session.begin():
            user = self._load(session, user_id)
            role = check_role(changes.role)
            if role != user.role:
                self._guard_admin_change(session, actor, user, "修改自己的角色", "修改最后一名启用状态的系统管理员的角色")
            before = _profile(user)
            if role != user.role:
                end_sessions(user)    # they sign in again, under the new role
            user.display_name = check_display_name(changes.display_name)
            user.role = role
            user.department_id = self._department_id(session, changes.department_id)
            if changes.email is not None:
                user.email = check_email(changes.email)
            if changes.is_grader is not None:
                user.is_grader = changes.is_grader
            session.flush()
            session.refresh(user)
            after = _profile(user)
            if before != after:
                add_event(session, self.clock, actor, "user_updated", user.username,
                          f"姓名/角色/科室/邮箱/阅卷人：{before} → {after}")
            return user_info(user)

    def set_email_notifications(self, actor: Actor, enabled: bool) -> UserInfo:
        """A person turns email notices on or off for themself (in-app notices stay)."""
        with self.sessions() as session, session.begin():
            user = self._load(session, actor.id)
            if bool(user.email_notifications) != enabled:
                user.email_notifications = enabled
                add_event(session, self.clock, actor, "email_notices", user.username,
                          "开启邮件通知" if enabled else "关闭邮件通知")
            return user_info(user)

    def set_active(self, actor: Actor, user_id: int, active: bool) -> UserInfo:
        with self.sessions() as session, session.begin():
            user = self._load(session, user_id)
            if not active:
                self._guard_admin_change(session, actor, user, "停用自己的账号", "停用最后一名启用状态的系统管理员")
            if user.is_active != active:
                user.is_active = active
                end_sessions(user)
                add_event(session, self.clock, actor,
                          "user_enabled" if active else "user_disabled", user.username)
            return user_info(user)

    def reset_password(self, actor: Actor, user_id: int) -> str:
        """A new temporary password (returned once); the user must change it at sign-in."""
        with self.sessions() as session, session.begin():
            user = self._load(session, user_id)
            password = generate_password(username=user.username)
            user.password_hash = self.hasher.hash(password)
            user.must_change_password = True
            user.password_changed_at = to_db(self.clock.now())
            user.failed_logins = 0
            user.locked_until = None
            end_sessions(user)
            add_event(session, self.clock, actor, "password_reset", user.username,
                      "已生成临时密码，下次登录须修改")
            revoke_user_tokens(session, self.clock, actor, user, "重置密码")
        return password

    def set_password(self, actor: Actor, user_id: int, password: str) -> None:
        """Set a password chosen by the operator at the command line (no change required)."""
        with self.sessions() as session, session.begin():
            user = self._load(session, user_id)
            self.policy.check(password, user.username)
            user.password_hash = self.hasher.hash(password)
            user.must_change_password = False
            user.password_changed_at = to_db(self.clock.now())
            user.failed_logins = 0
            user.locked_until = None
            end_sessions(user)
            add_event(session, self.clock, actor, "password_reset", user.username, "命令行设置密码")
            revoke_user_tokens(session, self.clock, actor, user, "命令行设置密码")

    def unlock(self, actor: Actor, user_id: int) -> UserInfo:
        with self.sessions() as session, session.begin():
            user = self._load(session, user_id)
            user.failed_logins = 0
            user.locked_until = None
            add_event(session, self.clock, actor, "user_unlocked", user.username)
            return user_info(user)

    @staticmethod
    def _guard_admin_change(session: Session, actor: Actor, user: User, own: str, last: str) -> None:
        if actor.id == user.id:
            raise PermissionDenied(f"不能{own}，请由另一位系统管理员操作")
        if user.role == ROLE_ADMIN and user.is_active and not other_active_admins(session, user.id):
            raise Conflict(f"不能{last}：系统至少要保留一名")

    @staticmethod
    def _load(session: Session, user_id: int) -> User:
        user = load_user(session, id=user_id)
        if user is None:
            raise NotFound("用户不存在")
        return user

    @staticmethod
    def _department(session: Session, name: str | None):
        if not name:
            return None
        department = department_named(session, name.strip())
        if department is None:
            raise InvalidInput(f"科室“{name}”不存在，请先在科室管理中新建")
        return department

    @staticmethod
    def _department_id(session: Session, department_id: int | None) -> int | None:
        if department_id is not None and session.get(Department, department_id) is None:
            raise InvalidInput("所选科室不存在")
        return department_id


def _profile(user: User) -> str:
    return (f"{user.display_name}/{ROLE_NAMES.get(user.role)}/{_dept_name(user)}/{user.email or '无邮箱'}"
            f"/{'阅卷人' if user.is_grader else '非阅卷人'}")


def _dept_name(user: User) -> str:
    return user.department.name if user.department else "未分配"
