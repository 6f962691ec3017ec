"""Who acts, as the security log and the job records remember it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who acts, and from where: a signed-in user, or the system's own command line."""
    user_id: int | None
    username: str
    ip: str = ""

    @classmethod
    def system(cls, what: str = "命令行") -> "Actor":
        return cls(None, what)
