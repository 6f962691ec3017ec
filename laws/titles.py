"""Short titles and aliases: how auditors name a statute (审计法 for 中华人民共和国审计法).

The corpus names each file by the statute's short title; otherwise the short title is the
full title without the 中华人民共和国 prefix.  A few abbreviations in everyday use
(招投标法, 民诉法) are listed in COMMON_ABBREVIATIONS.
"""
from __future__ import annotations

import re

NATIONAL_PREFIX = "中华人民共和国"

# Abbreviations auditors and courts use that no rule derives; short title → extra aliases.
COMMON_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "招标投标法": ("招投标法",),
    "招标投标法实施条例": ("招投标法实施条例",),
    "政府采购法": ("政采法",),
    "民事诉讼法": ("民诉法",),
    "刑事诉讼法": ("刑诉法",),
    "行政诉讼法": ("行诉法",),
    "行政处罚法": ("行罚法",),
    "预算法实施条例": ("预算法条例",),
    "税收征收管理法": ("税收征管法", "征管法"),
    "企业国有资产法": ("国资法",),
    "民法典": ("中国民法典",),
}

_SPACES = re.compile(r"\s+")


def normalise_title(title: str) -> str:
    """Title with whitespace removed and half-width brackets made full-width, for matching."""
    title = _SPACES.sub("", title)
    return title.replace("(", "（").replace(")", "）").replace("<", "〈").replace(">", "〉")


def strip_national_prefix(title: str) -> str:
    """中华人民共和国审计法 → 审计法, also inside 《》 (关于适用《中华人民共和国刑法》…)."""
    title = title.replace("《" + NATIONAL_PREFIX, "《")
    if title.startswith(NATIONAL_PREFIX) and len(title) > len(NATIONAL_PREFIX):
        title = title[len(NATIONAL_PREFIX):]
    return title


def derive_short_title(title: str, file_stem: str | None = None) -> str:
    """The short title: the file name where it is a shortening of the title, else the rule."""
    title = normalise_title(title)
    rule = strip_national_prefix(title)
    if file_stem:
        stem = normalise_title(file_stem)
        if stem and stem != title and len(stem) <= len(rule) and _is_abbreviation(stem, rule):
            return stem
    return rule


def _is_abbreviation(short: str, full: str) -> bool:
    """True when every character of `short` appears in `full` in order."""
    chars = iter(full)
    return all(ch in chars for ch in short)


def derive_aliases(title: str, short_title: str, file_stem: str | None = None) -> list[str]:
    """Every name the statute may be cited by, full title first, without repeats."""
    names = [normalise_title(title), short_title, strip_national_prefix(normalise_title(title))]
    if file_stem:
        stem = normalise_title(file_stem)
        if _is_abbreviation(stem, normalise_title(title)):
            names.append(stem)
    names.extend(COMMON_ABBREVIATIONS.get(short_title, ()))
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return seen
