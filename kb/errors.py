"""The knowledge base's own exceptions; the web layer maps them to 404/400 in one place."""
from __future__ import annotations


class KbError(Exception):
    """Base class: a request the knowledge base cannot answer."""


class NotFound(KbError):
    """Something asked for does not exist (statute, version, article, case …)."""


class StatuteNotFound(NotFound):
    def __init__(self, name: str, suggestions: list[str] | None = None):
        self.name = name
        self.suggestions = suggestions or []
        hint = f"；您是不是要找：{'、'.join(self.suggestions)}" if self.suggestions else ""
        super().__init__(f"没有找到法规“{name}”{hint}")


class ArticleNotFound(NotFound):
    def __init__(self, law_title: str, label: str, version_date=None):
        when = f"（{version_date.isoformat()} 版）" if version_date else ""
        super().__init__(f"《{law_title}》{when}中没有{label}")


class InvalidInput(KbError):
    """Input that cannot be understood (a malformed article number or date)."""


class Conflict(KbError):
    """The change conflicts with the stored state (a newer edit, a duplicate name, a closed round)."""


class PermissionDenied(KbError):
    """The acting user may not do this."""


class IndexBusy(Conflict):
    """The search index is being written by another process and the wait timed out."""


class IndexUnavailable(KbError):
    """The search index has not been built (or was built by an older version)."""
