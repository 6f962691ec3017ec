"""Option letters in an explanation, rewritten to the lettering one person saw.

Options are shuffled per person (quizzes.attempts.option_order) unless a question says
固定选项顺序, but explanations are written against the options as stored: “D项错误” means
the fourth option as written.  Before a person reads an explanation, every place it names
options by letter — “D项”, “A、C项”, “选项D”, “选D”, “答案为B”, “D.” — is rewritten to the
letters of that person's order, all at once (D→A and A→D never chain).  Letters past the
question's options, and letters inside words (ABC公司), are left alone.
"""
from __future__ import annotations

import re
from typing import Mapping, Sequence

from quizzes.content import OPTION_LETTERS as LETTERS
# A run of letters naming options: D, AB, A、C, A和B.
_RUN = r"[A-F](?:\s*[、,，和及与/]\s*[A-F]|[A-F])*"
_NAMED = re.compile(
    rf"(?P<pre>选项|选|答案[为是]?[：:]?\s*)(?P<run>{_RUN})(?![A-Za-z])"     # 选项D, 选D, 答案为B
    rf"|(?<![A-Za-z0-9])(?P<run2>{_RUN})(?=\s*项(?!目)|[.．](?!\d))")       # D项, A、C项, D.
_LETTER = re.compile(r"[A-F]")


def letter_map(written: Sequence[str], seen: Sequence[str]) -> dict[str, str]:
    """Option ids as written and as the person saw them → {written letter: seen letter}."""
    position = {option_id: index for index, option_id in enumerate(seen)}
    return {LETTERS[index]: LETTERS[position[option_id]]
            for index, option_id in enumerate(written) if option_id in position}


def reletter(text: str, mapping: Mapping[str, str]) -> str:
    """`text` with every option letter it names replaced by `mapping`'s."""
    if not text or all(k == v for k, v in mapping.items()):
        return text

    def swap(match: re.Match) -> str:
        group = "run" if match.group("run") else "run2"
        start, end = match.span(group)
        rewritten = _LETTER.sub(lambda m: mapping.get(m.group(0), m.group(0)), match.group(group))
        whole, offset = match.group(0), match.start(0)
        return whole[:start - offset] + rewritten + whole[end - offset:]
    return _NAMED.sub(swap, text)
