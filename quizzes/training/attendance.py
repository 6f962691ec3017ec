"""Attendance sheets: an .xlsx (or .csv) with a 工号 column and, optionally, 姓名.

All or nothing, as the user import: every row is checked against the accounts first; an
unknown 工号, a 姓名 that does not match the account, or an empty 工号 is reported by row,
and then nothing is recorded.  A person listed twice is recorded once.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.user import User
from accounts.user_import import RowError
from core.errors import InvalidInput
from core.spreadsheet import SheetLimits, read_table

MAX_ROWS = 3000
LIMITS = SheetLimits(rows=MAX_ROWS, columns=40, cell=500, unpacked=10 * 1024 * 1024)
USERNAME_HEADERS = ("工号", "用户名", "账号")
NAME_HEADERS = ("姓名",)
HEADER_SEARCH_ROWS = 5


@dataclass(frozen=True)
class SheetLine:
    line: int
    username: str
    name: str


class AttendanceRejected(InvalidInput):
    """The sheet has bad rows; no attendance was recorded."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"签到表中有 {len(errors)} 行有误，未导入任何签到记录，请修改后重新上传")


def read_attendance(filename: str, data: bytes) -> list[SheetLine]:
    """The filled rows of an attendance sheet; InvalidInput when it cannot be used at all."""
    table = read_table(filename, data, LIMITS)
    filled = [i for i, row in enumerate(table) if any(row)]
    if not filled:
        raise InvalidInput(f"签到表“{filename}”是空的")
    # A printed sheet often has a title (“××讲座签到表”) above its header row.
    start = next((i for i in filled[:HEADER_SEARCH_ROWS] if set(table[i]) & set(USERNAME_HEADERS)), None)
    if start is None:
        raise InvalidInput(f"签到表“{filename}”的表头缺少“工号”列（前 {HEADER_SEARCH_ROWS} 行中应有一行表头：工号、姓名）")
    header = table[start]
    username = next(i for i, cell in enumerate(header) if cell in USERNAME_HEADERS)
    name = next((i for i, cell in enumerate(header) if cell in NAME_HEADERS), None)
    lines = [SheetLine(number, _cell(row, username), _cell(row, name))
             for number, row in enumerate(table[start + 1:], start=start + 2) if any(row)]
    if not lines:
        raise InvalidInput(f"签到表“{filename}”中没有签到人员")
    return lines


def _cell(row: list[str], position: int | None) -> str:
    return row[position].strip() if position is not None and position < len(row) else ""


def match_lines(session: Session, lines: list[SheetLine]) -> list[int]:
    """The accounts of the sheet's rows, in order and without repeats; AttendanceRejected
    listing every bad row when any is wrong."""
    wanted = {line.username for line in lines if line.username}
    accounts = {row.username: row for row in session.execute(
        select(User.id, User.username, User.display_name).where(User.username.in_(wanted)))}
    errors, user_ids = [], []
    for line in lines:
        account = accounts.get(line.username)
        if not line.username:
            errors.append(RowError(line.line, "", "工号为空"))
        elif account is None:
            errors.append(RowError(line.line, line.username, f"工号“{line.username}”不存在"))
        elif line.name and line.name != account.display_name:
            errors.append(RowError(line.line, line.username,
                                    f"姓名“{line.name}”与工号“{line.username}”的账号（{account.display_name}）不符"))
        elif account.id not in user_ids:
            user_ids.append(account.id)
    if errors:
        raise AttendanceRejected(errors)
    return user_ids
