"""Who may do what: the one place that decides roles and permissions.

Trainers and administrators (the managers) write cases, the finding guide and the question
bank, and see drafts and all results.  Domain services enforce these rules themselves with
the `Actor` they are given, so no caller can forget them.  `SYSTEM` is the command line
acting on its own (imports, seeding): it may do everything.
"""
from __future__ import annotations

from accounts.user import ROLE_ADMIN, ROLE_TRAINER, User, UserInfo
from core.actor import Actor
from core.errors import PermissionDenied

MANAGER_ROLES = (ROLE_TRAINER, ROLE_ADMIN)


def system_actor(what: str = "命令行") -> Actor:
    """The system acting for `what` (the command line, the demo's set-up): an administrator
    with no account, as the security log and the job records name it."""
    return Actor(None, ROLE_ADMIN, username=what, display_name="系统")


SYSTEM = system_actor()


def actor_of(user: UserInfo | User, ip: str = "") -> Actor:
    """The Actor of a signed-in user (a request's, or a command's `--as` user)."""
    return Actor(user.id, user.role, user.department_id, user.username, user.display_name, ip)


def is_manager(actor: Actor | None) -> bool:
    """培训管理员 or 系统管理员: may manage the bank, rounds, cases and the guide, see
    drafts and all results."""
    return actor is not None and actor.role in MANAGER_ROLES


def is_admin(actor: Actor | None) -> bool:
    return actor is not None and actor.role == ROLE_ADMIN


def require_manager(actor: Actor | None, what: str) -> None:
    if not is_manager(actor):
        raise PermissionDenied(f"只有培训管理员或系统管理员可以{what}")
