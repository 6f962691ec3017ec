"""Highlighted snippets: the stretch of a text with the most query words, HTML-escaped, the
words wrapped in <mark>…</mark>.

Whoosh's highlighter re-analyses text to find character offsets, which our word lists do not
carry; matching the query's wordings in the text directly is simpler and also marks words
found only through a thesaurus wording or inside a longer word.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from kb.search.analysis import normalise

SNIPPET_CHARS = 120
# How much text to show before the first marked word.
LEAD_CHARS = 24


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    """One pattern for the terms, longest first (built once for all the hits of a page)."""
    unique = sorted({normalise(t) for t in terms if t and t.strip()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in unique)) if unique else None


def _best_start(matches: list[re.Match], size: int) -> int:
    """Start of the window of `size` characters holding the most distinct marked words."""
    best, best_start = -1, 0
    for i, first in enumerate(matches):
        start = max(0, first.start() - LEAD_CHARS)
        words = {m.group(0) for m in matches[i:] if m.end() <= start + size}
        if len(words) > best:
            best, best_start = len(words), start
    return best_start


def make_snippet(text: str, terms, size: int = SNIPPET_CHARS) -> str:
    """An HTML-safe snippet of `text` with `terms` marked (the text's start if none occur)."""
    flat = " ".join(text.split())
    pattern = _pattern(tuple(terms))
    matches = list(pattern.finditer(normalise(flat))) if pattern else []
    start = _best_start(matches, size) if matches else 0
    end = min(len(flat), start + size)
    if end - start < size:
        start = max(0, end - size)
    pieces, cursor = [], start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        pieces.append(html.escape(flat[cursor:match.start()]))
        pieces.append(f"<mark>{html.escape(flat[match.start():match.end()])}</mark>")
        cursor = match.end()
    pieces.append(html.escape(flat[cursor:end]))
    return ("…" if start > 0 else "") + "".join(pieces) + ("…" if end < len(flat) else "")
