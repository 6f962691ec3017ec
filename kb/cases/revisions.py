"""Revisions of a case: snapshots, what changed between two of them, and a line diff
of the body (the body is long Markdown; the other fields are shown old → new)."""
from __future__ import annotations

import difflib

from kb.cases.models import Case, CaseRevision
from kb.cases.values import (FIELD_NAMES, CASE_FIELDS, DiffLine, FieldChange, RevisionDiff)

CONTEXT_LINES = 3


def snapshot(case: Case) -> dict:
    """The revisable fields of a case row, as stored in a revision."""
    return {"title": case.title, "audit_type": case.audit_type.name,
            "tags": [t.tag for t in case.tags], "case_date": case.case_date,
            "source": case.source, "summary": case.summary, "body": case.body,
            "status": case.status}


def revision_fields(revision: CaseRevision) -> dict:
    return {name: getattr(revision, name) for name in CASE_FIELDS}


def changed_fields(old: dict | None, new: dict) -> list[str]:
    if old is None:
        return list(CASE_FIELDS)
    return [name for name in CASE_FIELDS if old.get(name) != new.get(name)]


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(value)
    return str(value)


def diff(old_number: int, old: dict, new_number: int, new: dict) -> RevisionDiff:
    fields = tuple(FieldChange(name, FIELD_NAMES[name], _shown(old[name]), _shown(new[name]))
                   for name in CASE_FIELDS if name != "body" and old[name] != new[name])
    return RevisionDiff(old_number, new_number, fields, tuple(body_diff(old["body"], new["body"])))


def body_diff(old: str, new: str) -> list[DiffLine]:
    """Changed lines with a few lines of context; a '@' line separates distant hunks."""
    a, b = old.split("\n"), new.split("\n")
    lines: list[DiffLine] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(CONTEXT_LINES):
        if lines:
            lines.append(DiffLine("@", "…", None, None))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(DiffLine(" ", a[i], i + 1, j1 + i - i1 + 1) for i in range(i1, i2))
                continue
            if tag in ("replace", "delete"):
                lines.extend(DiffLine("-", a[i], i + 1, None) for i in range(i1, i2))
            if tag in ("replace", "insert"):
                lines.extend(DiffLine("+", b[j], None, j + 1) for j in range(j1, j2))
    return lines
