"""What the case service takes and returns: plain dataclasses, never ORM rows.

`CaseInput.clean()` is the one place where a case's fields are checked, for the browser,
the API, imports and the sample loader alike.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from kb.cases.kinds import CaseKindMixin
from kb.citations.linker import Citation
from core.errors import InvalidInput
from core.paging import Page

MAX_BODY = 200_000
MAX_TAGS = 20
SECTIONS = ("基本情况", "审计发现", "定性依据", "处理处罚", "整改情况", "启示")
CASE_FIELDS = ("title", "audit_type", "tags", "case_date", "source", "summary", "body", "status")
FIELD_NAMES = {"title": "标题", "audit_type": "审计类型", "tags": "标签", "case_date": "日期",
               "source": "来源", "summary": "摘要", "body": "正文", "status": "状态"}


def case_template() -> str:
    """The Markdown skeleton a new case starts from: the usual sections, empty."""
    return "\n\n".join(f"## {section}\n" for section in SECTIONS)


_TAG_SPLIT = re.compile(r"[，,；;、\s]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CaseInput:
    """The editable fields of a case, as a form or a file gives them."""
    title: str
    audit_type: str
    body: str = ""
    tags: tuple[str, ...] = ()
    case_date: dt.date | None = None
    source: str = ""
    summary: str = ""

    def clean(self) -> "CaseInput":
        """The same input trimmed and checked; InvalidInput names every problem at once."""
        problems = []
        title = _one_line(self.title)
        if not title:
            problems.append("标题不能为空")
        elif len(title) > 200:
            problems.append("标题不能超过200个字")
        body = _CONTROL.sub("", self.body or "").replace("\r\n", "\n").strip("\n")
        if len(body) > MAX_BODY:
            problems.append(f"正文不能超过{MAX_BODY}个字符")
        tags = normalise_tags(self.tags)
        if len(tags) > MAX_TAGS:
            problems.append(f"标签不能超过{MAX_TAGS}个")
        if any(len(t) > 40 for t in tags):
            problems.append("每个标签不能超过40个字")
        source, summary = _one_line(self.source), (self.summary or "").strip()
        if len(source) > 300:
            problems.append("来源不能超过300个字")
        if len(summary) > 500:
            problems.append("摘要不能超过500个字")
        if not _one_line(self.audit_type):
            problems.append("请选择审计类型")
        if problems:
            raise InvalidInput("；".join(problems))
        return replace(self, title=title, body=body, tags=tags, source=source,
                       summary=summary, audit_type=_one_line(self.audit_type))


def normalise_tags(tags) -> tuple[str, ...]:
    """Tags from a list or a comma-separated string: trimmed, without repeats, in order."""
    if isinstance(tags, str):
        tags = _TAG_SPLIT.split(tags)
    seen: list[str] = []
    for tag in tags or ():
        tag = _one_line(str(tag)).lstrip("#")
        if tag and tag not in seen:
            seen.append(tag)
    return tuple(seen)


def _one_line(text: str | None) -> str:
    return " ".join(_CONTROL.sub("", text or "").split())


@dataclass(frozen=True)
class AuditTypeInfo:
    id: int
    name: str
    position: int
    is_active: bool
    case_count: int = 0


@dataclass(frozen=True)
class CaseSummary(CaseKindMixin):
    """A case in a list."""
    id: int
    uid: str
    title: str
    audit_type: str
    tags: tuple[str, ...]
    case_date: dt.date | None
    source: str
    summary: str
    status: str
    revision: int
    updated_at: dt.datetime
    updated_by: str | None

    def to_json(self) -> dict:
        return {"id": self.id, "uid": self.uid, "title": self.title, "kind": self.kind,
                "audit_type": self.audit_type, "tags": list(self.tags),
                "case_date": _iso(self.case_date), "source": self.source,
                "summary": self.summary, "status": self.status, "revision": self.revision,
                "updated_at": _iso(self.updated_at), "updated_by": self.updated_by}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class CaseView(CaseSummary):
    """A whole case; `citations` are the references of its body as last saved."""
    body: str = ""
    created_at: dt.datetime | None = None
    created_by: str | None = None
    published_at: dt.datetime | None = None
    citations: tuple[Citation, ...] = ()

    def as_input(self) -> CaseInput:
        return CaseInput(self.title, self.audit_type, self.body, self.tags, self.case_date,
                         self.source, self.summary)

    @property
    def unresolved(self) -> tuple[Citation, ...]:
        return tuple(c for c in self.citations if not c.resolved)

    def to_json(self) -> dict:
        return {**super().to_json(), "body": self.body, "created_at": _iso(self.created_at),
                "created_by": self.created_by, "published_at": _iso(self.published_at)}


@dataclass(frozen=True)
class RenderedCase:
    """A case ready to show: its fields and its body as safe HTML with citations linked."""
    case: CaseView
    html: str
    citations: tuple[Citation, ...]

    @property
    def unresolved(self) -> tuple[Citation, ...]:
        return tuple(c for c in self.citations if not c.resolved)

    def to_json(self) -> dict:
        return {**self.case.to_json(), "html": self.html,
                "citations": [c.to_json() for c in self.citations]}


@dataclass(frozen=True)
class CasePage(Page[CaseSummary]):
    def to_json(self) -> dict:
        return {"items": [item.to_json() for item in self.items], "total": self.total,
                "page": self.page, "per_page": self.per_page, "pages": self.pages}


@dataclass(frozen=True)
class RevisionInfo:
    number: int
    author: str | None
    created_at: dt.datetime
    changed: tuple[str, ...]
    note: str
    status: str

    @property
    def changed_names(self) -> tuple[str, ...]:
        return tuple(FIELD_NAMES.get(name, name) for name in self.changed)


@dataclass(frozen=True)
class RevisionView(RevisionInfo):
    content: CaseInput = field(default=None)  # type: ignore[assignment]


@dataclass(frozen=True)
class DiffLine:
    """One line of a body diff: kind is ' ' (same), '-' (removed) or '+' (added)."""
    kind: str
    text: str
    old_no: int | None
    new_no: int | None


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class RevisionDiff:
    old_number: int
    new_number: int
    fields: tuple[FieldChange, ...]
    body: tuple[DiffLine, ...]

    @property
    def is_empty(self) -> bool:
        return not self.fields and not any(line.kind != " " for line in self.body)
