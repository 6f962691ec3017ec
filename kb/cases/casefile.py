"""The case file format shared by export, import and the sample cases: Markdown with a
metadata header between two `---` lines.

```
---
uid: 3f2b9c0e5a6d4e1f8a7b6c5d4e3f2a1b
title: 某县教育局化整为零规避公开招标案
audit_type: 政府采购
tags: 化整为零, 公开招标
date: 2023-06-30
source: 某市审计局
summary: 一句话摘要
status: published
---

## 基本情况
…
```

The header is a flat `key: value` list (a subset of YAML front matter, so other tools can
read it); list values are comma-separated.  A header that cannot be read is an error
naming the line, never a guess.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kb.cases.models import CASE_STATUSES, STATUS_PUBLISHED
from kb.cases.values import CaseInput, CaseView, normalise_tags
from core.errors import InvalidInput

FENCE = "---"
REQUIRED = ("uid", "title", "audit_type")
KNOWN = REQUIRED + ("tags", "date", "source", "summary", "status", "revision", "exported_at")


@dataclass(frozen=True)
class CaseFile:
    uid: str
    data: CaseInput
    status: str


def parse_case_file(text: str) -> CaseFile:
    """Read a case file; InvalidInput says what is wrong with the header."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise InvalidInput("文件头缺失：第1行应为“---”")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise InvalidInput("文件头没有结束：缺少第二个“---”") from None
    fields = _header_fields(lines[1:end])
    missing = [key for key in REQUIRED if not fields.get(key)]
    if missing:
        raise InvalidInput(f"文件头缺少必填项：{'、'.join(missing)}")
    status = fields.get("status") or STATUS_PUBLISHED
    if status not in CASE_STATUSES:
        raise InvalidInput(f"文件头中的状态“{status}”无效，应为 draft 或 published")
    body = "\n".join(lines[end + 1:]).strip("\n")
    data = CaseInput(fields["title"], fields["audit_type"], body,
                     normalise_tags(fields.get("tags", "")), _date(fields.get("date")),
                     fields.get("source", ""), fields.get("summary", ""))
    return CaseFile(fields["uid"], data.clean(), status)


def _header_fields(lines: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for number, line in enumerate(lines, start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or not key or " " in key:
            raise InvalidInput(f"文件头第{number}行格式不正确（应为“键: 值”）：{line.strip()[:40]}")
        if key not in KNOWN:
            raise InvalidInput(f"文件头第{number}行有未知的项“{key}”")
        if key in fields:
            raise InvalidInput(f"文件头第{number}行重复给出了“{key}”")
        fields[key] = _unquote(value.strip())
    return fields


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"文件头中的日期“{value}”格式不正确，应为 YYYY-MM-DD") from None


def format_case_file(case: CaseView, exported_at: dt.datetime | None = None) -> str:
    """A case as a file that `parse_case_file` reads back to the same fields."""
    header = [("uid", case.uid), ("title", case.title), ("audit_type", case.audit_type),
              ("tags", ", ".join(case.tags)),
              ("date", case.case_date.isoformat() if case.case_date else ""),
              ("source", case.source), ("summary", " ".join(case.summary.split())),
              ("status", case.status), ("revision", str(case.revision))]
    if exported_at:
        header.append(("exported_at", exported_at.isoformat(timespec="seconds")))
    lines = [FENCE] + [f"{key}: {_quote(value)}" for key, value in header if value] + [FENCE]
    return "\n".join(lines) + "\n\n" + case.body.strip("\n") + "\n"


def _quote(value: str) -> str:
    """Quote values a reader could take for something else (leading quote marks, #)."""
    if value[:1] in "\"'#" or value != value.strip():
        return '"' + value + '"'
    return value
