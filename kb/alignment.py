"""Article correspondence between two versions of a statute (新旧对照表).

Articles are matched by their text, never by their number: an amendment that inserts or
deletes one article renumbers every article after it.  The alignment keeps the order of
both texts (legislators move whole runs of articles, rarely single ones across a law):

1. identical texts are anchors (difflib over the sequence of normalised texts, so a run
   of renumbered articles is one matching block);
2. between two anchors, a dynamic programme pairs the remaining articles by similarity
   (Dice coefficient of character bigram sets), keeping their order;
3. what is still unpaired is tried against the unpaired articles of the whole other
   text (an article moved to another chapter), with a stricter threshold;
4. an unpaired article whose text is mostly contained in the partner of its neighbour
   was merged into it (old side) or split from it (new side).

Pure: `align_articles` takes and returns plain dataclasses and does no I/O.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from laws.numbering import format_article_label

UNCHANGED, AMENDED, RENUMBERED = "unchanged", "amended", "renumbered"
MERGED, SPLIT, ADDED, DELETED = "merged", "split", "added", "deleted"
CHANGE_NAMES = {UNCHANGED: "未修改", AMENDED: "修改", RENUMBERED: "仅调整条序",
                MERGED: "合并", SPLIT: "拆分", ADDED: "新增", DELETED: "删除"}

# Pairing two articles between anchors: below this similarity they are unrelated.
PAIR_THRESHOLD = 0.3
# Pairing an article with one elsewhere in the text (it moved): stricter.
MOVED_THRESHOLD = 0.6
# Share of an unpaired article's bigrams found in its neighbour's partner: merged/split.
CONTAINED_THRESHOLD = 0.5

_IGNORED = re.compile(r"[\s　，。、；：？！“”‘’（）《》〈〉【】,.;:?!()\"'\-—…·]")


@dataclass(frozen=True)
class ArticleText:
    number: int
    suffix: int
    text: str

    @property
    def label(self) -> str:
        return format_article_label(self.number, self.suffix)

    @property
    def key(self) -> tuple[int, int]:
        return self.number, self.suffix


@dataclass(frozen=True)
class Correspondence:
    """One row of the table: an old article, a new one, or both, and what happened."""
    old: ArticleText | None
    new: ArticleText | None
    change: str
    similarity: float

    @property
    def change_name(self) -> str:
        return CHANGE_NAMES[self.change]

    def to_json(self) -> dict:
        return {"old": self.old.number if self.old else None,
                "new": self.new.number if self.new else None,
                "change": self.change,
                "old_label": self.old.label if self.old else None,
                "new_label": self.new.label if self.new else None,
                "old_suffix": self.old.suffix if self.old else None,
                "new_suffix": self.new.suffix if self.new else None,
                "similarity": self.similarity}


def normalise(text: str) -> str:
    """An article's text without spacing and punctuation: what two versions compare by."""
    return _IGNORED.sub("", text)


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)) or frozenset((text,))


def dice(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def contained(part: frozenset, whole: frozenset) -> float:
    return len(part & whole) / len(part) if part else 0.0


def align_articles(old: Sequence[ArticleText], new: Sequence[ArticleText]) -> list[Correspondence]:
    """The correspondence table of two versions' articles, in the new text's order with
    deleted articles where they stood in the old one."""
    plain_old = [normalise(a.text) for a in old]
    plain_new = [normalise(a.text) for a in new]
    grams_old = [bigrams(t) for t in plain_old]
    grams_new = [bigrams(t) for t in plain_new]
    pairs: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, plain_old, plain_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.update(zip(range(i1, i2), range(j1, j2)))
        elif i2 > i1 and j2 > j1:
            pairs.update(_align_gap(grams_old, grams_new, i1, i2, j1, j2))
    _pair_moved(grams_old, grams_new, pairs)
    merged, split = _merges_and_splits(grams_old, grams_new, pairs)
    return _rows(old, new, plain_old, plain_new, grams_old, grams_new, pairs, merged, split)


def _align_gap(grams_old, grams_new, i1, i2, j1, j2) -> dict[int, int]:
    """Order-preserving pairing of old[i1:i2] with new[j1:j2] maximising the summed
    similarity above PAIR_THRESHOLD (an LCS whose weights are similarities)."""
    rows, cols = i2 - i1, j2 - j1
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        a, above, here = grams_old[i1 + i - 1], score[i - 1], score[i]
        for j in range(1, cols + 1):
            best = above[j] if above[j] > here[j - 1] else here[j - 1]
            weight = dice(a, grams_new[j1 + j - 1]) - PAIR_THRESHOLD
            if weight > 0 and above[j - 1] + weight > best:
                best = above[j - 1] + weight
            here[j] = best
    found, i, j = {}, rows, cols
    while i and j:
        if score[i][j] == score[i - 1][j]:
            i -= 1
        elif score[i][j] == score[i][j - 1]:
            j -= 1
        else:
            found[i1 + i - 1] = j1 + j - 1
            i, j = i - 1, j - 1
    return found


def _pair_moved(grams_old, grams_new, pairs: dict[int, int]) -> None:
    """Pair what is left across the whole text: best matches first, each article once."""
    taken = set(pairs.values())
    lonely_old = [i for i in range(len(grams_old)) if i not in pairs]
    lonely_new = [j for j in range(len(grams_new)) if j not in taken]
    if not lonely_old or not lonely_new:
        return
    candidates = sorted(((dice(grams_old[i], grams_new[j]), i, j)
                         for i in lonely_old for j in lonely_new), reverse=True)
    for similarity, i, j in candidates:
        if similarity < MOVED_THRESHOLD:
            break
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)


def _neighbours(index: int, size: int, paired) -> list[int]:
    """The nearest paired article before and after `index` on its own side."""
    found = []
    for step in (-1, 1):
        k = index + step
        while 0 <= k < size and k not in paired:
            k += step
        if 0 <= k < size:
            found.append(k)
    return found


def _merges_and_splits(grams_old, grams_new, pairs):
    """old index → new index it was merged into; new index → old index it split from."""
    reverse = {j: i for i, j in pairs.items()}
    merged: dict[int, int] = {}
    for i in range(len(grams_old)):
        if i in pairs:
            continue
        options = [(contained(grams_old[i], grams_new[pairs[k]]), pairs[k])
                   for k in _neighbours(i, len(grams_old), pairs)]
        best = max(options, default=(0.0, None))
        if best[0] >= CONTAINED_THRESHOLD:
            merged[i] = best[1]
    split: dict[int, int] = {}
    for j in range(len(grams_new)):
        if j in reverse:
            continue
        options = [(contained(grams_new[j], grams_old[reverse[k]]), reverse[k])
                   for k in _neighbours(j, len(grams_new), reverse)]
        best = max(options, default=(0.0, None))
        if best[0] >= CONTAINED_THRESHOLD:
            split[j] = best[1]
    return merged, split


def _rows(old, new, plain_old, plain_new, grams_old, grams_new, pairs, merged, split):
    merged_into, split_from = set(merged.values()), set(split.values())
    by_new: dict[int, list[Correspondence]] = {j: [] for j in range(len(new))}
    for i, j in sorted(pairs.items()):
        if j in merged_into:
            change = MERGED
        elif i in split_from:
            change = SPLIT
        elif plain_old[i] != plain_new[j]:
            change = AMENDED
        else:
            change = UNCHANGED if old[i].key == new[j].key else RENUMBERED
        by_new[j].append(Correspondence(old[i], new[j], change,
                                        round(dice(grams_old[i], grams_new[j]), 3)))
    for i, j in merged.items():
        by_new[j].append(Correspondence(old[i], new[j], MERGED,
                                        round(contained(grams_old[i], grams_new[j]), 3)))
    for j, i in split.items():
        by_new[j].append(Correspondence(old[i], new[j], SPLIT,
                                        round(contained(grams_new[j], grams_old[i]), 3)))
    for j in range(len(new)):
        by_new[j].sort(key=lambda row: row.old.key if row.old else (0, 0))
        by_new[j] = by_new[j] or [Correspondence(None, new[j], ADDED, 0.0)]
    position = {**pairs, **merged, **{i: j for j, i in split.items()}}
    deleted = _deleted_after(old, position)
    table = list(deleted.get(-1, []))
    for j in range(len(new)):
        table.extend(by_new[j])
        table.extend(deleted.get(j, []))
    return table


def _deleted_after(old, position: dict[int, int]) -> dict[int, list[Correspondence]]:
    """Deleted articles, keyed by the new article after whose row they stand: the one
    the nearest earlier surviving old article went to (-1: before everything)."""
    deleted: dict[int, list[Correspondence]] = {}
    last = -1
    for i, article in enumerate(old):
        if i in position:
            last = max(last, position[i])
        else:
            deleted.setdefault(last, []).append(Correspondence(article, None, DELETED, 0.0))
    return deleted
