"""Bulk user import from Excel/CSV: all rows checked, all or nothing."""

import pytest

from core.errors import InvalidInput
from core.actor import Actor
from accounts.security_log import EventQuery
from accounts.user_admin import UserQuery
from accounts.user_import import SheetRejected, read_sheet
from tests.support.hostile_files import make_xlsx


@pytest.fixture
def admin(make_user):
    user = make_user("root", role="admin")
    return Actor(user.id, username=user.username)


SHEET = [["工号", "姓名", "科室", "角色"],
         [10001, "张三", "审计一科", "审计人员"],
         ["10002", "李四", "审计二科", "培训管理员"],
         [None, None, None, None],
         ["10003", "王五", "", ""]]


def test_xlsx_import_creates_users_and_departments(kb, admin):
    rows = read_sheet("名单.xlsx", make_xlsx(SHEET))
    assert [r.line for r in rows] == [2, 3, 5] and rows[0].username == "10001"
    report = kb.user_import.import_rows(admin, rows)
    assert [c.user.username for c in report.created] == ["10001", "10002", "10003"]
    assert report.departments_created == ["审计一科", "审计二科"]
    li = kb.users.find_user("10002")
    assert (li.role, li.department, li.must_change_password) == ("trainer", "审计二科", True)
    assert kb.users.find_user("10003").role == "staff"
    password = report.created[0].password
    assert kb.auth.authenticate("10001", password).user.display_name == "张三"
    assert kb.security_log.page(EventQuery(action="users_imported")).total == 1


def test_gbk_csv_with_a_repeated_import_updating(kb, admin):
    csv_text = "工号,姓名,科室,角色\n20001,赵六,法规科,审计人员\n"
    kb.user_import.import_rows(admin, read_sheet("a.csv", csv_text.encode("gb18030")))
    changed = "工号,姓名,科室,角色\n20001,赵六,综合科,培训管理员\n20002,钱七,综合科,\n"
    report = kb.user_import.import_rows(admin, read_sheet("b.csv", changed.encode("utf-8-sig")))
    assert report.updated == ["20001"] and [c.user.username for c in report.created] == ["20002"]
    assert kb.users.find_user("20001").role == "trainer"
    again = kb.user_import.import_rows(admin, read_sheet("b.csv", changed.encode()))
    assert again.unchanged == 2 and not again.created


def test_any_bad_row_rejects_the_whole_sheet(kb, admin):
    sheet = [["工号", "姓名", "科室", "角色"], ["30001", "甲", "一科", "审计人员"],
             ["bad id", "乙", "一科", "审计人员"], ["30001", "丙", "一科", "处长"], ["30004", "", "", ""]]
    with pytest.raises(SheetRejected) as rejected:
        kb.user_import.import_rows(admin, read_sheet("x.xlsx", make_xlsx(sheet)))
    problems = [(e.line, e.message) for e in rejected.value.errors]
    assert (3, "用户名（工号）只能由字母、数字和 . _ @ - 组成，以字母或数字开头，不超过 64 位") in problems
    assert any(line == 4 and "工号与第 2 行重复" in m for line, m in problems)
    assert any(line == 4 and "角色“处长”无效" in m for line, m in problems)
    assert any(line == 5 and "姓名不能为空" in m for line, m in problems)
    assert kb.users.list_users(UserQuery()).total == 1  # only root
    assert kb.departments.list() == []


def test_importer_cannot_change_own_role(kb, admin):
    sheet = "工号,姓名,科室,角色\nroot,管理员,,审计人员\n"
    with pytest.raises(SheetRejected) as rejected:
        kb.user_import.import_rows(admin, read_sheet("x.csv", sheet.encode()))
    assert "自己的角色" in rejected.value.errors[0].message


@pytest.mark.parametrize("name, data, message", [
    ("x.txt", b"abc", "只支持"),
    ("x.xlsx", b"not a zip", "文件“x.xlsx”不是完整的 Excel"),
    ("x.csv", "姓名\n张三\n".encode(), "表头缺少列：工号"),
    ("x.csv", b"", "表格是空的"),
    ("x.csv", "工号,姓名\n".encode(), "没有用户数据"),
])
def test_unreadable_sheets(name, data, message):
    with pytest.raises(InvalidInput, match=message):
        read_sheet(name, data)
