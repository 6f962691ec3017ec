"""Statute intake (issue H): one file a bureau received — Word, PDF, a saved web page,
text or corpus Markdown — read at article level (laws.readers), its metadata given or
corrected by an administrator, and stored as a new statute or a new version of one
already held; then linked, indexed and audit-logged like any import.

One transaction per intake (kb.importer.Importer.import_document); the index is updated
only after the commit.  The same bytes again change nothing: the stored source is named
by the file's digest.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from sqlalchemy import select

from accounts.permissions import is_admin
from accounts.security_log import SecurityLog
from core.actor import Actor
from core.clock import Clock
from core.db import Database
from core.errors import InvalidInput, PermissionDenied, StatuteNotFound
from core.private_files import private_directory, private_file
from kb.importer import file_digest
from kb.intake_sources import ConvertedSources
from kb.library import Library
from kb.library_import import ImportOutcome, LibraryImport, PhaseProgress, quiet
from kb.models import SourceFile
from laws.model import EFFECTIVE_ADMIN, LEVELS, ParsedDocument
from laws.readers import parse_source
from laws.readers.error import ReadError
from laws.titles import derive_aliases, derive_short_title

# Stored source paths of intakes: 上传/<digest>/<file name>, apart from the corpus's paths.
SOURCE_PREFIX = "上传"
MAX_TITLE = 200


@dataclass(frozen=True)
class IntakeMetadata:
    """What the administrator gives; None keeps what the file says."""
    title: str | None = None
    level: str | None = None
    issuer: str | None = None
    promulgated: dt.date | None = None
    effective: dt.date | None = None
    # The statute (title, short title or alias) this file is a new version of.
    new_version_of: str | None = None


@dataclass(frozen=True)
class IntakeResult:
    statute_id: int | None
    title: str
    # new (a new statute or version) / updated / unchanged (these bytes were imported before)
    outcome: str
    articles: int
    warnings: tuple[str, ...]
    import_outcome: ImportOutcome | None = None


def source_path(digest: str, filename: str) -> str:
    return f"{SOURCE_PREFIX}/{digest[:24]}/{PurePath(filename).name or '粘贴的文本'}"


class StatuteIntake:
    def __init__(self, db: Database, library: Library, library_import: LibraryImport,
                 security_log: SecurityLog, sources: ConvertedSources):
        self.db = db
        self.library = library
        self.library_import = library_import
        self.security_log = security_log
        self.sources = sources

    def read(self, data: bytes, filename: str) -> ParsedDocument:
        """The file as statute data (ReadError → InvalidInput with the reader's message).

        The file is converted once (kb.intake_sources: the save that follows its preview,
        in any process, parses the kept Markdown — about 10 ms for the 民法典 — instead of
        reading a 100-page PDF again, about a second); each call returns a new document."""
        try:
            return parse_source(self.sources.convert(data, filename), filename)
        except ReadError as error:
            raise InvalidInput(str(error)) from None

    def save(self, actor: Actor, data: bytes, filename: str, metadata: IntakeMetadata,
             progress: PhaseProgress = quiet) -> IntakeResult:
        if not is_admin(actor):
            raise PermissionDenied("只有系统管理员可以导入法规")
        digest = file_digest(data)
        path = source_path(digest, filename)
        doc = self.read(data, filename)
        with self.db.session() as session:
            known = session.scalar(select(SourceFile.version_id).where(SourceFile.path == path))
        if known is not None:
            return IntakeResult(None, doc.title, "unchanged", len(doc.articles), ())
        doc = self._apply(doc, metadata, path)
        outcome = self.library_import.import_document(doc, {path: digest}, progress, actor)
        summary = outcome.summary
        statute_id = next(iter(summary.statutes_touched))
        kind = "new" if summary.new_versions else "updated" if summary.updated_versions else "unchanged"
        self.security_log.record(actor, "statute_intake", f"《{doc.title}》",
                                 f"{PurePath(filename).name}：{len(doc.articles)} 条，"
                                 f"{'新版本' if kind == 'new' else '更新' if kind == 'updated' else '未变化'}")
        return IntakeResult(statute_id, doc.title, kind, len(doc.articles),
                            tuple(str(w) for w in summary.warnings), outcome)

    def namesake(self, title: str):
        """The statute held under this title (or short title, or alias), if any: a file
        with its title is a new version of it, never a new statute."""
        try:
            return self.library.find_statute(title)
        except StatuteNotFound:
            return None

    def _refuse_namesake(self, title: str) -> None:
        held = self.namesake(title)
        if held is None:
            return
        raise InvalidInput(f"法规库中已有《{held.title}》。如果这是它的新版本，请选择“已有法规的新版本”"
                           "（命令行用 --new-version-of）；否则请修改标题")

    def _apply(self, doc: ParsedDocument, metadata: IntakeMetadata, path: str) -> ParsedDocument:
        """The administrator's metadata over what the file says, checked."""
        title = (metadata.title or "").strip() or doc.title
        if metadata.new_version_of:
            try:
                held = self.library.find_statute(metadata.new_version_of)
            except StatuteNotFound:
                raise InvalidInput(f"法规库中没有《{metadata.new_version_of.strip('《》')}》，"
                                   "无法作为它的新版本导入；请核对名称，或作为新法规导入") from None
            title = held.title
        else:
            self._refuse_namesake(title)
        if not title or len(title) > MAX_TITLE:
            raise InvalidInput(f"请填写法规标题（不超过 {MAX_TITLE} 字）")
        level = metadata.level or doc.level
        if level not in LEVELS:
            raise InvalidInput(f"效力级别只能是：{'、'.join(LEVELS)}")
        promulgated = metadata.promulgated or doc.promulgated or doc.version_date
        effective = metadata.effective or doc.effective_date
        if promulgated and effective and effective < promulgated:
            raise InvalidInput(f"施行日期 {effective} 早于公布日期 {promulgated}，请核对")
        changes = dict(title=title, level=level, path=path, sources=[path],
                       authority=(metadata.issuer or "").strip() or doc.authority,
                       promulgated=promulgated, version_date=metadata.promulgated or doc.version_date or promulgated)
        if title != doc.title:
            short = derive_short_title(title)
            changes.update(short_title=short, aliases=derive_aliases(title, short))
        if metadata.effective:
            changes.update(effective_date=metadata.effective, effective_source=EFFECTIVE_ADMIN)
        return replace(doc, **changes)


TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
# Uploads waiting for the administrator's confirmation are dropped after this long.
DRAFT_HOURS = 24


class IntakeDrafts:
    """Files read and previewed but not yet saved: kept in the data directory (0600) under
    a random token the preview page carries, so the save reads the very bytes previewed."""

    def __init__(self, folder: Path, clock: Clock):
        self.folder = folder
        self.clock = clock

    def put(self, data: bytes, filename: str) -> str:
        private_directory(self.folder)
        self._expire()
        token = secrets.token_urlsafe(32)
        path = private_file(self.folder / token)
        path.write_bytes(data)
        private_file(self.folder / f"{token}.name").write_text(PurePath(filename).name[:120], encoding="utf-8")
        return token

    def get(self, token: str) -> tuple[bytes, str]:
        path = self._path(token)
        if not path.exists():
            raise InvalidInput("预览的文件已过期或已保存，请重新上传")
        return path.read_bytes(), (self.folder / f"{token}.name").read_text(encoding="utf-8")

    def drop(self, token: str) -> None:
        path = self._path(token)
        for stale in (path, path.with_name(f"{token}.name")):
            stale.unlink(missing_ok=True)

    def _path(self, token: str) -> Path:
        if not isinstance(token, str) or not TOKEN.fullmatch(token):
            raise InvalidInput("预览的文件已过期或已保存，请重新上传")
        return self.folder / token

    def _expire(self) -> None:
        limit = self.clock.now().timestamp() - DRAFT_HOURS * 3600
        for path in self.folder.iterdir():
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
