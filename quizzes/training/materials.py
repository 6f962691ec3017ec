"""Lecture materials (讲义, 课件) as private files: the type is sniffed from the bytes and
must agree with the file's extension, the size is capped, and the file is stored under a
random name in a 0700 folder of the data directory (core.private_files), never under the
name it was uploaded with.

Only document and picture formats are accepted — never HTML, SVG or scripts, which a
browser would run — and the web layer serves every material as an attachment with the
media type of its checked kind, so no upload is ever shown inline as a page.
"""
from __future__ import annotations

import hashlib
import io
import os
import secrets
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from core.archive import ZipLimits, megabytes, open_zip
from core.errors import InvalidInput, NotFound
from core.private_files import FILE_MODE, private_directory

# The web app refuses larger requests anyway (webapp.config.MAX_CONTENT_LENGTH).
MAX_BYTES = 8 * 1024 * 1024
MAX_NAME = 120


@dataclass(frozen=True)
class Kind:
    label: str
    media_type: str
    extensions: tuple[str, ...]


# The accepted kinds: what a lecture hands out (slides, handouts, scans of them).
KINDS = {
    "pdf": Kind("PDF", "application/pdf", (".pdf",)),
    "docx": Kind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "pptx": Kind("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                 (".pptx",)),
    "xlsx": Kind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "ole": Kind("Office 97–2003", "application/octet-stream", (".doc", ".ppt", ".xls")),
    "png": Kind("PNG 图片", "image/png", (".png",)),
    "jpeg": Kind("JPEG 图片", "image/jpeg", (".jpg", ".jpeg")),
}
ALLOWED_TEXT = "PDF、Word（.docx/.doc）、PowerPoint（.pptx/.ppt）、Excel（.xlsx/.xls）、PNG、JPEG"
# An Office Open XML file names its main part; the folder tells the three apart.
_OOXML_PARTS = {"word/document.xml": "docx", "ppt/presentation.xml": "pptx", "xl/workbook.xml": "xlsx"}
_ZIP_LIMITS = ZipLimits(total=100 * 1024 * 1024, member=50 * 1024 * 1024, members=5000)


def sniff_kind(data: bytes, filename: str) -> str | None:
    """The kind the bytes are, or None when they are none of KINDS."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith(b"PK\x03\x04"):
        with open_zip(io.BytesIO(data), filename, _ZIP_LIMITS, kind="Office 文件") as archive:
            names = set(archive.namelist())
            _check_members(archive, filename)
        return next((kind for part, kind in _OOXML_PARTS.items() if part in names), None)
    return None


def _check_members(archive: zipfile.ZipFile, filename: str) -> None:
    """Every member inflates to its checksum (streamed; the sizes were capped by open_zip):
    a damaged document is refused here rather than handed out to every attendee."""
    try:
        damaged = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        damaged = "?"
    if damaged is not None:
        raise InvalidInput(f"文件“{filename}”已损坏或不完整，无法作为讲座材料")


def check_material(filename: str, data: bytes) -> str:
    """The kind of an uploaded material; InvalidInput naming the file otherwise."""
    if not data:
        raise InvalidInput(f"文件“{filename}”是空的")
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"文件“{filename}”有 {len(data) / 1024 / 1024:.1f} MB，超过上限 {megabytes(MAX_BYTES)}")
    extension = Path(filename).suffix.lower()
    if not any(extension in kind.extensions for kind in KINDS.values()):
        raise InvalidInput(f"文件“{filename}”的类型不支持：只能上传 {ALLOWED_TEXT}")
    kind = sniff_kind(data, filename)
    if kind is None or extension not in KINDS[kind].extensions:
        raise InvalidInput(f"文件“{filename}”的内容与扩展名 {extension} 不符（不是有效的 "
                           f"{KINDS[kind].label if kind else extension.lstrip('.').upper()} 文件）")
    return kind


def clean_filename(filename: str) -> str:
    """The upload's own name, without folders or control characters, shortened."""
    name = Path((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>|:*?').strip().lstrip(".")
    if len(name) > MAX_NAME:
        stem, suffix = os.path.splitext(name)
        name = stem[:MAX_NAME - len(suffix)] + suffix
    return name or "材料"


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    size: int
    sha256: str


class MaterialStore:
    """The folder of lecture materials in the data directory."""

    def __init__(self, folder: Path):
        self.folder = folder

    def save(self, data: bytes) -> StoredFile:
        private_directory(self.folder)
        name = secrets.token_hex(16)
        descriptor = os.open(self.folder / name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        return StoredFile(name, len(data), hashlib.sha256(data).hexdigest())

    def read(self, stored_name: str) -> bytes:
        try:
            return (self.folder / _checked(stored_name)).read_bytes()
        except FileNotFoundError:
            raise NotFound("讲座材料的文件已不在服务器上") from None

    def delete(self, stored_name: str) -> None:
        (self.folder / _checked(stored_name)).unlink(missing_ok=True)


def _checked(stored_name: str) -> str:
    # Stored names are ours (32 hex digits); anything else never reaches the file system.
    if len(stored_name) != 32 or not all(c in "0123456789abcdef" for c in stored_name):
        raise NotFound("讲座材料不存在")
    return stored_name
