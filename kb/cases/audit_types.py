"""The editable list of audit types (预算执行, 经济责任, …): editors add, rename, reorder
and retire types; a retired type stays on its cases but is not offered for new ones."""
from __future__ import annotations

from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kb.cases.models import DEFAULT_AUDIT_TYPES, AuditType, Case
from kb.cases.values import AuditTypeInfo
from core.errors import Conflict, InvalidInput, NotFound
from accounts.permissions import require_manager
from core.actor import Actor


def _info(row: AuditType, count: int = 0) -> AuditTypeInfo:
    return AuditTypeInfo(row.id, row.name, row.position, row.is_active, count)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("审计类型名称不能为空")
    if len(name) > 40:
        raise InvalidInput("审计类型名称不能超过40个字")
    return name


def audit_type_named(session: Session, name: str, *, for_new: bool) -> AuditType:
    """The type with this name; a retired one only for a case that already has it."""
    row = session.scalars(select(AuditType).where(AuditType.name == name)).first()
    if row is None:
        raise InvalidInput(f"没有名为“{name}”的审计类型，请先在审计类型列表中添加")
    if for_new and not row.is_active:
        raise InvalidInput(f"审计类型“{name}”已停用，请选择其他类型")
    return row


class AuditTypeService:
    """Takes a session factory."""

    def __init__(self, sessions):
        self.sessions = sessions
        # recorder(session, event, case_id) inside the transaction of a change that alters
        # cases' search documents (the search change feed, wired in open_services).
        self.recorders: list[Callable[[Session, str, int], None]] = []

    def list_types(self, include_inactive: bool = False) -> list[AuditTypeInfo]:
        with self.sessions() as session:
            counts = dict(session.execute(select(Case.audit_type_id, func.count(Case.id))
                                          .group_by(Case.audit_type_id)).all())
            query = select(AuditType).order_by(AuditType.position, AuditType.id)
            if not include_inactive:
                query = query.where(AuditType.is_active.is_(True))
            return [_info(row, counts.get(row.id, 0)) for row in session.scalars(query)]

    def ensure_defaults(self) -> None:
        """Create the default types in an empty list (the migration does it for new databases)."""
        with self.sessions() as session, session.begin():
            if session.scalar(select(func.count(AuditType.id))):
                return
            session.add_all(AuditType(name=name, position=i)
                            for i, name in enumerate(DEFAULT_AUDIT_TYPES))

    def add_type(self, actor: Actor, name: str) -> AuditTypeInfo:
        require_manager(actor, "维护审计类型")
        name = _clean_name(name)
        with self.sessions() as session, session.begin():
            if session.scalars(select(AuditType).where(AuditType.name == name)).first():
                raise Conflict(f"审计类型“{name}”已存在")
            last = session.scalar(select(func.max(AuditType.position))) or 0
            row = AuditType(name=name, position=last + 1, is_active=True)
            session.add(row)
            session.flush()
            return _info(row)

    def rename_type(self, actor: Actor, type_id: int, name: str) -> AuditTypeInfo:
        require_manager(actor, "维护审计类型")
        name = _clean_name(name)
        with self.sessions() as session, session.begin():
            row = self._get(session, type_id)
            clash = session.scalars(select(AuditType).where(AuditType.name == name,
                                                            AuditType.id != type_id)).first()
            if clash:
                raise Conflict(f"审计类型“{name}”已存在")
            row.name = name
            # The cases' search documents carry the type's name (and a case's kind follows
            # from it): each case is recorded for re-indexing in this transaction.
            for case_id in session.scalars(select(Case.id).where(Case.audit_type_id == row.id)):
                for recorder in self.recorders:
                    recorder(session, "saved", case_id)
            return _info(row)

    def set_active(self, actor: Actor, type_id: int, active: bool) -> AuditTypeInfo:
        require_manager(actor, "维护审计类型")
        with self.sessions() as session, session.begin():
            row = self._get(session, type_id)
            row.is_active = active
            return _info(row)

    def reorder(self, actor: Actor, type_ids: list[int]) -> list[AuditTypeInfo]:
        """Put the types in the given order; types not named keep their place after them."""
        require_manager(actor, "维护审计类型")
        with self.sessions() as session, session.begin():
            rows = {row.id: row for row in session.scalars(select(AuditType))}
            unknown = [i for i in type_ids if i not in rows]
            if unknown:
                raise NotFound(f"没有编号为 {unknown[0]} 的审计类型")
            rest = sorted((r for i, r in rows.items() if i not in type_ids),
                          key=lambda r: (r.position, r.id))
            for position, row in enumerate([rows[i] for i in type_ids] + rest):
                row.position = position
        return self.list_types(include_inactive=True)

    @staticmethod
    def _get(session: Session, type_id: int) -> AuditType:
        row = session.get(AuditType, type_id)
        if row is None:
            raise NotFound(f"没有编号为 {type_id} 的审计类型")
        return row
