"""Word (.docx) files, as 国家法律法规数据库 offers them: one paragraph per title line,
history block, 目录 entry, heading, article paragraph or item.  Tables (forms in an
附件) give one line per row.  python-docx reads the file; a soft line break inside a
paragraph is a line of its own."""
from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from laws.readers.error import ReadError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_word_lines(data: bytes, name: str) -> list[str]:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as error:
        raise ReadError(f"无法打开 Word 文档“{name}”：文件已损坏或不完整。"
                        "请重新下载，或用 Word 打开后另存为 .docx 再导入。") from error
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            lines.extend(Paragraph(child, document).text.split("\n"))
        elif child.tag == f"{_W}tbl":
            lines.extend(_table_lines(Table(child, document)))
    return lines


def _table_lines(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = [cell.text.replace("\n", " ").strip() for cell in row.cells]
        unique = [text for i, text in enumerate(cells) if text and (i == 0 or text != cells[i - 1])]
        if unique:
            rows.append("　".join(unique))
    return rows
