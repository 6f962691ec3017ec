"""Key words of a long query: a pasted story (people paste 300–500 characters of what
happened to them) is searched by the words that tell it apart, not by its first words and
not by all of its words alike.

Each distinct word is weighed by tf-idf over the index itself: how often the story uses it
(1 + ln count) times how rare it is among the indexed documents (ln(N / df)), the statistic
BM25 already ranks with, so nothing is trained or downloaded and the figures follow every
rebuild.  The best `KEEP` words are searched; a word's weight falls with its tf-idf
relative to the best one (never below `FLOOR`), so the story's core (拖欠, 工资, 辞退)
counts most and its incidental words (今天, 后来, 一直) drop out.  Queries of at most
`LONG_QUERY_WORDS` distinct words — nearly every typed question — are left as they were.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from kb.search.query import Concept

# More distinct words than this make a query a pasted text.
LONG_QUERY_WORDS = 16
# Words searched in a long query, and how many of them the message names.  On the tune
# split's pasted stories 45 found more than 20 or 30 (the answer shares few words with
# the story, so keeping too few loses it) and as much as 60.
KEEP = 45
SHOWN = 8
# The weight of the least telling word kept, relative to the most telling one (BM25 counts
# rarity already, so the spread is kept narrow).
FLOOR = 0.8
# Numbers, dates and latin letters (2019, 5万, ABC) tell nothing about which law applies.
_NOT_A_KEYWORD = re.compile(r"[0-9a-zA-Z]")


@dataclass(frozen=True)
class IndexStats:
    """How many documents the index holds, and how many hold a word (any form of it)."""
    documents: int
    frequency: Callable[[str], int]


def is_long(concepts: list[Concept]) -> bool:
    return len(concepts) > LONG_QUERY_WORDS


def weigh_keywords(concepts: list[Concept], text: str, stats: IndexStats) -> list[Concept]:
    """The `KEEP` most telling concepts of a long text, in the text's order, re-weighted."""
    scored = []
    for concept in concepts:
        if _NOT_A_KEYWORD.search(concept.word):
            continue
        # Looking a word up costs a segment read: the alternatives only for a word the
        # statutes never use (老板 → 用人单位).
        frequency = stats.frequency(concept.word) or max(
            (stats.frequency(a) for a in concept.alternatives), default=0)
        if not frequency:
            continue  # in no document under any wording: it cannot find anything
        idf = math.log(max(stats.documents, 2) / frequency)
        tf = 1 + math.log(max(text.count(concept.word), 1))
        scored.append((tf * idf * concept.weight, concept))
    if not scored:
        return []
    kept = sorted(scored, key=lambda pair: pair[0], reverse=True)[:KEEP]
    best = kept[0][0] or 1.0
    for score, concept in kept:
        concept.weight = concept.weight * max(FLOOR, score / best)
    chosen = {id(concept) for _, concept in kept}
    return [c for c in concepts if id(c) in chosen]


def keyword_note(concepts: list[Concept]) -> str:
    strongest = sorted(concepts, key=lambda c: c.weight, reverse=True)[:SHOWN]
    return f"内容较长，按其中的关键词检索：{'、'.join(c.word for c in strongest)}"
