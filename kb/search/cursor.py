"""How far one index has followed the search change feed (kb.search.feed): pure rules, no I/O.

Feed numbers are handed out when a transaction inserts its row, not when it commits, so on
PostgreSQL a lower number can become visible after a higher one, and a rolled-back
transaction leaves a number that never appears.  A position is therefore two things: the
`watermark` (every number up to it is applied or known never to come) and the numbers
above it already applied (`seen`).  A missing number below a seen one is a *hole*: it is
waited for — its change is applied when it appears — until it has been missing for longer
than any write transaction takes (`hole_seconds`), then it is taken for a rollback and
passed over.  Applying a change twice does no harm (it re-reads the group from the
database), so a position may lag behind but never runs ahead of what the index holds.

The position is saved with the index (kb.search.store), so a copied index carries it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from kb.search.feed import FeedEntry, FeedSlice

# Longer than any write transaction: a number missing this long was rolled back.
HOLE_SECONDS = 30.0


@dataclass(frozen=True)
class FeedCursor:
    watermark: int = 0
    seen: frozenset[int] = frozenset()

    def to_json(self) -> dict:
        return {"watermark": self.watermark, "seen": sorted(self.seen)}

    @classmethod
    def from_json(cls, data) -> "FeedCursor | None":
        try:
            return cls(int(data["watermark"]), frozenset(int(i) for i in data.get("seen", ())))
        except (KeyError, TypeError, ValueError):
            return None

    @classmethod
    def after_rebuild(cls, snapshot: FeedSlice) -> "FeedCursor":
        """The position of an index built from the database read after `snapshot` was
        taken: every entry in it is included; numbers missing among them are holes."""
        return cls(snapshot.pruned_through, frozenset(e.id for e in snapshot.entries)).compacted()

    def compacted(self) -> "FeedCursor":
        """The same position with the watermark moved over consecutive applied numbers."""
        seen, watermark = set(self.seen), self.watermark
        while watermark + 1 in seen:
            watermark += 1
            seen.discard(watermark)
        return FeedCursor(watermark, frozenset(seen))

    def is_behind_pruning(self, snapshot: FeedSlice) -> bool:
        """Rows this index never applied were pruned: only a rebuild can catch up."""
        return self.watermark < snapshot.pruned_through

    def is_ahead_of(self, snapshot: FeedSlice) -> bool:
        """The feed ends below this position: the database was restored from a backup taken
        before the index's last change, so the index holds changes the database lost."""
        return max(self.seen, default=self.watermark) > snapshot.head

    def pending(self, entries: Iterable[FeedEntry]) -> list[FeedEntry]:
        """Entries not applied yet, in feed order."""
        return [e for e in entries if e.id > self.watermark and e.id not in self.seen]

    def advanced(self, applied: Iterable[int], holes: "HoleClock") -> "FeedCursor":
        """The position once `applied` are in the index: the watermark moves over applied
        numbers and over holes older than the hole clock allows."""
        seen = set(self.seen) | {i for i in applied if i > self.watermark}
        watermark = self.watermark
        top = max(seen, default=watermark)
        while watermark < top:
            following = watermark + 1
            if following in seen:
                seen.discard(following)
            elif not holes.expired(following):
                break
            watermark = following
        holes.forget_through(watermark)
        return FeedCursor(watermark, frozenset(seen))


@dataclass
class HoleClock:
    """When each missing number was first noticed (kept in memory by the follower)."""
    now: callable
    hole_seconds: float = HOLE_SECONDS
    first_seen: dict[int, float] = field(default_factory=dict)

    def expired(self, number: int) -> bool:
        noticed = self.first_seen.setdefault(number, self.now())
        return self.now() - noticed >= self.hole_seconds

    def forget_through(self, watermark: int) -> None:
        for number in [n for n in self.first_seen if n <= watermark]:
            del self.first_seen[number]
