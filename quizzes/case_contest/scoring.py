"""How a case competition's results are reckoned (pure): an entry's score is the mean of
its judges' totals — with five judges or more the highest and the lowest total are
dropped first, as panels do against one judge's extreme view — and entries are ranked by
it, equal scores sharing a rank (1, 1, 3)."""
from __future__ import annotations

from typing import Sequence

from quizzes.case_contest.values import AWARDS, TRIM_FROM


def entry_score(totals: Sequence[int]) -> tuple[float | None, bool]:
    """(score, trimmed): the mean of the totals, trimmed from TRIM_FROM totals on."""
    if not totals:
        return None, False
    ordered = sorted(totals)
    trimmed = len(ordered) >= TRIM_FROM
    counted = ordered[1:-1] if trimmed else ordered
    return round(sum(counted) / len(counted), 2), trimmed


def ranks(scores: Sequence[float | None]) -> list[int | None]:
    """Competition ranks of scores (higher is better); an entry without a score has none."""
    return [None if score is None else 1 + sum(1 for other in scores
                                                if other is not None and other > score)
            for score in scores]


def award_order(award: str) -> int:
    """Where an award sorts: 一等奖 first, no award last."""
    return AWARDS.index(award) if award in AWARDS else len(AWARDS)
