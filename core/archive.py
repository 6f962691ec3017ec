"""Zip uploads read safely: case archives and .xlsx workbooks (a workbook is a zip).

A zip's central directory says how large every member unpacks; those sizes are checked
before a byte is inflated (a 1.56 MB zip of 4.9 MB members unpacks to 1.6 GB), and reading
stops at the size the directory declared, so a lying directory fails its CRC check instead
of filling memory.  Entries that share data (the overlapping-zip bomb), encrypted members
and unusual compression methods are refused.  Every problem is an InvalidInput naming the
file and what is wrong.
"""
from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from core.errors import InvalidInput

# Local file header: 30 fixed bytes before the name; anything shorter cannot be an entry.
_LOCAL_HEADER = 30
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
# What a damaged member raises while being inflated.
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError)


@dataclass(frozen=True)
class ZipLimits:
    total: int          # bytes all members unpack to, together
    member: int         # bytes one member unpacks to
    members: int        # entries in the directory


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def open_zip(source: str | IO[bytes], name: str, limits: ZipLimits, *,
             kind: str = "zip 压缩包") -> zipfile.ZipFile:
    """The archive, its directory checked against `limits`; InvalidInput otherwise."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise InvalidInput(f"文件“{name}”不是完整的{kind}（文件已损坏或不完整）") from None
    try:
        check_directory(archive, name, limits)
    except InvalidInput:
        archive.close()
        raise
    return archive


def check_directory(archive: zipfile.ZipFile, name: str, limits: ZipLimits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise InvalidInput(f"文件“{name}”中有 {len(infos)} 个文件，超过上限 {limits.members} 个")
    total = sum(info.file_size for info in infos)
    if total > limits.total:
        raise InvalidInput(f"文件“{name}”解压后共 {megabytes(total)}，超过上限 "
                           f"{megabytes(limits.total)}（可能是压缩炸弹），未导入任何内容")
    for info in infos:
        if info.flag_bits & 0x1:
            raise InvalidInput(f"文件“{name}”中的 {info.filename} 已加密，无法读取")
        if info.compress_type not in _METHODS:
            raise InvalidInput(f"文件“{name}”中的 {info.filename} 使用了不支持的压缩方式")
    spans = sorted((info.header_offset, info.compress_size, info.filename) for info in infos)
    for (start, size, member), (next_start, _, _) in zip(spans, spans[1:]):
        if start + _LOCAL_HEADER + size > next_start:
            raise InvalidInput(f"文件“{name}”的目录中有相互重叠的文件（{member}），可能是压缩炸弹，"
                               "未导入任何内容")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """One member's bytes, at most `limit` of them; InvalidInput when it is larger or damaged."""
    if info.file_size > limit:
        raise InvalidInput(f"文件过大（解压后 {megabytes(info.file_size)}，超过 {megabytes(limit)}）")
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except READ_ERRORS:
        raise InvalidInput("文件已损坏（解压失败或 CRC 校验不符）") from None
    if len(data) > limit:
        raise InvalidInput(f"文件过大（超过 {megabytes(limit)}）")
    return data
