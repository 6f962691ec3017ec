"""Departments (科室): listing, creating, renaming and deleting them, each change logged.

Deleting a department leaves its users without one (the foreign key is SET NULL); the
quiz layer addresses rounds to departments and must cope with users who have none.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.user import Department, User
from core.clock import Clock
from core.errors import Conflict, InvalidInput, NotFound
from core.actor import Actor
from accounts.security_log import add_event

MAX_NAME = 100


@dataclass(frozen=True)
class DepartmentInfo:
    id: int
    name: str
    user_count: int


def clean_name(text: str, what: str, limit: int = MAX_NAME) -> str:
    """A one-line name: inner whitespace collapsed, not empty, not too long."""
    text = " ".join(text.split())
    if not text:
        raise InvalidInput(f"{what}不能为空")
    if len(text) > limit:
        raise InvalidInput(f"{what}不超过 {limit} 个字")
    return text


def clean_department_name(name: str) -> str:
    return clean_name(name, "科室名称")


def department_named(session: Session, name: str) -> Department | None:
    return session.scalars(select(Department).where(Department.name == name)).first()


class DepartmentAdmin:
    def __init__(self, sessions, clock: Clock):
        self.sessions = sessions
        self.clock = clock

    def list(self) -> list[DepartmentInfo]:
        with self.sessions() as session:
            rows = session.execute(
                select(Department.id, Department.name, func.count(User.id))
                .outerjoin(User, User.department_id == Department.id)
                .group_by(Department.id).order_by(Department.name)).all()
        return [DepartmentInfo(*row) for row in rows]

    def get(self, department_id: int) -> DepartmentInfo:
        for info in self.list():
            if info.id == department_id:
                return info
        raise NotFound("科室不存在")

    def create(self, actor: Actor, name: str) -> DepartmentInfo:
        name = clean_department_name(name)
        with self.sessions() as session, session.begin():
            if department_named(session, name):
                raise Conflict(f"科室“{name}”已存在")
            department = Department(name=name)
            session.add(department)
            add_event(session, self.clock, actor, "department_created", name)
            session.flush()
            return DepartmentInfo(department.id, name, 0)

    def rename(self, actor: Actor, department_id: int, name: str) -> None:
        name = clean_department_name(name)
        with self.sessions() as session, session.begin():
            department = self._load(session, department_id)
            other = department_named(session, name)
            if other is not None and other.id != department_id:
                raise Conflict(f"科室“{name}”已存在")
            add_event(session, self.clock, actor, "department_renamed", name,
                      f"原名称：{department.name}")
            department.name = name

    def delete(self, actor: Actor, department_id: int) -> None:
        with self.sessions() as session, session.begin():
            department = self._load(session, department_id)
            members = session.scalar(select(func.count(User.id))
                                     .where(User.department_id == department_id)) or 0
            add_event(session, self.clock, actor, "department_deleted", department.name,
                      f"原有用户 {members} 名，已改为未分配科室")
            for user in session.scalars(select(User).where(User.department_id == department_id)):
                user.department_id = None
            session.delete(department)

    @staticmethod
    def _load(session: Session, department_id: int) -> Department:
        department = session.get(Department, department_id)
        if department is None:
            raise NotFound("科室不存在")
        return department
