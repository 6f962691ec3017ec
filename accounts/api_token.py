"""API bearer tokens: issued for a user after a password check, stored only as a SHA-256
digest (a stolen database yields no usable token), expiring, and revocable one by one.

A token is long and random (256 bits), so a fast digest suffices where a password
needs scrypt: there is nothing to guess.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, String, bindparam, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from accounts.user import User, UserInfo, select_user_info, user_info_of
from core.clock import Clock, from_db, to_db
from core.db import Base
from core.transactions import read_session, write_session
from core.errors import AuthenticationFailed, NotFound, PermissionDenied
from core.actor import Actor
from accounts.security_log import add_event

TOKEN_PREFIX = "kbt_"
# Writing last_used_at on every request would turn every API read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, so a user can tell their tokens apart.
    hint: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


# Every API call starts here: one prepared statement (its cache key computed once) for the
# token, its user and the user's department, instead of three queries per request.
_TOKEN_AND_USER = (select_user_info(ApiToken.id.label("token_id"), ApiToken.revoked_at,
                                    ApiToken.expires_at, ApiToken.last_used_at)
                   .join(ApiToken, ApiToken.user_id == User.id)
                   .where(ApiToken.digest == bindparam("digest")))


@dataclass(frozen=True)
class TokenInfo:
    id: int
    user_id: int
    name: str
    hint: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None

    def is_valid(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


@dataclass(frozen=True)
class IssuedToken:
    token: str
    info: TokenInfo


@dataclass(frozen=True)
class BearerIdentity:
    user: UserInfo
    token_id: int


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def revoke_user_tokens(session: Session, clock: Clock, actor: Actor, user: User, why: str) -> int:
    """End every live token of the user (their password changed: whoever held the old
    one may hold a token too); returns how many were ended."""
    now = to_db(clock.now())
    ended = session.execute(update(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None), ApiToken.expires_at > now)
        .values(revoked_at=now).execution_options(synchronize_session=False)).rowcount
    if ended:
        add_event(session, clock, actor, "token_revoked", user.username, f"{why}，吊销全部 {ended} 个令牌")
    return ended


def _info(row: ApiToken) -> TokenInfo:
    return TokenInfo(row.id, row.user_id, row.name, row.hint, from_db(row.created_at),
                     from_db(row.expires_at), from_db(row.last_used_at), from_db(row.revoked_at))


class TokenService:
    def __init__(self, sessions, clock: Clock, lifetime_days: int = 30):
        self.sessions = sessions
        self.clock = clock
        self.lifetime = dt.timedelta(days=lifetime_days)

    def issue(self, actor: Actor, user: UserInfo, name: str = "") -> IssuedToken:
        if user.must_change_password:
            raise PermissionDenied("请先登录网页修改初始密码，再申请 API 令牌")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = self.clock.now()
        with self.sessions() as session, session.begin():
            row = ApiToken(user_id=user.id, name=name.strip()[:100], digest=token_digest(token),
                           hint=token[:10], created_at=to_db(now),
                           expires_at=to_db(now + self.lifetime))
            session.add(row)
            add_event(session, self.clock, actor, "token_issued", user.username, f"令牌 {row.hint}…")
            session.flush()
            return IssuedToken(token, _info(row))

    def authenticate(self, token: str) -> BearerIdentity:
        """The identity a bearer token stands for: one read on every API call, and a
        write of 最近使用 at most every LAST_USED_RESOLUTION."""
        now = self.clock.now()
        with read_session(self.sessions) as session:
            row = session.execute(_TOKEN_AND_USER, {"digest": token_digest(token)}).first()
        if row is None or row.revoked_at is not None or from_db(row.expires_at) <= now:
            raise AuthenticationFailed("API 令牌无效、已过期或已被吊销")
        if not row.is_active:
            raise AuthenticationFailed("令牌所属账号已停用")
        identity = BearerIdentity(user_info_of(row), row.token_id)
        last = from_db(row.last_used_at)
        if last is None or now - last >= LAST_USED_RESOLUTION:
            with write_session(self.sessions) as session:
                session.execute(update(ApiToken).where(ApiToken.id == identity.token_id)
                                .values(last_used_at=to_db(now)))
        return identity

    def list_for_user(self, user_id: int) -> list[TokenInfo]:
        with self.sessions() as session:
            rows = session.scalars(select(ApiToken).where(ApiToken.user_id == user_id)
                                   .order_by(ApiToken.id.desc())).all()
            return [_info(r) for r in rows]

    def revoke(self, actor: Actor, token_id: int, *, owner_id: int | None = None) -> TokenInfo:
        """Revoke a token; with owner_id, only one of that user's own tokens."""
        with self.sessions() as session, session.begin():
            row = session.get(ApiToken, token_id)
            if row is None or (owner_id is not None and row.user_id != owner_id):
                raise NotFound("令牌不存在")
            if row.revoked_at is None:
                row.revoked_at = to_db(self.clock.now())
                owner = session.get(User, row.user_id)
                add_event(session, self.clock, actor, "token_revoked",
                          owner.username if owner else str(row.user_id), f"令牌 {row.hint}…")
            return _info(row)
