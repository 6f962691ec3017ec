"""Who is acting: a user's role and department, loaded fresh for every call, and the role
rules of the quiz engine (trainers and admins manage; everyone takes rounds)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from accounts.user import ROLE_ADMIN, ROLE_STAFF, ROLE_TRAINER, User
from core.errors import PermissionDenied

MANAGER_ROLES = (ROLE_TRAINER, ROLE_ADMIN)


@dataclass(frozen=True)
class Actor:
    id: int
    role: str
    department_id: int | None
    display_name: str

    @property
    def is_manager(self) -> bool:
        """培训管理员 or 系统管理员: may manage the bank and rounds and see all results."""
        return self.role in MANAGER_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN

    @property
    def counts_in_statistics(self) -> bool:
        """Only 审计人员 count in participation and rankings; trainers may try rounds."""
        return self.role == ROLE_STAFF


def load_actor(session: Session, user_id: int) -> Actor:
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active:
        raise PermissionDenied("用户不存在或已停用")
    return Actor(user.id, user.role, user.department_id, user.display_name)


def require_manager(actor: Actor, what: str) -> None:
    if not actor.is_manager:
        raise PermissionDenied(f"只有培训管理员或系统管理员可以{what}")
