"""Re-ranking of the top hits by what their text says about the question.

BM25F and the document priors (`kb.search.scoring`) find and order candidates; re-ranking
then reads the text itself: every word of the question present (in any wording), an answer
of the kind asked for (a time span for 几天, a sanction for 怎么处罚), the query verbatim.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kb.search.analysis import sub_words
from kb.search.query import Concept, QueryPlan
from kb.search.terms import PENALTY_HEADING


@dataclass
class Candidate:
    """A hit being re-ranked, with the texts its features are computed from."""
    docnum: int
    score: float
    body: str
    heading: str
    law_title: str


# What a question asks for, and how an article that answers it looks.
ANSWER_PATTERNS = {
    "duration": re.compile(r"[零一二三四五六七八九十百两\d]+\s*个?(?:工作日|日|天|年|个月|月|小时)"),
    "amount": re.compile(r"百分之|%|‰|千分之|[\d零一二三四五六七八九十百千万]+\s*(?:万元|元|倍)"),
    "count": re.compile(r"[一二三四五六七八九十两\d]+\s*(?:人|名)"),
    "list": re.compile(r"下列|[（(][一二三四五六七八九十][）)]"),
}
_UNIT_FAMILIES = {"工作日": "工作日|日|天", "日": "工作日|日|天", "天": "工作日|日|天",
                  "年": "年", "月": "个月|月", "小时": "小时"}
PENALTY_WORDS = re.compile(r"责令|罚款|处分|追究|没收|警告|通报批评|有期徒刑|拘役")
# Re-ranking: coverage of the question's words dominates; an answer of the asked-for kind
# and a long stretch of the query found verbatim add to it.
COVERAGE_FLOOR = 0.35
INTENT_BONUS = 1.3
DEFINITION_BONUS = 1.3
VERBATIM_MIN = 4
VERBATIM_STEP = 0.05
VERBATIM_CAP = 1.3
PART_CREDIT = 0.7


@lru_cache(maxsize=4096)
def _parts(word: str) -> tuple[str, ...]:
    """The dictionary words inside a query word (the dictionary is fixed once loaded)."""
    return tuple(sub_words([word]))


def _found(concept: Concept, text: str) -> float:
    if any(form in text for form in concept.forms):
        return 1.0
    parts = _parts(concept.word)
    return PART_CREDIT if parts and all(p in text for p in parts) else 0.0


def coverage(plan: QueryPlan, text: str) -> float:
    """Weighted share of the question's words (any of their wordings) that occur in `text`."""
    total = sum(c.weight for c in plan.concepts)
    if not total:
        return 1.0
    return sum(c.weight * _found(c, text) for c in plan.concepts) / total


def _verbatim(plan: QueryPlan, text: str, wordings: list[str]) -> float:
    """Bonus for the longest stretch (≥ VERBATIM_MIN characters) of the query found as is;
    `wordings`: the plan's thesaurus wordings of that length or more."""
    core = plan.core_text
    longest = max((len(a) for a in wordings if a in text), default=0)
    for start in range(len(core)):
        size = max(longest + 1, VERBATIM_MIN)
        while start + size <= len(core) and core[start:start + size] in text:
            longest = size
            size += 1
    if longest < VERBATIM_MIN:
        return 1.0
    return min(VERBATIM_CAP, 1.0 + VERBATIM_STEP * (longest - VERBATIM_MIN + 1))


def _defines(plan: QueryPlan, body: str) -> bool:
    return any(f"{c.word}是" in body or f"所称{c.word}" in body for c in plan.concepts)


def _answers(plan: QueryPlan, candidate: Candidate) -> float:
    """Bonus for an answer of the kind asked for: a time span for 几天, a rule for 怎么处罚 …"""
    bonus = 1.0
    body = candidate.body
    for intent in plan.intents:
        if intent == "penalty":
            hit = PENALTY_HEADING in candidate.heading or PENALTY_WORDS.search(body)
        elif intent == "definition":
            hit = _defines(plan, body)
        elif intent == "duration" and plan.duration_unit:
            unit = _UNIT_FAMILIES[plan.duration_unit]
            hit = re.search(rf"[零一二三四五六七八九十百两\d]+\s*个?(?:{unit})", body)
        else:
            hit = ANSWER_PATTERNS[intent].search(body)
        bonus *= INTENT_BONUS if hit else 1.0
    if len(plan.concepts) == 1 and "definition" not in plan.intents and _defines(plan, body):
        bonus *= DEFINITION_BONUS  # a single term typed alone: its definition first
    return bonus


def rerank(plan: QueryPlan, candidates: list[Candidate]) -> list[Candidate]:
    """Candidates re-scored by coverage, answer kind and verbatim overlap, best first."""
    wordings = [a for c in plan.concepts for a in c.alternatives if len(a) >= VERBATIM_MIN]
    for candidate in candidates:
        text = " ".join((candidate.body, candidate.heading, candidate.law_title))
        factor = (COVERAGE_FLOOR + coverage(plan, text)) ** 2
        candidate.score *= (factor * _answers(plan, candidate)
                            * _verbatim(plan, candidate.body, wordings))
    return sorted(candidates, key=lambda c: -c.score)
