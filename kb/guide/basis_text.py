"""A guide entry's articles as trainers type them: one per line,
`《预算法》第十三条：未列入预算的不得支出` — the statute, the article (with 之N, 第N款,
第（N）项 as needed) and, after a colon or dash, what the article contributes.

The same form is what `format_basis_lines` writes back, so editing an entry shows its
articles as they were entered.  Whether the article exists is the guide service's check.
"""
from __future__ import annotations

import re

from core.errors import InvalidInput
from kb.guide.values import BasisInput
from laws.numbering import NUMERAL_CLASS, parse_numeral

MAX_LINES = 30
_LINE = re.compile(
    rf"^《?(?P<law>[^《》]+?)》?\s*第\s*(?P<article>{NUMERAL_CLASS}+)\s*条"
    rf"(?:之(?P<suffix>{NUMERAL_CLASS}+))?"
    rf"(?:第(?P<paragraph>{NUMERAL_CLASS}+)款)?"
    rf"(?:第?[（(](?P<item>{NUMERAL_CLASS}+)[)）]项)?"
    r"\s*(?:[：:｜|—–-]+\s*(?P<note>.*))?$")


def parse_basis_lines(text: str) -> tuple[BasisInput, ...]:
    """The articles in `text`, one a line; InvalidInput names every line it cannot read."""
    found, problems = [], []
    lines = [(n, line.strip()) for n, line in enumerate((text or "").splitlines(), 1)
             if line.strip()]
    if len(lines) > MAX_LINES:
        raise InvalidInput(f"每类依据最多 {MAX_LINES} 条")
    for number, line in lines:
        match = _LINE.match(line)
        numbers = [_number(match, key) for key in ("article", "suffix", "paragraph", "item")] \
            if match else []
        if not match or not numbers[0] or any(n is None for n in numbers):
            problems.append(f"第{number}行“{line[:30]}”")
            continue
        found.append(BasisInput(match.group("law").strip(), numbers[0], numbers[1],
                                numbers[2] or None, numbers[3] or None,
                                (match.group("note") or "").strip()[:300]))
    if problems:
        raise InvalidInput(f"无法识别的法规依据：{'、'.join(problems)}"
                           f"（每行一条，如：《预算法》第十三条：未列入预算的不得支出）")
    return tuple(found)


def format_basis_lines(basis) -> str:
    """BasisInputs as the lines `parse_basis_lines` reads."""
    return "\n".join(f"{b.label}：{b.note}" if b.note else b.label for b in basis)


def _number(match: re.Match, key: str) -> int | None:
    """The group's number (0 when the group is absent), None when it is not a number."""
    raw = match.group(key)
    if raw is None:
        return 0
    value = parse_numeral(raw)
    return value if value and value < 10000 else None
