"""Chinese numerals as statutes use them: 第三十四条 ⇄ 34, 第十条之一 ⇄ (10, 1).

Statutes write article numbers in Chinese numerals (三十四, 一百零二, 一千二百六十);
citations in cases and reports often use Arabic digits (第34条) or full-width ones
(第３４条).  Everything that compares article numbers goes through this module.
"""
from __future__ import annotations

import re
from functools import lru_cache

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

CHINESE_NUMERAL_CHARS = "零〇○一二三四五六七八九十百千万两"
NUMERAL_CLASS = f"[{CHINESE_NUMERAL_CHARS}0-9０-９]"


def parse_numeral(text: str) -> int | None:
    """Return the integer a Chinese or Arabic numeral stands for, or None.

    Accepts 三十四, 十, 一百零二, 二〇二一 (digit by digit), 34, ３４.
    """
    text = text.strip().translate(_FULLWIDTH_DIGITS)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    if not any(ch in _UNITS for ch in text):
        # Digit-by-digit form such as 二〇二一 (years) or a single digit.
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            unit = _UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
                continue
            # 十 at the start means 一十 (十三 = 13).
            section += (1 if digit is None else digit) * unit
            digit = None
    return total + section + (digit or 0)


def format_numeral(value: int) -> str:
    """Write a positive integer the way statutes number articles (34 → 三十四)."""
    if value <= 0:
        raise ValueError("article numbers start at 1")
    if value >= 10000:
        raise ValueError("article numbers stay below 10000")
    names = "零一二三四五六七八九"
    parts = []
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    pending_zero = False
    started = False
    for unit, name in units:
        digit = value // unit % 10
        if digit == 0:
            if started:
                pending_zero = True
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        if not (unit == 10 and digit == 1 and not started):
            parts.append(names[digit])
        parts.append(name)
        started = True
    return "".join(parts)


@lru_cache(maxsize=4096)
def format_article_label(number: int, suffix: int = 0) -> str:
    """34 → 第三十四条; (10, 1) → 第十条之一."""
    label = f"第{format_numeral(number)}条"
    if suffix:
        label += f"之{format_numeral(suffix)}"
    return label


_ARTICLE_REF = re.compile(
    rf"^\s*第?\s*({NUMERAL_CLASS}+)\s*条?(?:\s*之\s*({NUMERAL_CLASS}+))?\s*$")


def parse_article_ref(text: str) -> tuple[int, int] | None:
    """Parse what a user types for an article: 34, 三十四, 第三十四条, 第十条之一.

    Returns (number, suffix) with suffix 0 for a plain article, or None.
    """
    match = _ARTICLE_REF.match(text)
    if not match:
        return None
    number = parse_numeral(match.group(1))
    suffix = parse_numeral(match.group(2)) if match.group(2) else 0
    if not number or suffix is None:
        return None
    return number, suffix
