"""Repeal clauses in the library: 本法自2021年1月1日起施行。《中华人民共和国合同法》…同时废止.

The corpus carries no repeal dates of its own, but new statutes name the ones they
replace.  Reading those clauses tells the citation check that a report dated 2022 which
cites 合同法第五十二条 cites a statute no longer in force, even though 合同法 itself is not
in the library.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kb.citations.finder import book_titles
from kb.citations.names import normalise_name, split_version_note
from laws.header import parse_date

_SENTENCE = re.compile(r"[^。；]*废止[^。；]*")
_IN_FORCE_FROM = re.compile(r"自\s*(\S{6,16}?日)\s*起(?:施行|实施|生效)")
# After a title these mean only part of it goes (…》中有关…的规定, …》第十条), or that it is
# an amendment to it (关于修改《…》的决定 names the statute amended, not repealed).
_PARTIAL_AFTER = re.compile(r"\s*(?:中|第|的[^。；，、]{0,12}规定|有关)")
_PARTIAL_BEFORE = re.compile(r"(?:修改|修正|废止)$")


@dataclass(frozen=True)
class RepealClause:
    name: str
    title: str
    repealed_on: dt.date | None


def repeal_clauses(text: str, fallback_date: dt.date | None, own_name: str) -> list[RepealClause]:
    """The statutes an article repeals, with the date the repeal took effect."""
    if "废止" not in text:
        return []
    start = _IN_FORCE_FROM.search(text)
    on = (parse_date(start.group(1)) if start else None) or fallback_date
    clauses = []
    for sentence in _SENTENCE.finditer(text):
        chunk = sentence.group(0)
        for start_at, end_at, inner in book_titles(chunk):
            if _PARTIAL_AFTER.match(chunk, end_at) or _PARTIAL_BEFORE.search(chunk, 0, start_at):
                continue
            name, _ = split_version_note(normalise_name(inner))
            if name and name != own_name:
                clauses.append(RepealClause(name, inner, on))
    return clauses


# 一、废止《北京市社会治安综合治理条例》（1992年…通过）: the items of a 关于废止…的决定.
_DECISION_ITEM = re.compile(r"废止\s*《([^》]{2,80})》")


def decision_repeals(texts: list[str], on: dt.date | None) -> list[RepealClause]:
    """The documents a 关于废止…的决定 repeals (its passages), effective `on`."""
    clauses = []
    for text in texts:
        for match in _DECISION_ITEM.finditer(text):
            name, _ = split_version_note(normalise_name(match.group(1)))
            if name:
                clauses.append(RepealClause(name, match.group(1), on))
    return clauses
