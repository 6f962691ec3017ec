"""Who a round is for: the active 审计人员 of the chosen departments (or of the whole
bureau), and each person's deadline with any extension a trainer granted.

Trainers and admins may take any round to try it, but they are not its audience: they do
not count in participation, rankings or question statistics.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from accounts.user import ROLE_STAFF, User
from core.clock import from_db
from core.actor import Actor
from quizzes.models import Round, RoundExtension


def members_statement(department_ids: tuple[int, ...] | list[int]) -> Select:
    """SELECT User.id of the audience addressed to these departments (empty: everyone)."""
    statement = select(User.id).where(User.is_active.is_(True), User.role == ROLE_STAFF)
    if department_ids:
        statement = statement.where(User.department_id.in_(list(department_ids)))
    return statement


def round_department_ids(round_: Round) -> tuple[int, ...]:
    return () if round_.audience_all else tuple(d.department_id for d in round_.departments)


def audience_user_ids(session: Session, round_: Round) -> list[int]:
    if not round_.audience_all and not round_.departments:
        return []
    return list(session.scalars(members_statement(round_department_ids(round_)).order_by(User.id)))


def audience_size(session: Session, round_: Round) -> int:
    if not round_.audience_all and not round_.departments:
        return 0
    return session.scalar(select(func.count()).select_from(
        members_statement(round_department_ids(round_)).subquery())) or 0


def is_in_audience(session: Session, round_: Round, actor: Actor) -> bool:
    if actor.role != ROLE_STAFF:
        return False
    return round_.audience_all or actor.department_id in round_department_ids(round_)


def user_deadline(session: Session, round_: Round, user_id: int) -> dt.datetime | None:
    """The person's close time: the round's, or a later one granted to them."""
    if round_.closes_at is None:
        return None
    extension = session.scalar(select(RoundExtension.closes_at).where(
        RoundExtension.round_id == round_.id, RoundExtension.user_id == user_id))
    return from_db(max(round_.closes_at, extension) if extension else round_.closes_at)


def final_close(session: Session, round_: Round) -> dt.datetime | None:
    """When the last person's time is up: the round closes (and answers appear) then."""
    if round_.closes_at is None:
        return None
    latest = session.scalar(select(func.max(RoundExtension.closes_at)).where(
        RoundExtension.round_id == round_.id))
    return from_db(max(round_.closes_at, latest) if latest else round_.closes_at)
