"""Signing in (登录): password check, lockout after repeated failures, throttling per
address, password change, and the stamp that ties a web session to its account.

等保2.0 level 2 asks for: complexity rules (kb.passwords), lockout after repeated
failures (here: `LockoutPolicy.max_failures` in a row lock the account for
`lock_minutes`, doubled for each further lockout before the owner signs in again), and
an audit trail of every attempt (kb.security_log).

Concurrency: every attempt first claims its place among the account's consecutive
failures with one atomic UPDATE … SET failed_logins = failed_logins + 1 … RETURNING, and
only the first `max_failures` places are checked at all — so a burst of simultaneous
guesses gets no more tries than a slow one.  The address counters (kb.login_throttle)
are atomic in the same way.

What a failure says: one message for every failure (unknown name, wrong password,
locked account), so the form never tells whether an account exists.  The owner learns
of a lockout at their next successful sign-in; admins see it in the audit log.

Addresses: failures from one address are counted whatever the user name.  Once they
pass `ip_max_failures` in the window, each user name may be tried from that address once
per backoff period (growing with the failures) — a correct password is never refused
because of other people's failures from the same address (one NAT address can be a
whole office).  Behind a reverse proxy, set TRUSTED_PROXIES so the address is the
client's, not the proxy's.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from accounts.user import User, UserInfo, load_user, select_user_info, user_info, user_info_of
from accounts.api_token import revoke_user_tokens
from core.clock import Clock, from_db, to_db
from core.errors import AuthenticationFailed, InvalidInput, NotFound, RateLimited
from accounts.login_throttle import address_key, claim, count_failure, pair_key, prune, recent_failures, release
from accounts.passwords import PasswordHasher, PasswordPolicy
from accounts.permissions import actor_of
from core.actor import Actor
from accounts.security_log import SecurityLog, add_event
from core.transactions import read_session, write_session

WRONG_CREDENTIALS = "用户名或密码错误"
MAX_BACKOFF = dt.timedelta(days=1)


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_minutes: int = 15
    # Failures allowed from one address within the window, whatever the user name,
    # before each name is limited to one try per backoff period there (0: no limit).
    ip_max_failures: int = 30
    ip_window_minutes: int = 15

    def lock_time(self, earlier_lockouts: int) -> dt.timedelta:
        return min(dt.timedelta(minutes=self.lock_minutes) * 2 ** min(earlier_lockouts, 7), MAX_BACKOFF)

    def address_backoff(self, failures: int) -> dt.timedelta:
        steps = (failures - self.ip_max_failures) // max(self.ip_max_failures, 1)
        return min(dt.timedelta(minutes=self.ip_window_minutes) * 2 ** min(steps, 7), MAX_BACKOFF)


@dataclass(frozen=True)
class Login:
    """A successful sign-in: the user, the stamp to keep in the session, and how often the
    account was locked since its owner last signed in (to tell them, once)."""
    user: UserInfo
    stamp: str
    lockouts: int = 0


@dataclass(frozen=True)
class _Claim:
    """An attempt's place among the account's consecutive failures."""
    user_id: int
    number: int
    password_hash: str


def session_stamp(user) -> str:
    """Changes with the password and with the session generation, so either change ends
    every session that carries the old stamp.  `user`: a User, or a row with those two."""
    material = f"session:{user.session_generation or 0}:{user.password_hash}"
    return hashlib.sha256(material.encode()).hexdigest()[:24]


# A page request's one read: the session's user with what its stamp is made of.
_SESSION_USER = select_user_info(User.session_generation, User.password_hash).where(User.id == bindparam("id"))


def mask_username(username: str) -> str:
    """An unknown user name as the audit log keeps it: people type passwords into that
    box, so only its first character survives."""
    return f"{username[:1]}***" if username else ""


def normalise_username(username: str) -> str:
    return username.strip()


def end_sessions(user: User) -> None:
    """End all of the user's sessions (the caller's transaction commits it)."""
    user.session_generation = (user.session_generation or 0) + 1


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
        now = self.clock.now()
        self._check_address(username, ip, now)
        with write_session(self.sessions) as session:
            place = self._claim(session, username, now)
        checked = place is not None and place.number <= self.lockout.max_failures
        if checked:
            right = self.hasher.verify(password, place.password_hash)
        else:
            right = False
            self.hasher.burn(password)   # refusals take as long as checks
        with write_session(self.sessions) as session:
            outcome = self._settle(session, username, password, ip, now, place if checked else None, right)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _check_address(self, username: str, ip: str, now: dt.datetime) -> None:
        if not ip or not self.lockout.ip_max_failures:
            return
        window = dt.timedelta(minutes=self.lockout.ip_window_minutes)
        with read_session(self.sessions) as session:
            failures = recent_failures(session, address_key(ip), now, window)
        if failures < self.lockout.ip_max_failures:
            return
        backoff = self.lockout.address_backoff(failures)
        with write_session(self.sessions) as session:
            if claim(session, pair_key(username, ip), now, now + backoff):
                return
            actor = self._actor(session, username, ip)
            add_event(session, self.clock, actor, "login_failed", actor.username,
                      "来自该地址的失败次数过多，本次未核对密码")
        minutes = int(backoff.total_seconds() // 60)
        raise RateLimited(f"来自该地址的登录失败次数过多，该用户名请 {minutes} 分钟后再试")

    @staticmethod
    def _claim(session: Session, username: str, now: dt.datetime) -> _Claim | None:
        """Count this attempt as a failure before it is checked (a success resets the
        count): None when the name is unknown or the account is locked."""
        if not username:
            return None
        row = session.execute(
            update(User).where(User.username == username,
                               or_(User.locked_until.is_(None), User.locked_until <= to_db(now)))
            .values(failed_logins=User.failed_logins + 1)
            .returning(User.id, User.failed_logins, User.password_hash)
            .execution_options(synchronize_session=False)).first()
        return _Claim(*row) if row else None

    def _actor(self, session: Session, username: str, ip: str) -> Actor:
        user = load_user(session, username=username) if username else None
        return actor_of(user, ip) if user else Actor(None, username=mask_username(username), ip=ip)

    def _settle(self, session: Session, username: str, password: str, ip: str, now: dt.datetime,
                place: _Claim | None, right: bool):
        """Returns a Login or the exception to raise; the transaction commits either way,
        so failure counters and audit events are never rolled back with the refusal."""
        user = load_user(session, username=username) if username else None
        if user is None:
            return self._failed(session, Actor(None, username=mask_username(username), ip=ip), "用户不存在", now)
        actor = actor_of(user, ip)
        locked = from_db(user.locked_until)
        if place is None or (right and locked and locked > now):
            return self._failed(session, actor, "账号锁定期间尝试登录，未核对密码", now)
        if not right:
            return self._wrong_password(session, user, actor, place.number, now)
        if not user.is_active:
            self._failed(session, actor, "账号已停用", now)
            return AuthenticationFailed("账号已停用，请联系系统管理员")
        return self._signed_in(session, user, actor, password, now)

    def _signed_in(self, session: Session, user: User, actor: Actor, password: str,
                   now: dt.datetime) -> Login:
        lockouts = user.lockouts_unseen or 0
        user.failed_logins, user.lockouts_unseen, user.locked_until = 0, 0, None
        user.last_login_at = to_db(now)
        if self.hasher.needs_rehash(user.password_hash):
            user.password_hash = self.hasher.hash(password)
        if actor.ip:
            release(session, pair_key(user.username, actor.ip))
            prune(session, now, MAX_BACKOFF)
        add_event(session, self.clock, actor, "login", user.username,
                  f"自上次登录以来账号被锁定 {lockouts} 次" if lockouts else "")
        session.flush()
        return Login(user_info(user), session_stamp(user), lockouts)

    def _wrong_password(self, session: Session, user: User, actor: Actor, number: int,
                        now: dt.datetime) -> AuthenticationFailed:
        error = self._failed(session, actor, f"密码错误（连续第 {number} 次）", now)
        if number < self.lockout.max_failures:
            return error
        lock = self.lockout.lock_time(user.lockouts_unseen or 0)
        locked = session.execute(
            update(User).where(User.id == user.id,
                               or_(User.locked_until.is_(None), User.locked_until <= to_db(now)))
            .values(locked_until=to_db(now + lock), failed_logins=0,
                    lockouts_unseen=User.lockouts_unseen + 1)
            .execution_options(synchronize_session=False)).rowcount
        if locked:
            add_event(session, self.clock, actor, "login_locked", user.username,
                      f"连续 {self.lockout.max_failures} 次密码错误，锁定 {int(lock.total_seconds() // 60)} 分钟")
        return error

    def _failed(self, session: Session, actor: Actor, why: str, now: dt.datetime) -> AuthenticationFailed:
        add_event(session, self.clock, actor, "login_failed", actor.username, why)
        if actor.ip and self.lockout.ip_max_failures:
            count_failure(session, address_key(actor.ip), now,
                          dt.timedelta(minutes=self.lockout.ip_window_minutes))
        return AuthenticationFailed(WRONG_CREDENTIALS)

    def session_user(self, user_id: int, stamp: str) -> UserInfo | None:
        """The user a session belongs to, or None when it no longer counts (signed out,
        account disabled, role or password changed since the session began)."""
        with read_session(self.sessions) as session:
            row = session.execute(_SESSION_USER, {"id": user_id}).first()
        if row is None or not row.is_active or session_stamp(row) != stamp:
            return None
        return user_info_of(row)

    def change_password(self, actor: Actor, user_id: int, old: str, new: str) -> str:
        """Change one's own password; returns the new session stamp.  Every other session
        and every API token of the user ends."""
        with write_session(self.sessions) as session:
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
            end_sessions(user)
            add_event(session, self.clock, actor, "password_changed", user.username)
            revoke_user_tokens(session, self.clock, actor, user, "修改密码")
            return session_stamp(user)

    def record_logout(self, actor: Actor, expired: bool = False) -> None:
        """Sign out: an explicit logout ends the user's sessions everywhere (a copied
        cookie is worth nothing after it); a timeout only records itself."""
        with write_session(self.sessions) as session:
            if not expired and actor.id is not None:
                user = session.get(User, actor.id)
                if user is not None:
                    end_sessions(user)
            add_event(session, self.clock, actor, "session_expired" if expired else "logout", actor.username)

    def count_users(self) -> int:
        with read_session(self.sessions) as session:
            return session.scalar(select(func.count(User.id))) or 0
