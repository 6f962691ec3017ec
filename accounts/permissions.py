"""Who may do what with shared content (cases, the finding guide): a small rule set the
domain services enforce themselves, so no caller can forget it.

Services take the acting user as any object with `id` and `role` (a `accounts.user.User`
row, the web layer's logged-in user, or `SYSTEM` for command-line imports).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from accounts.user import ROLE_ADMIN, ROLE_TRAINER
from core.errors import PermissionDenied


class ActingUser(Protocol):
    id: int | None
    role: str


@dataclass(frozen=True)
class SystemUser:
    """The command line acting on its own (imports, seeding): may do everything."""
    id: int | None = None
    role: str = ROLE_ADMIN
    display_name: str = "系统"


SYSTEM = SystemUser()


def is_editor(user: ActingUser | None) -> bool:
    """Trainers and administrators write cases and the guide and see drafts."""
    return user is not None and user.role in (ROLE_TRAINER, ROLE_ADMIN)


def require_editor(user: ActingUser | None, action: str) -> None:
    if not is_editor(user):
        raise PermissionDenied(f"只有培训管理员可以{action}")
