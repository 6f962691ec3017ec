"""Who acts: one `Actor` for every service method that acts, built once per request (the web
layer's `current_actor()`) or per command (`accounts.permissions.system_actor`).

It carries what the domain decides by — the user's id, role and department — and what
the security log and the job records remember — the username and the client address.
What a role may do is decided in one place, accounts/permissions.py."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    # The user's id; None for the system itself, or for someone not (yet) signed in.
    id: int | None
    role: str = ""
    department_id: int | None = None
    username: str = ""
    display_name: str = ""
    # The client's address (the security log records it); "" for the command line.
    ip: str = ""
