"""Spreadsheets in and out, for every sheet the product reads or writes.

Out: `cell_text` is the one escaping every .xlsx and .csv writer applies to each cell, so
text a user typed (a name, a stem, a round title) that starts like a formula is written as
text — a leading ' (OWASP's advice for CSV injection; Excel shows it, runs nothing).
In: `read_table` reads an uploaded .xlsx or .csv as rows of text, streaming, with caps on
rows, columns, cell length and (for a workbook, which is a zip) the unpacked size, so a
small file cannot make a worker build a huge table.  Every problem is an InvalidInput
naming the file and what is wrong.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from core.archive import ZipLimits, open_zip
from core.errors import InvalidInput

# What Excel and LibreOffice start a formula with (tab and CR are stripped before one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's own limit: the last row a sheet can have.
_EXCEL_ROWS = 1_048_576


def cell_text(value: Any) -> Any:
    """A cell's value as written: text that could run as a formula gets a leading '."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [cell_text(value) for value in values]


def csv_line(cells: Iterable[Any]) -> str:
    """One CSV line, every cell escaped."""
    out = io.StringIO()
    csv.writer(out).writerow(safe_row(cells))
    return out.getvalue()


def typed_text(text: str) -> str:
    """Text read back from a sheet the product wrote: the escaping ' removed again."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


@dataclass(frozen=True)
class SheetLimits:
    rows: int                       # data rows (after the header)
    columns: int = 30
    cell: int = 20_000              # characters in one cell
    unpacked: int = 30 * 1024 * 1024  # an .xlsx's members together, unpacked


def read_table(filename: str, data: bytes, limits: SheetLimits, *,
               sheet_name: str | None = None) -> list[list[str]]:
    """The rows of an uploaded .xlsx or .csv as text (trailing empty cells dropped),
    header included; InvalidInput naming the file when it cannot be read or is too big."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(filename, data, limits, sheet_name)
    elif name.endswith(".csv"):
        rows = _csv_rows(filename, data)
    else:
        raise InvalidInput(f"文件“{filename}”：只支持 Excel（.xlsx）或 CSV（.csv）文件")
    return _bounded(filename, rows, limits)


def _bounded(filename: str, rows: Iterator[list[str]], limits: SheetLimits) -> list[list[str]]:
    table, filled = [], 0
    for number, row in enumerate(rows, 1):
        while row and not row[-1]:
            row.pop()
        if not row:
            table.append(row)
            continue
        filled += 1
        if filled > limits.rows + 1:
            raise InvalidInput(f"文件“{filename}”超过 {limits.rows} 行数据，请分批导入（未导入任何内容）")
        if len(row) > limits.columns:
            raise InvalidInput(f"文件“{filename}”第 {number} 行有 {len(row)} 列，超过上限 "
                               f"{limits.columns} 列")
        for column, cell in enumerate(row, 1):
            if len(cell) > limits.cell:
                raise InvalidInput(f"文件“{filename}”第 {number} 行第 {column} 列有 {len(cell)} 个字符，"
                                   f"超过上限 {limits.cell} 个字符")
        table.append(row)
    return table


def cell_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 工号 typed as a number comes back as 10023.0
    return typed_text(str(value).strip())


def _xlsx_rows(filename: str, data: bytes, limits: SheetLimits,
               sheet_name: str | None) -> Iterator[list[str]]:
    from openpyxl import load_workbook
    zip_limits = ZipLimits(total=limits.unpacked, member=limits.unpacked, members=1000)
    open_zip(io.BytesIO(data), filename, zip_limits, kind=" Excel（.xlsx）文件").close()
    unreadable = InvalidInput(f"文件“{filename}”无法读取：不是有效的 Excel（.xlsx）文件，"
                              "或文件已损坏、不完整")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a damaged file
        raise unreadable from None
    try:
        sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
        # The stored dimension may claim 16384 columns: rows are read as stored instead.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True, max_row=_EXCEL_ROWS)
        while True:
            try:
                values = next(rows, None)
            except Exception:  # noqa: BLE001 — a damaged sheet fails in many ways mid-read
                raise unreadable from None
            if values is None:
                return
            end = len(values)
            while end and values[end - 1] in (None, ""):
                end -= 1
            yield [cell_value(v) for v in values[:end]]
    finally:
        book.close()


def _csv_rows(filename: str, data: bytes) -> Iterator[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput(f"文件“{filename}”：无法识别 CSV 文件的编码（支持 UTF-8 和 GBK）")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    while True:
        try:
            row = next(reader, None)
        except csv.Error:
            raise InvalidInput(f"文件“{filename}”第 {reader.line_num} 行无法读取：单元格超过 "
                               f"{csv.field_size_limit()} 个字符，或含有空字符") from None
        if row is None:
            return
        yield [cell.strip() for cell in row]
