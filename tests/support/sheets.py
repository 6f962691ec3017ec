"""Small uploaded files for tests: an .xlsx built from rows, and the first bytes of each
kind of lecture material."""
from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def office_zip(main_part: str) -> bytes:
    """A minimal Office Open XML package whose main part is `main_part` (word/document.xml …)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
