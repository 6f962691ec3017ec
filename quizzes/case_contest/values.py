"""What the case competition's services take and return: plain dataclasses, never ORM rows.

`ContestInput.clean()` is the one check of a contest's settings (title, window, criteria,
judges); `ReviewInput.clean()` the one check of a judge's scores against the criteria.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from core.errors import InvalidInput
from kb.cases.values import CaseInput

# The criteria a new contest starts from: name and weight (the most a judge may give).
DEFAULT_CRITERIA = (("定性准确", 30), ("依据充分", 30), ("处理恰当", 20), ("示范价值", 20))
AWARDS = ("一等奖", "二等奖", "三等奖", "优秀奖")
# The mark a winner carries in the case library (a tag, so the library's tag filter finds them).
EXCELLENT_TAG = "优秀案例"
# From this many judges' totals on, the highest and the lowest are dropped (去掉一个最高分和一个最低分).
TRIM_FROM = 5
MAX_CRITERIA = 10
MAX_WEIGHT = 100
MAX_JUDGES = 30
MAX_AUTHORS = 10
MAX_COMMENT = 2000

PHASE_UPCOMING, PHASE_SUBMITTING, PHASE_JUDGING, PHASE_PUBLISHED = (
    "upcoming", "submitting", "judging", "published")
PHASE_NAMES = {PHASE_UPCOMING: "未开始征集", PHASE_SUBMITTING: "征集中", PHASE_JUDGING: "评审中",
               PHASE_PUBLISHED: "结果已公布"}

_SPLIT = re.compile(r"[，,；;、\s]+")


def split_names(text: str | tuple | list) -> tuple[str, ...]:
    """工号 typed as one line (commas, 顿号, spaces) or given as a list: trimmed, no repeats."""
    lines = [text] if isinstance(text, str) else list(text)
    seen: list[str] = []
    for item in (part for line in lines for part in _SPLIT.split(str(line))):
        item = str(item).strip()
        if item and item not in seen:
            seen.append(item)
    return tuple(seen)


def parse_criteria(text: str) -> tuple[tuple[str, int], ...]:
    """Criteria written one per line as "定性准确 30" (or 定性准确：30)."""
    criteria = []
    for number, line in enumerate((text or "").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        match = re.fullmatch(r"(.+?)[\s:：,，]+(\d{1,4})(?:分)?", line)
        if not match:
            raise InvalidInput(f"评分标准第{number}行应写作“名称 分值”，如“定性准确 30”：“{line[:40]}”")
        criteria.append((match.group(1).strip(), int(match.group(2))))
    return tuple(criteria)


def criteria_text(criteria) -> str:
    return "\n".join(f"{name} {weight}" for name, weight in criteria)


@dataclass(frozen=True)
class ContestInput:
    """A contest's settings as the trainer gives them; judges are named by 工号."""
    title: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    criteria: tuple[tuple[str, int], ...] = DEFAULT_CRITERIA
    judges: tuple[str, ...] = ()
    blind: bool = True
    description: str = ""

    def clean(self) -> "ContestInput":
        """The same settings trimmed and checked; InvalidInput names every problem at once."""
        problems = []
        title = " ".join((self.title or "").split())
        if not title:
            problems.append("请填写评比名称")
        elif len(title) > 200:
            problems.append("评比名称不能超过200个字")
        if self.opens_at.tzinfo is None or self.closes_at.tzinfo is None:
            raise ValueError("contest times must be timezone-aware")
        if self.closes_at <= self.opens_at:
            problems.append("征集截止时间应晚于开始时间")
        problems += _criteria_problems(self.criteria)
        judges = split_names(self.judges)
        if not judges:
            problems.append("请至少指定一名评委")
        elif len(judges) > MAX_JUDGES:
            problems.append(f"评委不能超过{MAX_JUDGES}人")
        description = (self.description or "").strip()
        if len(description) > 5000:
            problems.append("评比说明不能超过5000个字")
        if problems:
            raise InvalidInput("；".join(problems))
        criteria = tuple((" ".join(name.split()), weight) for name, weight in self.criteria)
        return replace(self, title=title, judges=judges, criteria=criteria, description=description)


def _criteria_problems(criteria) -> list[str]:
    if not criteria:
        return ["请至少设置一项评分标准"]
    problems = []
    if len(criteria) > MAX_CRITERIA:
        problems.append(f"评分标准不能超过{MAX_CRITERIA}项")
    names = [" ".join(str(name).split()) for name, _ in criteria]
    if any(not name or len(name) > 40 for name in names):
        problems.append("每项评分标准的名称应为1到40个字")
    if len(set(names)) != len(names):
        problems.append("评分标准的名称不能重复")
    if any(not isinstance(w, int) or not 1 <= w <= MAX_WEIGHT for _, w in criteria):
        problems.append(f"每项评分标准的分值应为1到{MAX_WEIGHT}的整数")
    return problems


@dataclass(frozen=True)
class EntryInput:
    """A case as its author writes it (the case editor's fields) and the co-authors' 工号."""
    case: CaseInput
    coauthors: tuple[str, ...] = ()

    def clean(self) -> "EntryInput":
        case = self.case.clean()
        if not case.body.strip():
            raise InvalidInput("正文不能为空：参评案例需要写明基本情况、审计发现、定性依据和处理处罚")
        coauthors = split_names(self.coauthors)
        if len(coauthors) + 1 > MAX_AUTHORS:
            raise InvalidInput(f"一个案例的作者不能超过{MAX_AUTHORS}人")
        return EntryInput(case, coauthors)


@dataclass(frozen=True)
class ReviewInput:
    """A judge's points per criterion id and the comment."""
    points: dict[int, int | None]
    comment: str = ""

    def clean(self, criteria: tuple["CriterionView", ...]) -> "ReviewInput":
        problems = []
        for criterion in criteria:
            value = self.points.get(criterion.id)
            if value is None:
                problems.append(f"请为“{criterion.name}”打分")
            elif not 0 <= value <= criterion.weight:
                problems.append(f"“{criterion.name}”的得分应在 0 到 {criterion.weight} 分之间，"
                                f"不能是 {value} 分")
        unknown = set(self.points) - {c.id for c in criteria}
        if unknown:
            problems.append("评分中有本次评比没有的评分标准")
        comment = (self.comment or "").strip()
        if not comment:
            problems.append("请填写评语")
        elif len(comment) > MAX_COMMENT:
            problems.append(f"评语不能超过{MAX_COMMENT}个字")
        if problems:
            raise InvalidInput("；".join(problems))
        return ReviewInput(dict(self.points), comment)


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    username: str
    department: str = ""


@dataclass(frozen=True)
class CriterionView:
    id: int
    name: str
    weight: int


@dataclass(frozen=True)
class ContestSummary:
    id: int
    title: str
    phase: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    blind: bool
    entry_count: int
    judge_count: int
    published_at: dt.datetime | None = None

    @property
    def phase_name(self) -> str:
        return PHASE_NAMES[self.phase]


@dataclass(frozen=True)
class ContestView:
    summary: ContestSummary
    description: str
    criteria: tuple[CriterionView, ...]
    judges: tuple[Person, ...]
    # What the viewer may do here.
    is_manager: bool = False
    is_judge: bool = False

    @property
    def full_marks(self) -> int:
        return sum(c.weight for c in self.criteria)


@dataclass(frozen=True)
class EntryView:
    id: int
    contest_id: int
    case: CaseInput
    status: str
    submitted_at: dt.datetime
    updated_at: dt.datetime
    # Empty when judging is blind and the viewer is a judge who runs no contest.
    authors: tuple[Person, ...]
    authors_hidden: bool
    award: str = ""
    case_id: int | None = None
    # The viewer is one of the authors.
    is_mine: bool = False

    @property
    def author_names(self) -> str:
        return "、".join(a.name for a in self.authors)


@dataclass(frozen=True)
class ReviewView:
    entry_id: int
    judge: Person
    points: dict[int, int]
    total: int
    comment: str
    scored_at: dt.datetime


@dataclass(frozen=True)
class JudgeTask:
    """One entry on a judge's list: to score, scored (with the total) or recused (own team)."""
    entry_id: int
    title: str
    audit_type: str
    authors: str
    state: str
    total: int | None = None


@dataclass(frozen=True)
class JudgeProgress:
    judge: Person
    done: int
    due: int

    @property
    def is_complete(self) -> bool:
        return self.done >= self.due


@dataclass(frozen=True)
class Standing:
    """One entry in the results: its judges' totals, the score that counts, rank and award."""
    entry_id: int
    title: str
    audit_type: str
    authors: tuple[Person, ...]
    totals: tuple[int, ...]
    score: float | None
    trimmed: bool
    complete: bool
    rank: int | None = None
    award: str = ""
    case_id: int | None = None

    @property
    def author_names(self) -> str:
        return "、".join(a.name for a in self.authors)


@dataclass(frozen=True)
class Results:
    contest: ContestView
    standings: tuple[Standing, ...]
    progress: tuple[JudgeProgress, ...] = field(default=())

    @property
    def is_complete(self) -> bool:
        return all(p.is_complete for p in self.progress)

    @property
    def winners(self) -> tuple[Standing, ...]:
        return tuple(s for s in self.standings if s.award)
