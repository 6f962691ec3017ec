"""Signing in (登录): password check, lockout after repeated failures, throttling per
address, password change, and the stamp that ties a web session to a password.

等保2.0 level 2 asks for: complexity rules (kb.passwords), lockout after repeated
failures (here: `LockoutPolicy.max_failures` in a row locks the account for
`lock_minutes`), and an audit trail of every attempt (kb.security_log).  Failed attempts
from one address are also counted across user names, so guessing many names from one
machine is slowed down too; the count lives in the audit log, so every worker process
sees the same number.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kb.accounts import User, UserInfo, user_info
from kb.clock import Clock, from_db, to_db
from kb.errors import AuthenticationFailed, InvalidInput, NotFound, RateLimited
from kb.passwords import PasswordHasher, PasswordPolicy
from kb.security_log import Actor, SecurityLog, add_event

WRONG_CREDENTIALS = "用户名或密码错误"


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_minutes: int = 15
    # Failed attempts allowed from one address within the window, whatever the user name.
    ip_max_failures: int = 30
    ip_window_minutes: int = 15


@dataclass(frozen=True)
class Login:
    """A successful sign-in: the user, and the stamp to keep in the session."""
    user: UserInfo
    stamp: str


def session_stamp(password_hash: str) -> str:
    """Changes whenever the password does, so a password change ends other sessions."""
    return hashlib.sha256(("session:" + password_hash).encode()).hexdigest()[:24]


def load_user(session: Session, **where) -> User | None:
    stmt = select(User).options(selectinload(User.department))
    for column, value in where.items():
        stmt = stmt.where(getattr(User, column) == value)
    return session.scalars(stmt).first()


def normalise_username(username: str) -> str:
    return username.strip()


class Authenticator:
    """Checks passwords and keeps the lockout counters.  Takes a session factory, a clock,
    a hasher and the two policies."""

    def __init__(self, sessions, clock: Clock, hasher: PasswordHasher,
                 policy: PasswordPolicy | None = None, lockout: LockoutPolicy | None = None):
        self.sessions = sessions
        self.clock = clock
        self.hasher = hasher
        self.policy = policy or PasswordPolicy()
        self.lockout = lockout or LockoutPolicy()
        self.log = SecurityLog(sessions, clock)

    def authenticate(self, username: str, password: str, ip: str = "") -> Login:
        """A Login, or AuthenticationFailed / RateLimited with a message for the user."""
        username = normalise_username(username)
        self._check_address(ip)
        with self.sessions() as session, session.begin():
            outcome = self._attempt(session, username, password, ip)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _check_address(self, ip: str) -> None:
        if not ip:
            return
        since = self.clock.now() - dt.timedelta(minutes=self.lockout.ip_window_minutes)
        if self.log.count_since("login_failed", since, ip=ip) >= self.lockout.ip_max_failures:
            raise RateLimited(f"来自该地址的登录失败次数过多，请 {self.lockout.ip_window_minutes} 分钟后再试")

    def _attempt(self, session: Session, username: str, password: str, ip: str):
        """Returns a Login or the exception to raise; the transaction commits either way,
        so failure counters and audit events are never rolled back with the refusal."""
        now = self.clock.now()
        user = load_user(session, username=username) if username else None
        if user is None:
            self.hasher.burn(password)
            self._failed(session, Actor(None, username, ip), "用户不存在")
            return AuthenticationFailed(WRONG_CREDENTIALS)
        actor = Actor(user.id, user.username, ip)
        locked_until = from_db(user.locked_until)
        if locked_until and locked_until > now:
            self._failed(session, actor, "账号锁定期间尝试登录")
            minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
            return AuthenticationFailed(f"账号因多次登录失败已被锁定，请 {minutes} 分钟后再试，或联系系统管理员解锁")
        if not self.hasher.verify(password, user.password_hash):
            return self._wrong_password(session, user, actor, now)
        if not user.is_active:
            self._failed(session, actor, "账号已停用")
            return AuthenticationFailed("账号已停用，请联系系统管理员")
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = to_db(now)
        add_event(session, self.clock, actor, "login", user.username)
        return Login(user_info(user), session_stamp(user.password_hash))

    def _wrong_password(self, session: Session, user: User, actor: Actor, now: dt.datetime):
        user.failed_logins = (user.failed_logins or 0) + 1
        self._failed(session, actor, f"密码错误（连续第 {user.failed_logins} 次）")
        if user.failed_logins >= self.lockout.max_failures:
            user.locked_until = to_db(now + dt.timedelta(minutes=self.lockout.lock_minutes))
            user.failed_logins = 0
            add_event(session, self.clock, actor, "login_locked", user.username,
                      f"连续 {self.lockout.max_failures} 次密码错误，锁定 {self.lockout.lock_minutes} 分钟")
            return AuthenticationFailed(f"密码连续错误 {self.lockout.max_failures} 次，账号已锁定 {self.lockout.lock_minutes} 分钟")
        left = self.lockout.max_failures - user.failed_logins
        return AuthenticationFailed(f"{WRONG_CREDENTIALS}（再错 {left} 次账号将被锁定）")

    def _failed(self, session: Session, actor: Actor, why: str) -> None:
        add_event(session, self.clock, actor, "login_failed", actor.username, why)

    def session_user(self, user_id: int, stamp: str) -> UserInfo | None:
        """The user a session belongs to, or None when it no longer counts (account
        disabled, password changed or reset since the session began)."""
        with self.sessions() as session:
            user = load_user(session, id=user_id)
            if user is None or not user.is_active or session_stamp(user.password_hash) != stamp:
                return None
            return user_info(user)

    def change_password(self, actor: Actor, user_id: int, old: str, new: str) -> str:
        """Change one's own password; returns the new session stamp."""
        with self.sessions() as session, session.begin():
            user = load_user(session, id=user_id)
            if user is None:
                raise NotFound("用户不存在")
            if not self.hasher.verify(old, user.password_hash):
                raise InvalidInput("原密码不正确")
            if old == new:
                raise InvalidInput("新密码不能与原密码相同")
            self.policy.check(new, user.username)
            user.password_hash = self.hasher.hash(new)
            user.password_changed_at = to_db(self.clock.now())
            user.must_change_password = False
            add_event(session, self.clock, actor, "password_changed", user.username)
            return session_stamp(user.password_hash)

    def record_logout(self, actor: Actor, expired: bool = False) -> None:
        self.log.record(actor, "session_expired" if expired else "logout", actor.username)

    def count_users(self) -> int:
        with self.sessions() as session:
            return session.scalar(select(func.count(User.id))) or 0
