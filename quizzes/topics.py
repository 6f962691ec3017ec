"""Which of a question's tags are topics (专题) people see.

The generator tags what it writes with how it wrote it — 法条生成, 条文定位, and the kind
of value blanked out or changed (时限, 金额, 术语 …) — so trainers can find and review
generated questions in the bank.  Those tags say nothing about the subject, so every
staff-facing topic list (mastery, 自测's choices, what the results export) leaves them
out; the bank's filters, for trainers, keep them.
"""
from __future__ import annotations

from typing import Iterable

from quizzes.generation.values import VALUE_KINDS

GENERATED_TAG = "法条生成"
LOCATE_TAG = "条文定位"
INTERNAL_TAGS = frozenset({GENERATED_TAG, LOCATE_TAG, *VALUE_KINDS})


def is_topic(tag: str) -> bool:
    return tag not in INTERNAL_TAGS


def staff_topics(tags: Iterable[str]) -> tuple[str, ...]:
    """The tags a staff member may see as topics, in their order."""
    return tuple(t for t in tags if is_topic(t))
