"""The round composer's form (WTForms) ⇄ the round data the domain validates
(RoundSpec.from_json).

Times are <input type="datetime-local"> values, read as Beijing time; the audience is
everyone or the departments ticked; the paper is picked by hand afterwards (a draft's
page adds questions from the bank), composed by a policy now, or — when editing — left
as it is.  Checking the values is the domain's job; the form only reads them (a number
must be a number; departments ticked when the audience is departments).
"""
from __future__ import annotations

import datetime as dt
import secrets

from wtforms import (BooleanField, HiddenField, RadioField, SelectChoice, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import ValidationError

from quizzes.composition import CompositionPolicy
from quizzes.content import PART_TYPES
from quizzes.round_spec import DEFAULT_REGRADE_DAYS, RoundSpec
from quizzes.rounds import RoundDetail
from quizzes.scoring import DEFAULT_POINTS
from webapp.common.forms import Form
from webapp.quiz.forms import CheckboxesField
from webapp.quiz.ui import local_input

PICK, POLICY, KEEP = "pick", "policy", "keep"
MULTIPLE_RULES = [SelectChoice(code) for code in ("standard", "strict", "proportional")]


class NumberField(StringField):
    """A number typed into a box: empty is None; anything else must read as `cast`, else
    the error names what was typed ("答题限时应为数字：“abc”")."""

    def __init__(self, label: str, cast=int, **kwargs):
        super().__init__(label, **kwargs)
        self.cast = cast

    def process_formdata(self, valuelist) -> None:
        raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if raw:
            try:
                self.data = self.cast(raw)
            except ValueError:
                raise ValueError(f"{self.label.text}应为数字：“{raw[:20]}”") from None

    def _value(self) -> str:
        if self.data is None:
            return self.raw_data[0] if self.raw_data else ""
        return f"{self.data:g}" if isinstance(self.data, float) else str(self.data)


class IdsField(CheckboxesField):
    """Ticked ids; anything that is not one is dropped (as a stale or forged box would be)."""

    def __init__(self, label: str = "", **kwargs):
        super().__init__(label, coerce=int, choices=[], default=list, **kwargs)

    def process_formdata(self, valuelist) -> None:
        self.data = [int(v) for v in valuelist if v.isascii() and v.isdigit() and len(v) < 10]


class RoundForm(Form):
    title = StringField("标题")
    description = TextAreaField("说明")
    opens_at = StringField("开始时间")
    closes_at = StringField("截止时间")
    time_limit_minutes = NumberField("答题限时")
    attempts_allowed = NumberField("可作答次数")
    practice_mode = BooleanField("练习模式")
    competition = BooleanField("练兵比武")
    start_window_minutes = NumberField("入场时限")
    grade_while_open = BooleanField("作答期间阅卷")
    double_marking_threshold = NumberField("双评分差阈值", float)
    regrade_days = NumberField("申请复核期限")
    audience = RadioField("参加范围", choices=[SelectChoice("all", "全体审计人员"), SelectChoice("departments", "指定科室")],
                          default="all", validate_choice=False)
    department_ids = IdsField("科室")
    multiple_rule = SelectField("多选题计分", choices=MULTIPLE_RULES, default="standard",
                                validate_choice=False)
    source = RadioField("试题", choices=[SelectChoice(code) for code in (KEEP, POLICY, PICK)], validate_choice=False)
    policy_seed = NumberField("组卷随机数")
    policy_count = NumberField("组卷题量")
    policy_min_case = NumberField("案例分析题数量")
    policy_statutes = IdsField("法规")
    policy_tags = CheckboxesField("专题", choices=[], default=list)
    action = HiddenField()

    def validate_department_ids(self, field) -> None:
        if self.audience.data == "departments" and not field.data:
            raise ValidationError("请勾选参加的科室，或选择“全体审计人员”")

    @property
    def is_policy(self) -> bool:
        return self.source.data == POLICY

    @property
    def is_preview(self) -> bool:
        return self.action.data == "preview" and self.is_policy

    def points(self) -> dict:
        points = {qtype: self[f"points_{qtype}"].data for qtype in PART_TYPES}
        return {qtype: value for qtype, value in points.items() if value is not None}

    def policy(self) -> CompositionPolicy:
        """The composition policy.  A new seed is kept in the form, so the page showing a
        preview sends it back and saving picks the previewed paper."""
        if self.policy_seed.data is None:
            self.policy_seed.data = secrets.randbelow(2 ** 31)
        count = self.policy_count.data
        return CompositionPolicy(count=20 if count is None else count, min_case=self.policy_min_case.data or 0,
                                 statute_ids=tuple(self.policy_statutes.data or ()),
                                 tags=tuple(self.policy_tags.data or ())[:20], seed=self.policy_seed.data)

    def department_key(self) -> tuple[int, ...]:
        return tuple(self.department_ids.data) if self.audience.data == "departments" else ()

    def round_data(self) -> dict:
        """The form as RoundSpec.from_json data (without the paper)."""
        return {"title": self.title.data or "", "description": self.description.data or "",
                "opens_at": self.opens_at.data, "closes_at": self.closes_at.data,
                "department_ids": list(self.department_key()),
                "time_limit_minutes": self.time_limit_minutes.data,
                "attempts_allowed": self.attempts_allowed.data,
                "practice_mode": bool(self.practice_mode.data),
                "competition": bool(self.competition.data),
                "start_window_minutes": self.start_window_minutes.data if self.competition.data else None,
                "grade_while_open": bool(self.grade_while_open.data),
                "double_marking_threshold": self.double_marking_threshold.data,
                "regrade_days": self.regrade_days.data,
                "scoring": {"points": self.points(), "multiple_rule": self.multiple_rule.data or "standard"}}

    def spec(self, question_ids: tuple[int, ...] = ()) -> RoundSpec:
        policy = self.policy() if self.is_policy else None
        return RoundSpec.from_json({**self.round_data(), "question_ids": [] if policy else list(question_ids),
                                    "policy": policy.to_json() if policy else None})


for _qtype in PART_TYPES:                      # points_single … points_fill
    setattr(RoundForm, f"points_{_qtype}", NumberField("分值", float))


def new_round_data(now: dt.datetime) -> dict:
    """A new round's defaults: opens at the next full hour, stays open a week."""
    opens = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    return {"opens_at": local_input(opens), "closes_at": local_input(opens + dt.timedelta(days=7)),
            "attempts_allowed": 1, "audience": "all", "source": POLICY, "policy_count": 20,
            "policy_min_case": 1, "multiple_rule": "standard", "regrade_days": DEFAULT_REGRADE_DAYS,
            **{f"points_{qtype}": float(points) for qtype, points in DEFAULT_POINTS.items()}}


def round_data_of(detail: RoundDetail) -> dict:
    """A stored round as the form's data (to edit its settings)."""
    summary = detail.summary
    points = {**DEFAULT_POINTS, **detail.scoring.get("points", {})}
    return {"title": summary.title, "description": detail.description,
            "opens_at": local_input(summary.opens_at), "closes_at": local_input(summary.closes_at),
            "time_limit_minutes": summary.time_limit_minutes or None,
            "attempts_allowed": summary.attempts_allowed, "practice_mode": summary.practice_mode,
            "competition": summary.competition, "start_window_minutes": summary.start_window_minutes,
            "grade_while_open": summary.grade_while_open,
            "double_marking_threshold": summary.double_marking_threshold, "regrade_days": summary.regrade_days,
            "audience": "all" if summary.audience_all else "departments", "source": KEEP,
            "department_ids": list(summary.department_ids),
            "multiple_rule": detail.scoring.get("multiple_rule", "standard"),
            "policy_count": len(detail.questions) or 20, "policy_min_case": 1,
            **{f"points_{qtype}": float(value) for qtype, value in points.items()}}
