"""The published cases as search documents: one per case (title, summary, tags, body),
of kind `case` for the bureau's 审计案例 and `court_case` for 裁判案例 (`kb.cases.kinds`),
so a search scope can hold one kind without the other.

Drafts are not indexed: the search page serves every reader, and a draft is for editors
only.  The case service calls `CaseIndexListener` after every committed save or delete,
so the index follows each change at once.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kb.cases.kinds import KIND_COURT, case_kind
from kb.cases.models import STATUS_PUBLISHED, Case
from kb.rendering import markdown_to_text
from kb.search.documents import DocumentMeta, IndexDocument

CASE_GROUP = "case:"
KIND_CASE = "case"
KIND_COURT_CASE = "court_case"


def case_group(case_id: int) -> str:
    return f"{CASE_GROUP}{case_id}"


class CaseDocuments:
    prefix = CASE_GROUP

    def __init__(self, sessions):
        self.sessions = sessions

    def count(self) -> int:
        with self.sessions() as session:
            return session.scalar(select(func.count(Case.id)).where(
                Case.status == STATUS_PUBLISHED)) or 0

    def groups(self) -> list[str]:
        with self.sessions() as session:
            ids = session.scalars(select(Case.id).where(Case.status == STATUS_PUBLISHED)
                                  .order_by(Case.id)).all()
        return [case_group(i) for i in ids]

    def documents(self, groups: Iterable[str]) -> Iterator[IndexDocument]:
        ids = [int(g[len(CASE_GROUP):]) for g in groups if g.startswith(CASE_GROUP)]
        for start in range(0, len(ids), 200):
            with self.sessions() as session:
                cases = session.scalars(
                    select(Case).where(Case.id.in_(ids[start:start + 200]),
                                       Case.status == STATUS_PUBLISHED)
                    .options(selectinload(Case.tags), selectinload(Case.audit_type))).all()
                docs = [_document(case) for case in cases]
            yield from docs


def _document(case: Case) -> IndexDocument:
    tags = [t.tag for t in case.tags]
    kind = case_kind(case.audit_type.name)
    body = "\n".join(part for part in (case.summary, markdown_to_text(case.body)) if part)
    meta = DocumentMeta(law_title=case.title, short_title=case.audit_type.name,
                        label=case.source or case.audit_type.name,
                        version_date=case.case_date,
                        extra={"case_id": case.id, "uid": case.uid, "case_kind": kind,
                               "audit_type": case.audit_type.name, "tags": tags})
    return IndexDocument(kind=KIND_COURT_CASE if kind == KIND_COURT else KIND_CASE,
                         key=f"case:{case.id}", group=case_group(case.id),
                         title=case.title, body=body,
                         heading=" ".join([case.audit_type.name, *tags]), meta=meta)
