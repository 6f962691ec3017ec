"""Two kinds of case: 审计案例, the bureau's own (an audit, its findings, 定性依据 and
处理处罚), and 裁判案例, court rulings (the corpus's published cases, imported by
`kb.cases.courtcases`).

A case is a 裁判案例 when its type is 司法案例 — the type the court-case import gives and
an editor picks for a ruling entered by hand — so the kind travels with every export and
needs no column of its own.  Lists, search scopes and backlinks show the kind, and the
audit-case scope of the search leaves the rulings out.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, not_

from kb.cases.models import AuditType, Case

COURT_CASE_TYPE = "司法案例"
KIND_AUDIT = "audit"
KIND_COURT = "court"
CASE_KINDS = {KIND_AUDIT: "审计案例", KIND_COURT: "裁判案例"}
KIND_MESSAGE = f"案例类别只能是：{'、'.join(f'{k}（{v}）' for k, v in CASE_KINDS.items())}"


def case_kind(audit_type: str) -> str:
    return KIND_COURT if audit_type == COURT_CASE_TYPE else KIND_AUDIT


def kind_label(audit_type: str) -> str:
    return CASE_KINDS[case_kind(audit_type)]


class CaseKindMixin:
    """`kind` and `kind_label` of a record that carries the case's `audit_type`."""
    audit_type: str

    @property
    def kind(self) -> str:
        """audit (审计案例) or court (裁判案例)."""
        return case_kind(self.audit_type)

    @property
    def kind_label(self) -> str:
        return kind_label(self.audit_type)


def kind_clause(kind: str) -> ColumnElement[bool]:
    """SQL condition: the case (a `Case` row) is of this kind."""
    court = Case.audit_type.has(AuditType.name == COURT_CASE_TYPE)
    return court if kind == KIND_COURT else not_(court)
