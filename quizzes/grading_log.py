"""Grading (阅卷) in the audit log: the one call the grading service makes for every grade it
saves and every re-grade (复核) it settles, so who gave which answer how many points, and
who changed them later, is on record beside the other quiz administration.

The call writes inside the caller's transaction (accounts.security_log.add_event), so the
grade and its record commit together or not at all."""
from __future__ import annotations

from sqlalchemy.orm import Session

from accounts.security_log import add_event
from core.actor import Actor
from core.clock import Clock


def record_grade(session: Session, clock: Clock, actor: Actor, *, attempt_id: int, question_id: int,
                 points: float, max_points: float, part_id: str | None = None,
                 previous: float | None = None, regrade: bool = False, reason: str = "") -> None:
    """Append 阅卷评分 (or, with `regrade`, 复核改分) for one answer or one case part.

    `previous` is the points the answer had before (a second marking or a re-grade);
    `reason` the staff member's re-grade request or the grader's note on the outcome."""
    target = f"答卷 #{attempt_id} 试题 #{question_id}" + (f" 小题 {part_id}" if part_id else "")
    detail = f"{points:g}/{max_points:g} 分"
    if previous is not None:
        detail += f"（原 {previous:g} 分）"
    if reason:
        detail += f"；{reason}"
    add_event(session, clock, actor, "answer_regraded" if regrade else "answer_graded", target, detail)
