"""Telling a statute's followers (关注, kb.follow) of its changes (kb.library_changes):
each change not yet announced becomes one `Announcement` to its followers through the one
`Notifier` — an inbox notice, and an email for those who have email notices on.

Announcing is idempotent: the event key is the change's id, so a second run (two imports
at once, a crash before `announced_at` was written) notifies nobody twice.
"""
from __future__ import annotations

from sqlalchemy import select

from core.clock import Clock, to_db
from kb.follow import Follows
from kb.library_changes import FOLLOWED_KINDS, KIND_NAMES, LibraryChange, has_earlier_version
from quizzes.notify.notifier import Announcement, Notifier

STATUTE_PATH = "/laws/{statute_id}"
VERSION_PATH = "/laws/{statute_id}?version={version_id}"
CORRESPONDENCE_PATH = "/laws/{statute_id}/correspondence?new={version_id}"
UPDATES_PATH = "/laws/updates"


class LibraryNotices:
    def __init__(self, sessions, clock: Clock, notifier: Notifier, follows: Follows,
                 public_url: str = ""):
        self.sessions = sessions
        self.clock = clock
        self.notifier = notifier
        self.follows = follows
        self.public_url = public_url

    def announce_pending(self, *_ignored) -> int:
        """Announce every change a follower should hear of and was not told yet; returns
        the inbox notices written.  (Takes and ignores the arguments of an after-import
        step, so it can be one.)"""
        written = 0
        with self.sessions() as session:
            pending = session.scalars(select(LibraryChange).where(
                LibraryChange.announced_at.is_(None), LibraryChange.statute_id.is_not(None),
                LibraryChange.kind.in_(FOLLOWED_KINDS)).order_by(LibraryChange.id)).all()
            events = [(change.id, self._announcement(session, change)) for change in pending]
        for change_id, event in events:
            if event.user_ids:
                written += self.notifier.announce(event).inbox
            with self.sessions() as session, session.begin():
                session.get(LibraryChange, change_id).announced_at = to_db(self.clock.now())
        return written

    def _announcement(self, session, change: LibraryChange) -> Announcement:
        followers = tuple(self.follows.followers(session, change.statute_id))
        ids = {"statute_id": change.statute_id, "version_id": change.version_id}
        lines = [f"《{change.title}》：{change.detail}（{change.actor_name}）"]
        link = self.public_url + STATUTE_PATH.format(**ids)
        if change.version_id is not None:
            link = self.public_url + VERSION_PATH.format(**ids)
            lines.append(f"查看该版本：{link}")
            if has_earlier_version(session, change.version_id):
                link = self.public_url + CORRESPONDENCE_PATH.format(**ids)
                lines.append(f"新旧对照：{link}")
        lines.append(f"法规更新：{self.public_url}{UPDATES_PATH}")
        return Announcement(key=f"library-change:{change.id}", title=_title(change),
                            body="\n".join(lines), link=link, user_ids=followers)


def _title(change: LibraryChange) -> str:
    return f"关注的法规{KIND_NAMES.get(change.kind, '有变化')}：《{change.title}》"[:200]
