"""Which guide entries a piece of text is about.

Two directions: a long text (a search query, a paragraph of a report) that contains an
entry's keyword or title is about that entry; a short query (化整为零, 规避招标) that is part
of a keyword or the title is too.  The score favours longer, more specific matches.
"""
from __future__ import annotations

import re

from kb.guide.values import GuideMatch, GuideSummary

_PUNCTUATION = re.compile(r"[\s，。、；：！？,.;:!?“”\"'《》（）()]+")
MIN_QUERY = 2


def _words(entry: GuideSummary) -> list[str]:
    """The title's parts (无预算、超预算支出 → 无预算, 超预算支出) and the keywords."""
    parts = [p for p in _PUNCTUATION.split(entry.title) if len(p) >= MIN_QUERY]
    return list(dict.fromkeys([entry.title, *parts, *entry.keywords]))


def match_entries(text: str, entries: list[GuideSummary], limit: int | None = None,
                  whole_text_only: bool = False) -> list[GuideMatch]:
    """Entries the text is about, best first.

    With `whole_text_only` only words found inside the text count (used on report
    paragraphs, where a short fragment of a keyword means nothing)."""
    query = _PUNCTUATION.sub("", text or "")
    if len(query) < MIN_QUERY:
        return []
    found = []
    for entry in entries:
        score, matched = 0.0, []
        for word in _words(entry):
            key = _PUNCTUATION.sub("", word)
            if len(key) < MIN_QUERY:
                continue
            if key in query:
                score += len(key)
                matched.append(word)
            elif not whole_text_only and query in key:
                score += 0.8 * len(query)
                matched.append(word)
        if score:
            found.append(GuideMatch(entry, score, tuple(matched)))
    found.sort(key=lambda m: (-m.score, m.entry.id))
    return found[:limit] if limit else found
