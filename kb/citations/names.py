"""Statute names as citations write them, and the index that recognises them.

A citation may write 《中华人民共和国审计法》, 《审计法》, 审计法, or 《最高人民法院关于适用〈中华人民
共和国民事诉讼法〉的解释》; `normalise_name` maps all spellings of one name to one key.
`NameIndex` holds every key the finder should recognise without 《》 (the library's titles and
aliases, plus names of repealed statutes the library only knows from repeal clauses).
"""
from __future__ import annotations

import re
from typing import Iterable

from laws.titles import normalise_title, strip_national_prefix

INNER_QUOTES = str.maketrans({"〈": "《", "〉": "》", "<": "《", ">": "》", "＜": "《", "＞": "》"})
_OUTER = "《》〈〉\"“”'‘’ \u3000"
# A trailing version note is not part of the name: 《审计法（2021年修正）》.
_VERSION_NOTE = re.compile(r"[（(]\s*(\d{4})\s*年?\s*(?:修正|修订|修改|版|文本)?\s*[）)]$")
_PROVISIONAL_NOTE = re.compile(
    r"[（(](?:试行|暂行|草案|征求意见稿|修订|修正|修订稿|[一二三四五六七八九十]+)[）)]$")

# Name endings of statutes and normative documents; endings of things that are not.
STATUTE_ENDINGS = ("法", "法典", "条例", "规定", "办法", "细则", "规则", "解释", "决定",
                   "意见", "通知", "准则", "规范", "制度", "纲要", "批复", "答复", "复函", "规程")
NOT_STATUTE_ENDINGS = ("书", "合同", "协议", "章程", "标准", "公告", "报告", "通报", "函件",
                       "清单", "方案", "纪要", "证明", "须知", "声明", "账簿", "凭证")


# Names courts and auditors use for statutes that no rule derives from the title, beyond
# laws.titles.COMMON_ABBREVIATIONS: nickname → full title.  A nickname only ever names
# the same statute: 审计条例 is the repealed 中华人民共和国审计条例 (1988), never the
# 审计法实施条例, and 政府采购条例 no statute at all.
NICKNAMES: dict[str, str] = {
    "土地承包法": "中华人民共和国农村土地承包法",
    "行政协议司法解释": "最高人民法院关于审理行政协议案件若干问题的规定",
    "民诉法解释": "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释",
    "民事诉讼法解释": "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释",
    "刑诉法解释": "最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释",
    "行诉法解释": "最高人民法院关于适用《中华人民共和国行政诉讼法》的解释",
    "劳动争议司法解释（一）": "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）",
    "公司法司法解释（三）": "最高人民法院关于适用《中华人民共和国公司法》若干问题的规定（三）",
    "招标投标条例": "中华人民共和国招标投标法实施条例",
    "财政处罚处分条例": "财政违法行为处罚处分条例",
    "国资条例": "行政事业性国有资产管理条例",
}


def normalise_name(name: str) -> str:
    """The lookup key of a statute name: no 《》, no 中华人民共和国, full-width brackets."""
    name = normalise_title(name.strip().strip(_OUTER)).translate(INNER_QUOTES)
    name = strip_national_prefix(name)
    return name.replace("中华人民共和国", "") if name.startswith("《") else name


def split_version_note(name: str) -> tuple[str, int | None]:
    """(name without a trailing （2021年修正）, the year it names or None)."""
    match = _VERSION_NOTE.search(name)
    if match and match.start() > 0:
        return name[:match.start()], int(match.group(1))
    return name, None


def is_statute_like(name: str) -> bool:
    """True when a title unknown to the library still reads as a statute or normative
    document (…条例, …办法, …的通知) rather than a contract or a letter."""
    stem = _PROVISIONAL_NOTE.sub("", name)
    if stem.endswith(NOT_STATUTE_ENDINGS):
        return False
    # 企业会计准则第14号——收入: the standards are named by their subject after the dash.
    return stem.endswith(STATUTE_ENDINGS) or "会计准则" in stem


class NameIndex:
    """Normalised statute names → statute ids (empty tuple: known name, not in the library)."""

    def __init__(self, names: Iterable[tuple[str, int | None]] = ()):
        self._ids: dict[str, tuple[int, ...]] = {}
        # Written forms (key, 中华人民共和国 + key) → key, for matching names without 《》.
        self._written: dict[str, str] = {}
        self._last_chars: set[str] = set()
        self.max_len = 0
        for name, statute_id in names:
            self.add(name, statute_id)

    def add(self, name: str, statute_id: int | None) -> None:
        key = normalise_name(name)
        if len(key) < 2:
            return
        ids = self._ids.get(key, ())
        if statute_id is not None and statute_id not in ids:
            ids = ids + (statute_id,)
        self._ids[key] = ids
        if "《" not in key:
            for written in (key, "中华人民共和国" + key):
                self._written[written] = key
                self.max_len = max(self.max_len, len(written))
            self._last_chars.add(key[-1])

    def __contains__(self, name: str) -> bool:
        return normalise_name(name) in self._ids

    def ids(self, name: str) -> tuple[int, ...]:
        return self._ids.get(normalise_name(name), ())

    def keys(self) -> set[str]:
        return set(self._ids)

    def keys_of(self, statute_ids: set[int]) -> set[str]:
        """The keys that name any of these statutes."""
        return {key for key, ids in self._ids.items() if not statute_ids.isdisjoint(ids)}

    def longest_suffix(self, text: str, end: int, limit: int = 40) -> tuple[int, str] | None:
        """The longest known name ending at text[end] as (start, key), or None.

        Called for every reference without 《》, so it compares written forms directly."""
        if end < 2 or text[end - 1] not in self._last_chars:
            return None
        for length in range(min(end, limit, self.max_len), 1, -1):
            key = self._written.get(text[end - length:end])
            if key is not None:
                return end - length, key
        return None
