"""What a trainer (or the schedule) asks for when setting up a round, validated.

Round states: draft (being set up, invisible to staff) → scheduled (published, opens
later) → open → closed; cancelled from any state before closed.  Times are aware
datetimes here and naive UTC in the database.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from core.clock import LOCAL_TZ
from core.errors import InvalidInput
from quizzes.composition import CompositionPolicy
from quizzes.scoring import ScoringRules

DRAFT, SCHEDULED, OPEN, CLOSED, CANCELLED = "draft", "scheduled", "open", "closed", "cancelled"
STATUSES = (DRAFT, SCHEDULED, OPEN, CLOSED, CANCELLED)
STATUS_NAMES = {DRAFT: "草稿", SCHEDULED: "未开始", OPEN: "进行中", CLOSED: "已结束",
                CANCELLED: "已取消"}
TRAINING, SELF_PRACTICE = "training", "self"
MAX_QUESTIONS = 200
MAX_TIME_LIMIT = 24 * 60
MAX_ATTEMPTS = 10
MAX_ID = 2 ** 31 - 1
MAX_DESCRIPTION = 5000
# 练兵比武: everyone starts within this many minutes of the opening, unless the trainer says otherwise.
DEFAULT_START_WINDOW = 15
# 申请复核: within this many days after the results are final (a round setting; 0: none).
DEFAULT_REGRADE_DAYS = 3
MAX_REGRADE_DAYS = 30


@dataclass(frozen=True)
class RoundSpec:
    title: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    description: str = ""
    # Empty: everyone.
    department_ids: tuple[int, ...] = ()
    time_limit_minutes: int | None = None
    attempts_allowed: int = 1
    practice_mode: bool = False
    # Written answers may be graded (阅卷) before the close.
    grade_while_open: bool = False
    # 双评: two graders per written answer, a third when they differ by more than this many
    # points (None: one grader).  申请复核 within regrade_days of the results being final.
    double_marking_threshold: float | None = None
    regrade_days: int = DEFAULT_REGRADE_DAYS
    scoring: ScoringRules = field(default_factory=ScoringRules)
    # Picked by a trainer, in this order …
    question_ids: tuple[int, ...] = ()
    # … or composed by a policy (then question_ids must be empty).
    policy: CompositionPolicy | None = None
    # 练兵比武: one timed attempt each, started within start_window_minutes of the opening.
    competition: bool = False
    start_window_minutes: int | None = None

    def __post_init__(self):
        if not self.title.strip() or len(self.title) > 200:
            raise InvalidInput("轮次标题不能为空，且不超过 200 字")
        if len(self.description) > MAX_DESCRIPTION:
            raise InvalidInput(f"轮次说明不超过 {MAX_DESCRIPTION} 字")
        for value, label in ((self.opens_at, "开始时间"), (self.closes_at, "截止时间")):
            if not isinstance(value, dt.datetime) or value.tzinfo is None:
                raise InvalidInput(f"{label}应为带时区的时间")
        if self.closes_at <= self.opens_at:
            raise InvalidInput("截止时间必须晚于开始时间")
        limit = self.time_limit_minutes
        if limit is not None and (not isinstance(limit, int) or not 1 <= limit <= MAX_TIME_LIMIT):
            raise InvalidInput(f"答题限时应为 1 至 {MAX_TIME_LIMIT} 分钟")
        if not isinstance(self.attempts_allowed, int) or not 1 <= self.attempts_allowed <= MAX_ATTEMPTS:
            raise InvalidInput(f"可作答次数应为 1 至 {MAX_ATTEMPTS} 次")
        if self.question_ids and self.policy:
            raise InvalidInput("试题要么由培训管理员挑选，要么按组卷策略生成，不能同时指定")
        if len(self.question_ids) != len(set(self.question_ids)) or len(self.question_ids) > MAX_QUESTIONS:
            raise InvalidInput(f"试题不能重复，且不超过 {MAX_QUESTIONS} 道")
        self._check_competition()
        self._check_grading()

    def _check_grading(self) -> None:
        threshold = self.double_marking_threshold
        if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float))
                                      or not 0 <= threshold <= 1000):
            raise InvalidInput("双评分差阈值应为 0 至 1000 分")
        days = self.regrade_days
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_REGRADE_DAYS:
            raise InvalidInput(f"申请复核期限应为 0 至 {MAX_REGRADE_DAYS} 天（0 为不接受复核申请）")

    def _check_competition(self) -> None:
        window = self.start_window_minutes
        if not self.competition:
            if window is not None:
                raise InvalidInput("入场时限只用于练兵比武")
            return
        if self.time_limit_minutes is None:
            raise InvalidInput("练兵比武须设答题限时：大家在同一时段、用同样的时间作答")
        if self.practice_mode or self.attempts_allowed != 1:
            raise InvalidInput("练兵比武每人只能作答一次，且不能是练习模式")
        if not isinstance(window, int) or not 1 <= window <= MAX_TIME_LIMIT:
            raise InvalidInput(f"入场时限应为 1 至 {MAX_TIME_LIMIT} 分钟")
        if self.opens_at + dt.timedelta(minutes=window) > self.closes_at:
            raise InvalidInput("入场时限超出了轮次的截止时间")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "RoundSpec":
        """From an API body / form: ISO 8601 times (without an offset: Asia/Shanghai)."""
        if not isinstance(data, Mapping):
            raise InvalidInput("轮次数据格式不正确")
        policy = data.get("policy")
        attempts = _optional_int(data.get("attempts_allowed"), "可作答次数")
        competition = _flag(data.get("competition"), "练兵比武")
        window = _optional_int(data.get("start_window_minutes"), "入场时限")
        regrade_days = _optional_int(data.get("regrade_days"), "申请复核期限")
        return cls(title=_text(data.get("title"), "轮次标题"),
                   opens_at=parse_time(data.get("opens_at"), "开始时间"),
                   closes_at=parse_time(data.get("closes_at"), "截止时间"),
                   description=_text(data.get("description"), "轮次说明"),
                   department_ids=_ids(data.get("department_ids"), "科室"),
                   time_limit_minutes=_optional_int(data.get("time_limit_minutes"), "答题限时"),
                   attempts_allowed=1 if attempts is None else attempts,
                   practice_mode=_flag(data.get("practice_mode"), "练习模式"),
                   grade_while_open=_flag(data.get("grade_while_open"), "作答期间阅卷"),
                   double_marking_threshold=_optional_number(data.get("double_marking_threshold"), "双评分差阈值"),
                   regrade_days=DEFAULT_REGRADE_DAYS if regrade_days is None else regrade_days,
                   scoring=ScoringRules.from_json(data.get("scoring")),
                   question_ids=_ids(data.get("question_ids"), "试题"),
                   policy=CompositionPolicy.from_json(policy) if policy is not None else None,
                   competition=competition,
                   start_window_minutes=DEFAULT_START_WINDOW if competition and window is None else window)


def parse_time(value: Any, label: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        parsed = value
    elif not isinstance(value, str):
        raise InvalidInput(f"{label}应为 2025-03-03T09:00 格式的文字")
    else:
        try:
            parsed = dt.datetime.fromisoformat(str(value or "").strip())
        except ValueError:
            raise InvalidInput(f"{label}格式不正确：“{value}”，应为 2025-03-03T09:00") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_TZ)


def _text(value: Any, label: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{label}应为文字")
    return value


def _flag(value: Any, label: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InvalidInput(f"{label}应为 true 或 false")
    return value


def _optional_number(value: Any, label: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise InvalidInput(f"{label}应为数字")
    return float(value)


def _optional_int(value: Any, label: str) -> int | None:
    """An integer as JSON gives it (not "12", not 12.5, not true), within a database id's range."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not -MAX_ID <= value <= MAX_ID:
        raise InvalidInput(f"{label}应为整数")
    return value


def _ids(value: Any, label: str) -> tuple[int, ...]:
    if value is None or value == "":
        return ()
    if not isinstance(value, (list, tuple)):
        raise InvalidInput(f"{label}编号应为列表")
    ids = []
    for item in value:
        number = _optional_int(item, f"{label}编号")
        if number is None or number <= 0:
            raise InvalidInput(f"{label}编号应为正整数")
        ids.append(number)
    return tuple(ids)
