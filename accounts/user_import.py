"""Bulk user import from an Excel (.xlsx) or CSV sheet with columns 工号, 姓名, 科室, 角色
(and, optionally, 邮箱 for email notices).

All or nothing: every row is checked first and, if any row is wrong, the whole sheet is
rejected with one message per bad row and nothing is written.  A 工号 already in the
system updates that account's name, department and role (so the personnel office's
sheet can be imported again after changes); new accounts get a generated temporary
password that must be changed at the first sign-in.  Unknown departments are created.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from accounts.user import ROLE_ADMIN, ROLE_NAMES, ROLE_STAFF, ROLES, Department, User, load_user, user_info
from accounts.authentication import end_sessions
from core.clock import to_db
from accounts.department import clean_department_name, department_named
from core.errors import InvalidInput, KbError
from accounts.passwords import generate_password
from core.actor import Actor
from accounts.security_log import add_event
from core.spreadsheet import SheetLimits, read_table
from accounts.user_admin import (CreatedUser, UserAdmin, check_display_name, check_email,
                           check_username, other_active_admins)

MAX_ROWS = 2000
# A personnel sheet may carry other columns; a row of 16384 or a 1 MB name is not one.
LIMITS = SheetLimits(rows=MAX_ROWS, columns=60, cell=1000, unpacked=10 * 1024 * 1024)
# Header names accepted for each field (the first is the documented one).
COLUMNS = {"username": ("工号", "用户名", "账号"), "display_name": ("姓名",),
           "department": ("科室", "部门"), "role": ("角色",),
           "email": ("邮箱", "电子邮箱", "Email", "email", "E-mail")}
ROLE_LABELS = {**{name: code for code, name in ROLE_NAMES.items()}, **{r: r for r in ROLES}}


@dataclass(frozen=True)
class SheetRow:
    line: int
    username: str
    display_name: str
    department: str
    role: str
    email: str = ""


@dataclass(frozen=True)
class RowError:
    line: int
    username: str
    message: str


class SheetRejected(InvalidInput):
    """The sheet has bad rows; nothing was imported."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"表格中有 {len(errors)} 行有误，未导入任何用户，请修改后重新上传")


@dataclass
class ImportReport:
    created: list[CreatedUser] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    departments_created: list[str] = field(default_factory=list)


def read_sheet(filename: str, data: bytes) -> list[SheetRow]:
    """Rows of an uploaded sheet; InvalidInput naming the file when it cannot be read."""
    return _rows_from_table(read_table(filename, data, LIMITS))


def _rows_from_table(table: list[list[str]]) -> list[SheetRow]:
    start = next((i for i, row in enumerate(table) if any(row)), None)
    if start is None:
        raise InvalidInput("表格是空的")
    header = table[start]
    positions = {}
    for key, names in COLUMNS.items():
        positions[key] = next((i for i, cell in enumerate(header) if cell in names), None)
    missing = [COLUMNS[k][0] for k in ("username", "display_name") if positions[k] is None]
    if missing:
        raise InvalidInput(f"表头缺少列：{'、'.join(missing)}（第 {start + 1} 行应为：工号、姓名、科室、角色）")
    rows = []
    for index, cells in enumerate(table[start + 1:], start=start + 2):
        if any(cells):
            values = {key: _cell(cells, pos) for key, pos in positions.items()}
            rows.append(SheetRow(index, **values))
    if not rows:
        raise InvalidInput("表格中没有用户数据")
    if len(rows) > MAX_ROWS:
        raise InvalidInput(f"一次最多导入 {MAX_ROWS} 名用户，请分批导入")
    return rows


def _cell(cells: list[str], position: int | None) -> str:
    return cells[position] if position is not None and position < len(cells) else ""


def check_rows(rows: list[SheetRow]) -> list[RowError]:
    """Row errors that need no database: formats, roles, repeated 工号."""
    errors, seen = [], {}
    for row in rows:
        problems = []
        for check, value in ((check_username, row.username), (check_display_name, row.display_name),
                             (check_email, row.email)):
            try:
                check(value)
            except KbError as error:
                problems.append(str(error))
        if row.role and row.role not in ROLE_LABELS:
            problems.append(f"角色“{row.role}”无效，应为 审计人员、培训管理员 或 系统管理员")
        if row.department:
            try:
                clean_department_name(row.department)
            except KbError as error:
                problems.append(str(error))
        if row.username in seen:
            problems.append(f"工号与第 {seen[row.username]} 行重复")
        seen.setdefault(row.username, row.line)
        errors.extend(RowError(row.line, row.username, p) for p in problems)
    return errors


class UserImporter:
    """Applies checked rows in one transaction.  Built on a UserAdmin's dependencies."""

    def __init__(self, admin: UserAdmin):
        self.admin = admin

    def import_rows(self, actor: Actor, rows: list[SheetRow]) -> ImportReport:
        errors = check_rows(rows)
        if errors:
            raise SheetRejected(errors)
        with self.admin.sessions() as session, session.begin():
            existing = {row.username: load_user(session, username=row.username.strip()) for row in rows}
            errors = self._check_against_accounts(session, actor, rows, existing)
            if errors:
                raise SheetRejected(errors)
            new_rows = [row for row in rows if existing[row.username] is None]
            passwords = [generate_password(username=row.username) for row in new_rows]
            hashes = self._hash_all(passwords)
            report = ImportReport()
            departments = self._departments(session, actor, rows, report)
            for row, password, hashed in zip(new_rows, passwords, hashes, strict=True):
                self._create(session, actor, row, departments, hashed, password, report)
            for row in rows:
                if existing[row.username] is not None:
                    self._update(session, actor, existing[row.username], row, departments, report)
            add_event(session, self.admin.clock, actor, "users_imported", f"{len(rows)} 行",
                      f"新建 {len(report.created)}，更新 {len(report.updated)}，未变 {report.unchanged}，"
                      f"新建科室 {len(report.departments_created)}")
        return report

    @staticmethod
    def _check_against_accounts(session: Session, actor: Actor, rows: list[SheetRow],
                                existing: dict[str, User | None]) -> list[RowError]:
        errors = []
        demoted = set()
        for row in rows:
            user = existing[row.username]
            role = ROLE_LABELS.get(row.role, ROLE_STAFF) if row.role else None
            if user is None or role is None or role == user.role:
                continue
            if user.id == actor.id:
                errors.append(RowError(row.line, row.username, "不能通过导入修改自己的角色"))
            elif user.role == ROLE_ADMIN and user.is_active:
                demoted.add(user.id)
        if demoted and other_active_admins(session, 0) - len(demoted) < 1:
            errors.append(RowError(rows[0].line, "", "导入后将没有启用状态的系统管理员"))
        return errors

    def _hash_all(self, passwords: list[str]) -> list[str]:
        # scrypt releases the GIL: two threads halve the wait for a large sheet.
        with ThreadPoolExecutor(max_workers=2) as pool:
            return list(pool.map(self.admin.hasher.for_generated().hash, passwords))

    def _departments(self, session: Session, actor: Actor, rows: list[SheetRow],
                     report: ImportReport) -> dict[str, Department]:
        found = {}
        for name in sorted({clean_department_name(r.department) for r in rows if r.department}):
            department = department_named(session, name)
            if department is None:
                department = Department(name=name)
                session.add(department)
                add_event(session, self.admin.clock, actor, "department_created", name, "批量导入用户时新建")
                report.departments_created.append(name)
            found[name] = department
        session.flush()
        return found

    def _create(self, session, actor, row, departments, hashed, password, report) -> None:
        role = ROLE_LABELS.get(row.role, ROLE_STAFF) if row.role else ROLE_STAFF
        user = User(username=check_username(row.username),
                    display_name=check_display_name(row.display_name), role=role,
                    password_hash=hashed, must_change_password=True, email=check_email(row.email),
                    password_changed_at=to_db(self.admin.clock.now()),
                    department=departments.get(clean_department_name(row.department)) if row.department else None)
        session.add(user)
        session.flush()
        add_event(session, self.admin.clock, actor, "user_created", user.username,
                  f"批量导入；角色：{ROLE_NAMES[role]}；科室：{row.department or '未分配'}")
        report.created.append(CreatedUser(user_info(user), password))

    def _update(self, session, actor, user: User, row: SheetRow, departments, report) -> None:
        changes = []
        name = check_display_name(row.display_name)
        if name != user.display_name:
            changes.append(f"姓名 {user.display_name} → {name}")
            user.display_name = name
        if row.department:
            department = departments[clean_department_name(row.department)]
            if user.department_id != department.id:
                changes.append(f"科室 → {department.name}")
                user.department = department
        email = check_email(row.email)
        if email and email != user.email:
            changes.append(f"邮箱 → {email}")
            user.email = email
        role = ROLE_LABELS.get(row.role) if row.role else None
        if role and role != user.role:
            changes.append(f"角色 {ROLE_NAMES[user.role]} → {ROLE_NAMES[role]}")
            user.role = role
            end_sessions(user)
        if not changes:
            report.unchanged += 1
            return
        add_event(session, self.admin.clock, actor, "user_updated", user.username,
                  "批量导入：" + "；".join(changes))
        report.updated.append(user.username)
