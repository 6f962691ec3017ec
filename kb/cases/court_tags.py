"""Tags of a 裁判案例 read from its own text: the 案由 its name states, the level of the
highest court it names, and the series it was published in.

Only what the case file says is taken: a name without a recognisable 案由 (a headline
question, 加班费的仲裁时效应当如何认定) or a text naming no court gets no such tag, never
a guess.  Court cases need these instead of the audit cases' finding tags (虚列支出, 超预算
支出): a reader of rulings filters by 案由 and by court.
"""
from __future__ import annotations

import re

# A case name: parties, 诉/与/申请执行, the other party, then the cause (…纠纷案, …一案).
_CASE_NAME = re.compile(r"(?:诉|与|申请执行)(.+?)(?:纠纷)?一?案$")
# Where the last party's name ends: an organisation's ending or an anonymised person (许某).
_PARTY_END = re.compile(r"(?:公司|局|人民政府|政府|办事处|委员会|办公室|报社|网站|医院|机构|超市|书店|店"
                        r"|广场|影楼|某)等?")
# A court named in the text; a court inside a title (《最高人民法院关于…》) or named as the
# publisher or author of a document (最高人民法院发布) did not hear the case.
_COURT = re.compile(r"(?<!《)(最高人民法院|[^\s，。、；：《》“”（）]{2,20}?(?:高级|中级)人民法院"
                    r"|[^\s，。、；：《》“”（）]{2,20}?(?:区|县|市|旗)人民法院|[^\s，。、；：《》“”]{2,8}"
                    r"(?:互联网|铁路运输)法院)(?!关于|发布|印发|公布|司法解释)")
# Highest first.
COURT_LEVELS = (("最高人民法院", "最高人民法院"), ("高级人民法院", "高级法院"),
                ("中级人民法院", "中级法院"), ("", "基层法院"))
_SERIES = re.compile(r"^\S{2,30}(?:典型案例|指导性案例|参考案例|案例)$")
MAX_CAUSE = 20


def case_cause(name: str) -> str | None:
    """The 案由 a case name states (吴某与某电子商务有限公司买卖合同纠纷案 → 买卖合同)."""
    match = _CASE_NAME.search(name.strip())
    if not match:
        return None
    after_parties = match.group(1)
    ends = list(_PARTY_END.finditer(after_parties))
    if not ends:
        return None
    cause = after_parties[ends[-1].end():].strip("，、 ")
    return cause if 2 <= len(cause) <= MAX_CAUSE else None


def court_level(body: str) -> str | None:
    """The level of the highest court the case text names as hearing it, if any."""
    named = [m.group(1) for m in _COURT.finditer(body)]
    for marker, label in COURT_LEVELS:
        if any(marker in court for court in named) if marker else named:
            return label
    return None


def series(header_lines: list[str]) -> str | None:
    """The collection the case was published in (消费者权益保护典型案例), from the lines
    between the headline and the end of the file's information block."""
    return next((line.strip() for line in header_lines if _SERIES.match(line.strip())), None)


def court_case_tags(folder: str, name: str, header_lines: list[str], body: str) -> tuple[str, ...]:
    found = (folder, case_cause(name), court_level(body), series(header_lines))
    return tuple(dict.fromkeys(t for t in found if t))
