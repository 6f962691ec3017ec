"""Fidelity check: is every character of every source document stored, exactly once?

The source side is computed from the raw file, not from the parser: the body after the
header marker with Markdown heading marks removed (plus a code's part titles), and the
header lines.  The stored side is the concatenation of the version's units in order.
Whitespace and zero-width marks are not text (see `laws.parser.significant_chars`); any
other difference is reported as loss, with the source line where the two part ways.
Article numbering is reported too: duplicates, and gaps the statute itself has.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from core.db import Database
from kb.models import KIND_ARTICLE, SourceFile, StatuteVersion, Unit
from laws.header import starts_with_date
from laws.corpus import decode_source, display_path, find_sources, is_part_file
from laws.parser import INFO_END, significant_chars

_HEADING_MARK = re.compile(r"^\s*#+", re.MULTILINE)


@dataclass
class DocumentCheck:
    path: str
    problem: str | None = None      # loss or missing: makes the check fail
    note: str | None = None         # skipped files without text, etc.
    gaps: list[tuple[int, int]] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)


@dataclass
class FidelityReport:
    checks: list[DocumentCheck] = field(default_factory=list)

    @property
    def failures(self) -> list[DocumentCheck]:
        return [c for c in self.checks if c.problem]

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class _Source:
    path: str
    header: list[str]
    parts: str
    body: str
    body_lines: list[str]
    body_start: int


def split_raw(text: str, path: str) -> _Source:
    """Header, part titles and body of a raw document, independent of the parser."""
    lines = text.lstrip("\ufeff").split("\n")
    marker = next((i for i, line in enumerate(lines) if line.strip() == INFO_END), None)
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    head_end = marker
    if marker is None:
        # Without the marker the header is the dated lines under the title (as the parser reads it).
        head_end = first + 1
        while head_end < len(lines) and (not lines[head_end].strip() or starts_with_date(lines[head_end])):
            head_end += 1
    head = lines[first + 1:head_end] if lines[first].lstrip().startswith("# ") else lines[first:head_end]
    parts = [line for line in head if line.lstrip().startswith("# ")]
    header = [line for line in head if not line.lstrip().startswith("# ")]
    body_start = (marker + 1) if marker is not None else head_end
    body_lines = lines[body_start:]
    return _Source(path, header, "".join(p.lstrip()[2:] for p in parts),
                   "\n".join(body_lines), body_lines, body_start)


def _divergence(source: _Source, stored: str) -> int:
    """The source line at which the stored text stops matching."""
    consumed = 0
    for offset, line in enumerate(source.body_lines):
        chars = significant_chars(_HEADING_MARK.sub("", line))
        if stored[consumed:consumed + len(chars)] != chars:
            return source.body_start + offset + 1
        consumed += len(chars)
    return source.body_start + len(source.body_lines)


def _stored_text(units: list[Unit]) -> str:
    return "".join(significant_chars((u.label if u.kind == KIND_ARTICLE else "") + u.text)
                   for u in units)


def _numbering(units: list[Unit]) -> tuple[list[tuple[int, int]], list[int]]:
    numbers = [u.article_no for u in units if u.kind == KIND_ARTICLE and not u.article_suffix]
    gaps, duplicates, seen = [], [], set()
    for previous, current in zip(numbers, numbers[1:]):
        if current > previous + 1:
            gaps.append((previous + 1, current - 1))
    for number in numbers:
        if number in seen:
            duplicates.append(number)
        seen.add(number)
    if numbers and numbers[0] > 1:
        gaps.insert(0, (1, numbers[0] - 1))
    return gaps, duplicates


class FidelityChecker:
    def __init__(self, db: Database, progress=None):
        self.db = db
        self.progress = progress or (lambda done, total, name: None)

    def check_path(self, path: Path) -> FidelityReport:
        files = find_sources(path)
        report = FidelityReport()
        checked_versions: dict[int, DocumentCheck] = {}
        with self.db.session() as session:
            where = dict(session.execute(select(SourceFile.path, SourceFile.version_id)).all())
            for done, file in enumerate(files, 1):
                shown = display_path(file)
                self.progress(done, len(files), shown)
                report.checks.append(self._check_file(session, file, shown, where, checked_versions))
        return report

    def _check_file(self, session, file: Path, shown: str, where: dict,
                    checked_versions: dict) -> DocumentCheck:
        data = file.read_bytes()
        text, warnings = decode_source(data, shown)
        if text is None:
            has_text = bool(data.strip()) and b"\x00" not in data[:8192]
            return DocumentCheck(shown, problem="未导入：" + warnings[0].message if has_text else None,
                                 note=warnings[0].message)
        version_id = where.get(shown)
        if version_id is None:
            return DocumentCheck(shown, problem="未导入：数据库中没有这个文件的版本")
        version = session.get(StatuteVersion, version_id)
        units = session.scalars(select(Unit).where(Unit.version_id == version_id)
                                .order_by(Unit.seq)).all()
        check = DocumentCheck(shown)
        check.gaps, check.duplicates = _numbering(units)
        source = split_raw(text, shown)
        stored = _stored_text(units)
        if is_part_file(data):
            # A code's part: its part title and body must appear, in order, in the stored text.
            expected = significant_chars(source.parts + _HEADING_MARK.sub("", source.body))
            if expected not in stored:
                check.problem = "正文与入库内容不一致（分编文件）"
        else:
            expected = significant_chars(_HEADING_MARK.sub("", source.body))
            if expected != stored:
                check.problem = f"正文与入库内容不一致，自第 {_divergence(source, stored)} 行起"
        stored_header = {significant_chars(line) for line in version.header_lines or []}
        missing = [line for line in source.header if significant_chars(line)
                   and significant_chars(line) not in stored_header]
        if missing and not check.problem:
            check.problem = f"文件头有 {len(missing)} 行沿革信息未入库"
        if version_id in checked_versions:
            check.gaps, check.duplicates = [], []  # reported once per version
        checked_versions[version_id] = check
        return check
