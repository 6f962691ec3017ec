"""The round composer's form ⇄ the round data the domain validates (RoundSpec.from_json).

Times are <input type="datetime-local"> values, read as Beijing time; the audience is
everyone or the departments ticked; the paper is picked by hand afterwards (a draft's
page adds questions from the bank), composed by a policy now, or — when editing — left
as it is.  Checking the values is the domain's job; this only reads them.
"""
from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from werkzeug.datastructures import MultiDict

from core.errors import InvalidInput
from quizzes.composition import CompositionPolicy
from quizzes.content import PART_TYPES
from quizzes.round_spec import RoundSpec
from quizzes.rounds import RoundDetail
from quizzes.scoring import DEFAULT_POINTS
from webapp.quiz.ui import local_input

PICK, POLICY, KEEP = "pick", "policy", "keep"


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) < 10]


def _number(form: MultiDict, name: str, label: str, cast=int) -> Any:
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    try:
        return cast(raw)
    except ValueError:
        raise InvalidInput(f"{label}应为数字：“{raw[:20]}”") from None


def policy_from_form(form: MultiDict) -> CompositionPolicy:
    seed = _number(form, "policy_seed", "组卷随机数")
    count = _number(form, "policy_count", "组卷题量")
    min_case = _number(form, "policy_min_case", "案例分析题数量")
    return CompositionPolicy(count=20 if count is None else count, min_case=min_case or 0,
                             statute_ids=tuple(_ints(form.getlist("policy_statutes"))),
                             tags=tuple(form.getlist("policy_tags"))[:20],
                             seed=seed if seed is not None else secrets.randbelow(2 ** 31))


def round_data(form: MultiDict) -> dict:
    """The form as RoundSpec.from_json data (without the paper)."""
    departments = _ints(form.getlist("department_ids")) if form.get("audience") == "departments" else []
    if form.get("audience") == "departments" and not departments:
        raise InvalidInput("请勾选参加的科室，或选择“全体审计人员”")
    points = {qtype: _number(form, f"points_{qtype}", "分值", float) for qtype in PART_TYPES}
    return {"title": form.get("title", ""), "description": form.get("description", ""),
            "opens_at": form.get("opens_at"), "closes_at": form.get("closes_at"),
            "department_ids": departments,
            "time_limit_minutes": _number(form, "time_limit_minutes", "答题限时"),
            "attempts_allowed": _number(form, "attempts_allowed", "可作答次数"),
            "practice_mode": form.get("practice_mode") == "1",
            "scoring": {"points": {k: v for k, v in points.items() if v is not None},
                        "multiple_rule": form.get("multiple_rule") or "standard"}}


def round_spec(form: MultiDict, question_ids: tuple[int, ...] = ()) -> RoundSpec:
    data = round_data(form)
    policy = policy_from_form(form) if form.get("source") == POLICY else None
    return RoundSpec.from_json({**data, "question_ids": [] if policy else list(question_ids),
                                "policy": policy.to_json() if policy else None})


def new_round_values(now: dt.datetime) -> MultiDict:
    """A new round's defaults: opens at the next full hour, stays open a week."""
    opens = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    values = MultiDict({"opens_at": local_input(opens), "closes_at": local_input(opens + dt.timedelta(days=7)),
                        "attempts_allowed": "1", "audience": "all", "source": POLICY,
                        "policy_count": "20", "policy_min_case": "1", "multiple_rule": "standard"})
    for qtype, points in DEFAULT_POINTS.items():
        values[f"points_{qtype}"] = f"{points:g}"
    return values


def round_values(detail: RoundDetail) -> MultiDict:
    """A stored round as the form's values (to edit its settings)."""
    summary = detail.summary
    values = MultiDict({
        "title": summary.title, "description": detail.description,
        "opens_at": local_input(summary.opens_at), "closes_at": local_input(summary.closes_at),
        "time_limit_minutes": str(summary.time_limit_minutes or ""),
        "attempts_allowed": str(summary.attempts_allowed), "practice_mode": "1" if summary.practice_mode else "",
        "audience": "all" if summary.audience_all else "departments", "source": KEEP,
        "multiple_rule": detail.scoring.get("multiple_rule", "standard"),
        "policy_count": str(len(detail.questions) or 20), "policy_min_case": "1"})
    values.setlist("department_ids", [str(d) for d in summary.department_ids])
    for qtype, points in {**DEFAULT_POINTS, **detail.scoring.get("points", {})}.items():
        values[f"points_{qtype}"] = f"{points:g}"
    return values
