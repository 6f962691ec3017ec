"""Hostile files for the upload tests, built byte by byte: zip bombs (many members sharing
one highly compressed payload, and the overlapping kind whose directory points every
entry at the same data), corrupted and truncated archives, spreadsheets with huge cells
and far-away columns."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from openpyxl import Workbook


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _local_header(name: bytes, crc: int, packed: int, size: int) -> bytes:
    return struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, packed, size,
                       len(name), 0) + name


def _central_entry(name: bytes, crc: int, packed: int, size: int, offset: int) -> bytes:
    return struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, packed, size,
                       len(name), 0, 0, 0, 0, 0, offset) + name


def _end_record(count: int, directory_size: int, directory_offset: int) -> bytes:
    return struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, directory_size,
                       directory_offset, 0)


def zip_bomb(members: int = 320, member_size: int = 4_900_000, suffix: str = ".md") -> bytes:
    """`members` files of `member_size` bytes each (each under the 5 MB per-file cap),
    all compressing to a few kilobytes: 320 × 4.9 MB is 1.57 GB from a 1.56 MB zip."""
    payload = b"a" * member_size
    packed, crc = _deflate(payload), zlib.crc32(payload)
    out, directory = io.BytesIO(), []
    for index in range(members):
        name = f"cases/bomb-{index:04d}{suffix}".encode()
        directory.append(_central_entry(name, crc, len(packed), member_size, out.tell()))
        out.write(_local_header(name, crc, len(packed), member_size) + packed)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(_end_record(members, out.tell() - start, start))
    return out.getvalue()


def overlapping_zip(members: int = 1000, size: int = 4_000_000) -> bytes:
    """Every directory entry points at the same local file: one stored payload counted
    `members` times (the overlapping zip bomb)."""
    payload = b"b" * size
    packed, crc = _deflate(payload), zlib.crc32(payload)
    name = b"cases/one.md"
    out = io.BytesIO(_local_header(name, crc, len(packed), size) + packed)
    start = out.tell()
    directory = b"".join(_central_entry(f"cases/x{i}.md".encode() if i else name, crc,
                                        len(packed), size, 0) for i in range(members))
    out.write(directory)
    out.write(_end_record(members, len(directory), start))
    return out.getvalue()


def good_zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def bad_crc_zip(files: dict[str, str]) -> bytes:
    """A zip whose first member's stored CRC does not match its data."""
    data = bytearray(good_zip(files))
    offset = 14  # CRC-32 in the first local header
    data[offset] ^= 0xFF
    central = data.find(b"PK\x01\x02")
    data[central + 16] ^= 0xFF
    return bytes(data)


def make_xlsx(rows) -> bytes:
    """An .xlsx file with these rows on its first sheet (for upload tests)."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def wide_xlsx(header: list[str], rows: int = 2050, far_column: int = 16_384) -> bytes:
    """A small sheet whose rows each carry one cell in the last column Excel has (XFD):
    a reader that pads every row to the widest one builds 2050 × 16384 cells."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for index in range(2, rows + 2):
        sheet.cell(row=index, column=1, value=f"u{index}")
        sheet.cell(row=index, column=2, value="张三")
        sheet.cell(row=index, column=far_column, value="x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def huge_cell_xlsx(header: list[str], size: int = 20_000_000) -> bytes:
    """One cell of `size` characters (compresses to a few kilobytes)."""
    return make_xlsx([header, ["u1", "张" * 10 + "a" * size]])
