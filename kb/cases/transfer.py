"""Moving cases between bureaus: export to case files (a folder or one zip) and import
them elsewhere without duplicates — a case is known by its uid, so importing the same
file twice, or a newer export of it, never makes a second case.

A file whose header cannot be read is reported and skipped; the others are imported.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from core.archive import ZipLimits, open_zip, read_member
from kb.cases.audit_types import AuditTypeService
from kb.cases.casefile import CaseFile, format_case_file, parse_case_file
from kb.cases.service import CaseService
from kb.cases.values import CaseInput
from core.errors import InvalidInput, KbError, NotFound
from core.progress import ProgressCallback
from accounts.permissions import require_manager
from core.actor import Actor

MAX_FILE = 5 * 1024 * 1024
MAX_FILES = 20_000
# All members of one archive together, unpacked (checked from the zip's directory first).
MAX_UNPACKED = 100 * 1024 * 1024
ZIP_LIMITS = ZipLimits(total=MAX_UNPACKED, member=MAX_FILE, members=MAX_FILES)
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff-]+")
# (name, text, error): one case file read, or why it could not be.
Source = tuple[str, str | None, str | None]


@dataclass
class TransferReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # (file name, what is wrong): files not imported.
    errors: list[tuple[str, str]] = field(default_factory=list)
    new_audit_types: list[str] = field(default_factory=list)


@contextmanager
def open_sources(path: Path) -> Iterator[tuple[int, Iterator[Source]]]:
    """(count, sources) for every .md file in a folder, a zip or a single file.  Files are
    read one at a time as the caller iterates, so at most one is in memory; a zip is
    checked from its directory (total and per-file sizes, overlaps) before any is read."""
    if not path.exists():
        raise InvalidInput(f"路径不存在：{path}")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.md") if p.is_file())[:MAX_FILES]
        yield len(files), (_read_file(f.relative_to(path).as_posix(), f) for f in files)
    elif path.suffix.lower() == ".zip" or _looks_like_zip(path):
        with open_zip(str(path), path.name, ZIP_LIMITS) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()
                       and m.filename.lower().endswith((".md", ".zip"))]
            yield len(members), (_read_member(archive, m) for m in members)
    else:
        yield 1, iter([_read_file(path.name, path)])


def read_sources(path: Path) -> Iterator[Source]:
    """Every case file's (name, text, error), read one at a time."""
    with open_sources(path) as (_, sources):
        yield from sources


def _looks_like_zip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Source:
    if member.filename.lower().endswith(".zip"):
        return member.filename, None, "压缩包中的压缩包不会被展开，请解压后上传其中的案例文件"
    try:
        return _decoded(member.filename, read_member(archive, member, MAX_FILE))
    except InvalidInput as error:
        return member.filename, None, str(error)


def _read_file(name: str, file: Path) -> Source:
    if file.stat().st_size > MAX_FILE:
        return name, None, "文件过大（超过5MB）"
    return _decoded(name, file.read_bytes())


def _decoded(name: str, data: bytes) -> Source:
    try:
        return name, data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return name, None, "文件不是 UTF-8 编码"


class CaseTransfer:
    """Import and export of case files.  Uses the case and audit-type services."""

    def __init__(self, cases: CaseService, audit_types: AuditTypeService):
        self.cases = cases
        self.audit_types = audit_types

    def import_path(self, actor: Actor, path: Path, *, update_existing: bool = False,
                    progress: ProgressCallback | None = None) -> TransferReport:
        """Import every case file under `path` (folder, zip or file)."""
        require_manager(actor, "导入案例")
        report = TransferReport()
        with open_sources(path) as (count, sources):
            for done, (name, text, error) in enumerate(sources, 1):
                if progress:
                    progress(done, count, name)
                if error:
                    report.errors.append((name, error))
                    continue
                try:
                    self.import_one(actor, parse_case_file(text), report, name, update_existing)
                except KbError as problem:
                    report.errors.append((name, str(problem)))
        return report

    def import_one(self, actor: Actor, file: CaseFile, report: TransferReport, name: str,
                   update_existing: bool) -> None:
        self._ensure_type(actor, file.data.audit_type, report)
        try:
            current = self.cases.get_case(actor, file.uid)
        except NotFound:
            self.cases.create_case(actor, file.data, uid=file.uid,
                                   publish=file.status == "published", note=f"导入自 {name}")
            report.created.append(file.uid)
            return
        if _same(current.as_input(), file.data) and current.status == file.status:
            report.unchanged.append(file.uid)
        elif not update_existing:
            report.skipped.append(file.uid)
        else:
            updated = self.cases.update_case(actor, file.uid, file.data, current.revision,
                                             note=f"导入更新自 {name}")
            if file.status != updated.status:
                change = (self.cases.publish_case if file.status == "published"
                          else self.cases.unpublish_case)
                change(actor, file.uid, updated.revision)
            report.updated.append(file.uid)

    def _ensure_type(self, actor, name: str, report: TransferReport) -> None:
        known = {t.name for t in self.audit_types.list_types(include_inactive=True)}
        if name and name not in known:
            self.audit_types.add_type(actor, name)
            report.new_audit_types.append(name)

    def export(self, actor: Actor, destination: Path, *, as_zip: bool = False,
               include_drafts: bool = False, now: dt.datetime | None = None) -> int:
        """Write every case (published ones, and drafts when asked) as case files."""
        require_manager(actor, "导出案例")
        files = {}
        page = 1
        while True:
            listing = self.cases.list_cases(actor, page=page, per_page=200,
                                            status=None if include_drafts else "published")
            for summary in listing.items:
                case = self.cases.get_case(actor, summary.id)
                files[export_name(case.case_date, case.title, case.uid)] = \
                    format_case_file(case, now)
            if page >= listing.pages:
                break
            page += 1
        _write_zip(destination, files) if as_zip else _write_folder(destination, files)
        return len(files)


def _same(a: CaseInput, b: CaseInput) -> bool:
    return a.clean() == b.clean()


def export_name(date: dt.date | None, title: str, uid: str) -> str:
    stem = _UNSAFE.sub("-", title).strip("-")[:40] or "case"
    prefix = date.isoformat() if date else "undated"
    return f"{prefix}-{stem}-{uid[:8]}.md"


def _write_folder(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        _atomic_write(folder / name, text.encode("utf-8"))


def _write_zip(path: Path, files: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".zip.part")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, text in files.items():
                archive.writestr(f"cases/{name}", text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
