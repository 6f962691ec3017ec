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


class StaleEdit(Conflict):
    """An edit based on an older revision than the stored one: refused, nothing written."""

    def __init__(self, what: str, current: int, based_on: int, by: str | None = None,
                 when: str | None = None):
        self.current_revision = current
        self.based_on = based_on
        who = f"已被{by}" if by else "已被他人"
        at = f"于{when}" if when else ""
        super().__init__(
            f"{what}{who}{at}修改（当前为第{current}版），您编辑的是第{based_on}版。"
            f"为避免覆盖他人的修改，本次保存没有执行，您的内容仍在编辑框中；"
            f"请查看最新版本并合并修改后再保存。")


class AuthenticationFailed(KbError):
    """Wrong credentials, an unknown or revoked token, a locked or disabled account."""


class RateLimited(KbError):
    """Too many attempts in a short time; try again later."""


class IndexBusy(Conflict):
    """The search index is being written by another process and the wait timed out."""


class IndexUnavailable(KbError):
    """The search index has not been built (or was built by an older version)."""
