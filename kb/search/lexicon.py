"""Statute names and versions as the index knows them: finding a statute named in a query,
suggesting one for a misspelt name, and listing the versions in force on a date.

Built from the index's statute documents (one per version) and cached per index generation,
so it always agrees with what a search can return, and an update is seen at once.
"""
from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from itertools import chain
from dataclasses import dataclass, field

from whoosh.query import Term

from kb.search import schema as f
from kb.search.analysis import normalise
from kb.search.documents import KIND_STATUTE, statute_group
from laws.model import LEVELS
from laws.titles import NATIONAL_PREFIX

# The statutes an audit office works with every day: a prior lifts their articles above
# the same words elsewhere, and they come first among suggestions.
CORE_STATUTES = (
    "审计法", "审计法实施条例", "预算法", "预算法实施条例", "政府采购法", "政府采购法实施条例",
    "招标投标法", "招标投标法实施条例", "会计法", "财政违法行为处罚处分条例",
    "行政事业性国有资产管理条例", "企业国有资产法", "行政处罚法", "民法典",
)
# Statutes repealed and replaced, still cited by their old names: suggest the successor.
REPLACED_BY = {name: "民法典" for name in (
    "合同法", "物权法", "担保法", "婚姻法", "继承法", "收养法", "侵权责任法", "民法通则", "民法总则")}
# Endings of statute names: a query ending so, but naming none, gets "did you mean".
NAME_ENDINGS = ("法", "条例", "办法", "规定", "规则", "细则", "解释", "决定", "法典", "章程")


@dataclass(frozen=True)
class VersionEntry:
    version_id: int
    version_date: dt.date | None
    # First and last day in force (None: unknown start / still in force).
    valid_from: dt.date | None
    valid_to: dt.date | None
    status: str


@dataclass
class StatuteEntry:
    law_id: int
    title: str
    short_title: str
    level: str
    names: list[str]
    versions: list[VersionEntry] = field(default_factory=list)

    @property
    def group(self) -> str:
        return statute_group(self.law_id)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


class Lexicon:
    """Every statute's names, versions and importance, from one index generation."""

    def __init__(self, entries: dict[int, StatuteEntry]):
        self.entries = entries
        national = [e for e in entries.values() if e.level in LEVELS[:3]]
        self.core_ids = {e.law_id for e in national if e.short_title in CORE_STATUTES}
        self.by_name: dict[str, int] = {}
        for entry in sorted(entries.values(), key=self.importance, reverse=True):
            for name in entry.names:  # folded like queries are: （一） is typed (一) too
                self.by_name.setdefault(normalise(name), entry.law_id)
        self.longest = max((len(n) for n in self.by_name), default=0)
        self._chars = {name: frozenset(name) for name in self.by_name}
        # Which names hold each character: a misspelt name is compared only with the names
        # sharing enough of its characters, found by counting, not by trying every name.
        self._holding: dict[str, list[str]] = {}
        for name, chars in self._chars.items():
            for char in chars:
                self._holding.setdefault(char, []).append(name)
        # Every beginning and every ending of a name: a scan for names stops as soon as the
        # text read so far begins (or ends) no name, instead of trying every length up to
        # the longest name's at every character (a third of a 500-character query's time).
        self._heads = {name[:i] for name in self.by_name for i in range(1, len(name) + 1)}
        self._tails = {name[i:] for name in self.by_name for i in range(len(name))}

    @classmethod
    def load(cls, searcher) -> "Lexicon":
        entries: dict[int, StatuteEntry] = {}
        for docnum in searcher.docs_for_query(Term(f.KIND, KIND_STATUTE)):
            stored = searcher.stored_fields(docnum)
            shown = stored[f.DISPLAY]
            entry = entries.get(shown["law_id"])
            if entry is None:
                entry = entries[shown["law_id"]] = StatuteEntry(
                    shown["law_id"], shown["law_title"], shown["short_title"], stored[f.LEVEL],
                    list(shown["extra"].get("names", ())))
            entry.versions.append(VersionEntry(
                shown["version_id"], _date(shown["version_date"]), _date(shown["valid_from"]),
                _date(shown["valid_to"]), stored[f.STATUS]))
        return cls(entries)

    def importance(self, entry: StatuteEntry) -> tuple:
        """Higher first: core audit statutes, then by level of legal force."""
        return (entry.law_id in self.core_ids, -_level_rank(entry.level), -entry.law_id)

    def resolve(self, name: str) -> StatuteEntry | None:
        law_id = self.by_name.get(normalise(name).strip().strip("《》〈〉").replace(" ", ""))
        return self.entries.get(law_id) if law_id else None

    def name_ending_at(self, text: str, end: int) -> tuple[int, StatuteEntry] | None:
        """The longest statute name ending at `end` in `text`: (start, entry)."""
        found, start = None, end - 1
        while start >= 0 and text[start:end] in self._tails:
            law_id = self.by_name.get(text[start:end]) if end - start >= 2 else None
            if law_id:
                found = (start, self.entries[law_id])
            start -= 1
        return found

    def names_in(self, text: str) -> list[tuple[int, int, StatuteEntry]]:
        """Statute names in `text`, longest first at each point, not overlapping."""
        found, position, size = [], 0, len(text)
        while position < size - 1:
            match, end = None, position + 1
            while end <= size and text[position:end] in self._heads:
                law_id = self.by_name.get(text[position:end]) if end - position >= 2 else None
                if law_id:
                    match = (position, end, self.entries[law_id])
                end += 1
            if match:
                found.append(match)
                position = match[1]
            else:
                position += 1
        return found

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Statute names close to a misspelt or partial one (政府彩购法, 采购法 → 政府采购法),
        or the successor of a repealed one (合同法 → 民法典)."""
        name = name.removeprefix(NATIONAL_PREFIX)
        successor = REPLACED_BY.get(name)
        if successor and successor in self.by_name:
            return [successor]
        chars = frozenset(name)
        if len(name) < 2:
            return []
        scored = []
        shared = Counter(chain.from_iterable(self._holding.get(c, ()) for c in chars))
        for candidate, count in shared.items():
            if count < max(2, len(chars) - 2):
                continue
            ratio = difflib.SequenceMatcher(None, name, candidate).ratio()
            partial = name in candidate
            if ratio >= 0.6 or partial:
                entry = self.entries[self.by_name[candidate]]
                scored.append(((partial or ratio >= 0.75, ratio if not partial else 0.8,
                                self.importance(entry), -len(candidate)), entry.short_title))
        scored.sort(reverse=True)
        names: list[str] = []
        for _, title in scored:
            if title not in names:
                names.append(title)
        return names[:limit]

    def versions_in_force(self, on: dt.date) -> list[int]:
        """Version ids in force on `on` (a version of unknown dates counts as always in force)."""
        return [v.version_id for entry in self.entries.values() for v in entry.versions
                if (v.valid_from is None or v.valid_from <= on)
                and (v.valid_to is None or on <= v.valid_to)]

    def version_of_year(self, law_id: int, year: int) -> int | None:
        """The statute's version dated in `year` (会计法（2017年修订）), if the library has it."""
        entry = self.entries.get(law_id)
        found = [v for v in (entry.versions if entry else ())
                 if v.version_date and v.version_date.year == year]
        return found[-1].version_id if found else None
