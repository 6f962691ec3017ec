"""The quiz engine's transactions are the knowledge base's (core.transactions): one way
to write under concurrency on SQLite and PostgreSQL for every layer.  `after_change`
marks a manual action whose notices should go out as soon as it is committed."""
from __future__ import annotations

import functools

from core.transactions import SessionFactory, read_session, write_session  # noqa: F401  # noqa: F401


def after_change(method):
    """Run the service's `after_change` listeners once the action has succeeded (the
    composition root appends the push's idempotent announce pass)."""
    @functools.wraps(method)
    def act(self, *args, **kwargs):
        result = method(self, *args, **kwargs)
        for listener in self.after_change:
            listener()
        return result
    return act
