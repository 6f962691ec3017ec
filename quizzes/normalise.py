"""Normalising 填空题 answers so that equal answers compare equal.

Both the key and what a person typed go through `normalise_blank`, so the rules only
need to map equivalent spellings to one form, never to be linguistically complete:
full/half width (NFKC), spaces and punctuation dropped, letters lower-cased, Chinese
numerals written as Arabic ones (三日 = 3日, 百分之二十 = 20%, 三分之二 = 2/3,
五万元 = 50000元), 天 after a number read as 日.
"""
from __future__ import annotations

import re
import unicodedata

from laws.numbering import parse_numeral

_NUMERAL = "零〇○一二两三四五六七八九十百千万"
_NUMBER = rf"[{_NUMERAL}]+|\d+(?:\.\d+)?"
_PERCENT = re.compile(rf"百分之({_NUMBER})")
_PERMILLE = re.compile(rf"千分之({_NUMBER})")
_FRACTION = re.compile(rf"({_NUMBER})分之({_NUMBER})")
_CHINESE_RUN = re.compile(f"[{_NUMERAL}]+")
_TEN_THOUSANDS = re.compile(r"(\d+(?:\.\d+)?)(万|亿)")
_DAYS = re.compile(r"(\d)天")
# Everything that is neither a letter, a digit, a CJK character nor a sign that changes
# meaning (% / . ‰) is dropped.
_NOISE = re.compile(r"[^\w%/.‰\u4e00-\u9fff]|_")


def _arabic(text: str) -> str:
    if text[0].isdigit():
        return text
    value = parse_numeral(text)
    return str(value) if value is not None else text


def _scale(match: re.Match) -> str:
    factor = 10000 if match.group(2) == "万" else 100000000
    value = float(match.group(1)) * factor
    return str(int(value)) if value.is_integer() else str(value)


def normalise_blank(text: str) -> str:
    """The comparable form of one blank's answer."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _NOISE.sub("", text)
    text = _PERCENT.sub(lambda m: _arabic(m.group(1)) + "%", text)
    text = _PERMILLE.sub(lambda m: _arabic(m.group(1)) + "‰", text)
    text = _FRACTION.sub(lambda m: f"{_arabic(m.group(2))}/{_arabic(m.group(1))}", text)
    # 5万 before the Chinese runs, so that 万 is not read as a numeral of its own.
    text = _TEN_THOUSANDS.sub(_scale, text)
    text = _CHINESE_RUN.sub(lambda m: _arabic(m.group(0)), text)
    return _DAYS.sub(r"\1日", text)


def blank_matches(given: str, alternatives: list[str]) -> bool:
    answer = normalise_blank(given)
    return bool(answer) and any(answer == normalise_blank(a) for a in alternatives)
