"""The testable values in an article's text: time limits (三日, 二十日, 六个月), amounts
(五万元), percentages and fractions (百分之二十, 三分之二), multiples (五倍), head counts
(二人), days of the year (1月1日), and key terms of audit, budget, procurement, tendering,
accounting and administrative-penalty law (审计通知书, 单一来源采购 …).

Each value knows plausible replacements of the same kind in the same numeral style,
which the true/false generator substitutes.  Article numbers (第三十四条), item labels
（一） and calendar dates (2010年5月1日) are never values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from laws.numbering import format_numeral, parse_numeral
from quizzes.normalise import normalise_blank

# Every kind a Value can have: generated questions carry it as a tag (quizzes.topics
# keeps such tags out of the topics staff see).
VALUE_KINDS = ("比例", "日期", "金额", "倍数", "时限", "人数", "术语")
_CN = "零〇一二两三四五六七八九十百千万"
NUM = rf"(?:[{_CN}]+|\d+)"
# An amount's numeral stops before 万/亿, which stay part of the unit (二十五 + 万元), so a
# replacement changes the number of 万 and not the scale (not 二十五万元 → 五百元).
AMOUNT = r"(?:[零〇一二两三四五六七八九十百千]+|\d+)"

# (kind, pattern, numeral group, ladder).  Order matters: earlier patterns win overlaps.
_NUMERIC = (
    ("比例", re.compile(rf"百分之({NUM})"), (5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80)),
    ("比例", re.compile(rf"({NUM})%"), (5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80)),
    ("金额", re.compile(rf"({AMOUNT})(?:万|亿)?元"),
     (1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000, 2000, 3000, 5000)),
    ("倍数", re.compile(rf"({NUM})倍"), (1, 2, 3, 5, 10)),
    ("时限", re.compile(rf"({NUM})个?工作日"), (3, 5, 7, 10, 15, 20, 30)),
    ("时限", re.compile(rf"({NUM})(?:日|天)"), (1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 90, 180)),
    ("时限", re.compile(rf"({NUM})个月"), (1, 2, 3, 6, 12, 18, 24)),
    ("时限", re.compile(rf"({NUM})年(?!度)"), (1, 2, 3, 5, 10, 15, 20, 30)),
    ("时限", re.compile(rf"({NUM})(?:个)?小时"), (12, 24, 48, 72)),
    ("人数", re.compile(rf"({NUM})(?:人|名|家)"), (2, 3, 5, 7, 9)),
)
_FRACTION = re.compile(rf"({NUM})分之({NUM})")
_FRACTIONS = ("二分之一", "三分之一", "三分之二", "四分之一", "四分之三", "五分之一", "五分之四")
_DAY_OF_YEAR = re.compile(rf"(?<![\d{_CN}])({NUM})月({NUM})日")
_DAYS_OF_YEAR = ("1月1日", "3月31日", "6月30日", "9月30日", "12月31日")

# Spans that look numeric but are not values.
_MASKS = (
    re.compile(rf"第{NUM}"),                                     # 第三十四条, 第一次
    re.compile(rf"[（(]{NUM}[）)]"),                             # item labels （一）
    re.compile(rf"(?:\d{{4}}|[{_CN}]{{4}})年{NUM}月{NUM}日"),     # calendar dates
    re.compile(rf"(?:\d{{4}}|[{_CN}]{{4}})年"),                  # years
    re.compile(rf"^{NUM}[.．、]"),                               # sub-item labels 1.
    re.compile(rf"{NUM}(?:审|级)"),                              # 二审, 一级
    re.compile(r"[上下]一?年"),                                  # 上一年（度）: not a time limit
    re.compile(rf"最后{NUM}日"),                                 # the last day of a period
)

# Key terms in families of mutually exclusive alternatives (for true/false changes).
# A family holds terms of which exactly one can be right: never a term and its subset
# (县级以上 / 省级以上, 采购代理机构 / 集中采购机构, 投标人 / 中标人), and never terms
# whose rules overlap across statutes (预算的种类, 预备费 / 预算周转金: a statement about
# one can be true of another under the 实施条例), where the changed statement could
# still be true.  公开招标 is always allowed, so it never replaces a special method.
TERM_FAMILIES = (
    ("审计通知书", "审计报告", "审计决定"),
    ("本级人民代表大会常务委员会", "本级人民政府"),
    ("人民法院", "人民检察院", "公安机关"),
    ("邀请招标", "竞争性谈判", "单一来源采购", "询价"),
    ("单位负责人", "会计机构负责人", "总会计师"),
    ("原始凭证", "记账凭证"),
    ("行政复议", "行政诉讼"),
    ("招标人", "投标人"),
    ("投标保证金", "履约保证金"),
    ("简易程序", "普通程序"),
    ("警告", "通报批评"),
    ("书面", "口头"),
)
# Terms only ever blanked, never swapped (no sound alternative).
BLANK_TERMS = ("专项审计调查", "审计署", "国务院总理", "派出机构", "内部审计", "转移支付",
               "集中采购机构", "采购代理机构", "中标人", "县级以上", "公开招标", "一般公共预算",
               "政府性基金预算", "国有资本经营预算", "社会保险基金预算", "预备费", "预算周转金",
               "预算稳定调节基金",
               "决算草案", "预算调整方案", "集中采购目录", "采购限额标准", "中标通知书",
               "评标委员会", "会计档案", "财务会计报告", "听证", "当场收缴", "没收违法所得",
               "吊销许可证件", "暂扣许可证件")
_TERMS = sorted({t for f in TERM_FAMILIES for t in f} | set(BLANK_TERMS), key=len, reverse=True)
_FAMILY_OF = {t: f for f in TERM_FAMILIES for t in f}
# A term swapped before these words would name a body that does not exist
# (本级人民代表大会常务委员会财政部门).
_METHOD_COMPOUNDS = ("通知书", "小组", "文件", "程序", "采购中")
_NOT_SWAPPED_BEFORE = {"本级人民政府": ("财政", "审计", "有关", "各部门", "部门"),
                       # 询价通知书 → 邀请招标通知书 names a document that does not exist.
                       **{method: _METHOD_COMPOUNDS for method in ("邀请招标", "竞争性谈判", "单一来源采购", "询价")}}
# Other spellings of a term: a wrong value whose synonym is in the article is no wrong value.
SYNONYMS = {"本级人民政府": ("本级政府",), "本级人民代表大会常务委员会": ("本级人大常委会",)}


@dataclass(frozen=True)
class Value:
    kind: str
    text: str
    start: int
    end: int
    # For numbers: the numeral inside `text` and the ladder of plausible numbers.
    numeral: str = ""
    ladder: tuple = ()
    choices: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return normalise_blank(self.text)

    @property
    def is_term(self) -> bool:
        return self.kind == "术语"


def _masked(text: str) -> str:
    for pattern in _MASKS:
        text = pattern.sub(lambda m: "\0" * len(m.group(0)), text)
    return text


def find_values(text: str) -> list[Value]:
    """Values in text order; overlapping matches keep the earlier-listed kind."""
    masked = _masked(text)
    found: list[Value] = []
    taken = [False] * len(text)

    def claim(start: int, end: int) -> bool:
        if any(taken[start:end]):
            return False
        taken[start:end] = [True] * (end - start)
        return True
    for match in _FRACTION.finditer(text):
        if match.group(1) not in ("百", "千") and claim(match.start(), match.end()):
            found.append(Value("比例", match.group(0), match.start(), match.end(), choices=_FRACTIONS))
    for match in _DAY_OF_YEAR.finditer(masked):
        if claim(match.start(), match.end()):
            found.append(Value("日期", text[match.start():match.end()], match.start(), match.end(),
                               choices=_DAYS_OF_YEAR))
    for kind, pattern, ladder in _NUMERIC:
        for match in pattern.finditer(masked):
            numeral = match.group(1)
            number = parse_numeral(numeral)
            # 同一人, 一家: "one" is an identity, not a head count.
            if number in (None, 0) or (kind == "人数" and number < 2):
                continue
            if not claim(match.start(), match.end()):
                continue
            found.append(Value(kind, text[match.start():match.end()], match.start(), match.end(),
                               numeral=numeral, ladder=ladder))
    for term in _TERMS:
        for match in re.finditer(re.escape(term), text):
            if claim(match.start(), match.end()):
                after = text[match.end():match.end() + 3]
                swappable = not after.startswith(_NOT_SWAPPED_BEFORE.get(term, ("\0",)))
                found.append(Value("术语", term, match.start(), match.end(),
                                   choices=_FAMILY_OF.get(term, ()) if swappable else ()))
    return sorted(found, key=lambda v: v.start)


UP, DOWN, EITHER, KEEP = 1, -1, 0, None
_RAISE_AFTER = ("不少于", "不得少于", "至少", "不低于", "不得低于", "不超过", "不得超过", "最高", "最多",
                "最长", "不足", "至")
_MODALS = re.compile(r"可以|应当|必须|不得")


def wrong_direction(sentence: str, value: Value) -> int | None:
    """Which way a number must move so that the changed statement is false on any
    reading, not merely a narrower or weaker form of the same rule (None: leave it).

    A law "if C then Q" also says "if C' then Q" for any narrower C', and a duty or a
    permission also covers every weaker one: 可以处3万元以下罚款 is not false where the law
    says 5万元.  So caps, minimums, lead times, look-back periods and prohibitions only
    grow; minimum fines, deadlines of duties, dates to be met and inclusion thresholds
    only shrink; a deadline of a right (可以…十五日内) grows; an exact rate or date moves
    either way; a bare duration (连续两年, 最后一日) is left alone."""
    before, after = sentence[:value.start], sentence[value.end:]
    if before.endswith(_RAISE_AFTER):
        return UP
    if before.endswith("超过") or after.startswith("至"):
        return DOWN
    if after.startswith("前"):
        return DOWN if value.kind == "日期" else UP
    if after.startswith(("以内", "内", "之内")):
        return _within(before, after, value)
    if after.startswith("以下"):
        return UP
    if after.startswith("以上"):
        condition = re.match(r"以上的[，,；。]", after)
        return DOWN if value.kind in ("金额", "倍数") or condition else UP
    return KEEP if value.kind == "时限" else EITHER


def _within(before: str, after: str, value: Value) -> int:
    if value.kind != "时限":
        return UP                                    # 数额在X以内: a cap
    if before.endswith("前") or re.match(r"(?:以内|之内|内)不得", after):
        return UP                                    # 前三年内 (look-back), 五年内不得 (ban)
    modals = _MODALS.findall(before)
    return UP if modals and modals[-1] == "可以" else DOWN


def _magnitude(text: str) -> float | None:
    day = re.fullmatch(rf"({NUM})月({NUM})日", text)
    if day:
        return parse_numeral(day.group(1)) * 100 + parse_numeral(day.group(2))
    fraction = _FRACTION.fullmatch(text)
    if fraction:
        return parse_numeral(fraction.group(2)) / parse_numeral(fraction.group(1))
    return None


def _allowed(original: float | None, candidate: float | None, direction: int | None) -> bool:
    if direction == EITHER or original is None or candidate is None:
        return direction == EITHER or original is None
    return (candidate - original) * direction > 0


def replacements(value: Value, direction: int | None = EITHER) -> list[str]:
    """Plausible wrong values of the same kind, nearest first, in the same numeral
    style, moving only in `direction` (numbers, fractions and dates; KEEP: none)."""
    if direction is KEEP and not value.is_term:
        return []
    if value.choices:
        if value.is_term:
            return [c for c in value.choices if normalise_blank(c) != value.key]
        original = _magnitude(value.text)
        return [c for c in value.choices if normalise_blank(c) != value.key
                and _allowed(original, _magnitude(c), direction)]
    number = parse_numeral(value.numeral)
    if number is None or not value.ladder:
        return []
    arabic = value.numeral[0].isdigit()
    nearest = sorted((n for n in value.ladder if n != number and _allowed(number, n, direction)),
                     key=lambda n: (abs(n - number), n))
    out = []
    for n in nearest:
        if (not arabic and n >= 10000) or (value.kind == "人数" and n < 2):
            continue
        numeral = str(n) if arabic else format_numeral(n)
        out.append(value.text.replace(value.numeral, numeral, 1))
    return out


def arabic_form(value: Value) -> str | None:
    """三日 → 3日: an alternative a person may type (the normaliser accepts it anyway)."""
    if not value.numeral or value.numeral[0].isdigit():
        return None
    number = parse_numeral(value.numeral)
    if number is None:
        return None
    if value.text.startswith("百分之"):
        return f"{number}%"
    return value.text.replace(value.numeral, str(number), 1)
