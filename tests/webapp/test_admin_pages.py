"""Admin pages: users, departments, bulk import, the audit log."""
import io
import re

import pytest

from accounts.security_log import EventQuery
from tests.support.hostile_files import make_xlsx
from webapp.extensions import services


@pytest.fixture
def admin(signed_in):
    web = signed_in("admin")
    web.csrf("/admin/users")
    return web


def temporary_password(page: str) -> str:
    return re.search(r'id="temp-password">([^<]+)<', page).group(1)


def test_create_user_then_first_sign_in(loaded_app, admin, app):
    from tests.support.web import Web
    department = services(loaded_app).departments.list()[0]
    response = admin.post("/admin/users/new", {"username": "20001", "display_name": "赵六",
                                               "role": "trainer", "department_id": str(department.id),
                                               "password": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "用户已创建" in page and "培训管理员" in page
    newcomer = Web(app.test_client())
    assert newcomer.login("20001", temporary_password(page)).location == "/account/password"
    listing = admin.text("/admin/users?q=赵")
    assert "20001" in listing and "待改密码" in listing


@pytest.mark.parametrize("data, message", [
    ({"username": "", "display_name": "x", "role": "staff"}, "请填写用户名"),
    ({"username": "ok1", "display_name": "x", "role": "emperor"}, "不是有效的选择"),
    ({"username": "a b", "display_name": "x", "role": "staff"}, "只能由字母"),
    ({"username": "staff", "display_name": "x", "role": "staff"}, "已存在"),
    ({"username": "ok2", "display_name": "x", "role": "staff", "password": "weak"}, "密码不符合要求"),
])
def test_create_user_errors_are_explained(loaded_app, admin, data, message):
    response = admin.post("/admin/users/new", {"department_id": "", **data})
    assert response.status_code in (400, 409)
    assert message in response.get_data(as_text=True)


def test_edit_disable_enable_reset_unlock(loaded_app, admin, accounts):
    staff = accounts["staff"]
    url = f"/admin/users/{staff.id}"
    response = admin.post(url, {"display_name": "王审计", "role": "trainer", "department_id": ""})
    assert response.status_code == 302
    assert services(loaded_app).users.get_user(staff.id).role == "trainer"
    assert admin.post(f"{url}/disable").status_code == 302
    assert "停用" in admin.text(url)
    admin.post(f"{url}/enable")
    reset = admin.post(f"{url}/reset-password")
    assert "密码已重置" in reset.get_data(as_text=True)
    assert admin.post(f"{url}/unlock").status_code == 302
    events = [e.action for e in services(loaded_app).security_log.page(EventQuery(actor="admin")).items]
    assert events[:5] == ["user_unlocked", "password_reset", "user_enabled", "user_disabled", "user_updated"]


def test_admin_cannot_lock_themselves_out(loaded_app, admin, accounts):
    me = accounts["admin"]
    response = admin.post(f"/admin/users/{me.id}/disable")
    assert response.status_code == 403 and "不能停用自己的账号" in response.get_data(as_text=True)
    response = admin.post(f"/admin/users/{me.id}", {"display_name": "x", "role": "staff", "department_id": ""})
    assert response.status_code == 403 and "不能修改自己的角色" in response.get_data(as_text=True)


def test_departments(loaded_app, admin):
    assert admin.post("/admin/departments", {"name": "法规科"}).status_code == 302
    duplicate = admin.post("/admin/departments", {"name": "法规科"})
    assert duplicate.status_code == 409 and "已存在" in duplicate.get_data(as_text=True)
    department = next(d for d in services(loaded_app).departments.list() if d.name == "法规科")
    admin.post(f"/admin/departments/{department.id}/rename",
               {f"d{department.id}-name": "法规审理科", f"d{department.id}-csrf_token": admin.token})
    assert "法规审理科" in admin.text("/admin/departments")
    admin.post(f"/admin/departments/{department.id}/delete")
    assert "法规审理科" not in admin.text("/admin/departments")
    assert admin.post("/admin/departments/999/delete").status_code == 404


def upload(admin, name: str, data: bytes):
    return admin.client.post("/admin/users/import", content_type="multipart/form-data",
                             data={"csrf_token": admin.token, "sheet": (io.BytesIO(data), name)})


def test_bulk_import_success_and_rejection(loaded_app, admin):
    good = make_xlsx([["工号", "姓名", "科室", "角色"], ["30001", "甲", "一科", "审计人员"],
                  ["30002", "乙", "二科", "培训管理员"]])
    page = upload(admin, "名单.xlsx", good).get_data(as_text=True)
    assert "新建 <strong>2</strong> 个账号" in page and page.count('class="secret"') == 2
    bad = make_xlsx([["工号", "姓名", "科室", "角色"], ["30003", "丙", "一科", "处长"], ["30003", "", "", ""]])
    response = upload(admin, "名单.xlsx", bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "未导入任何用户" in page
    assert "第 2 行" in page and "第 3 行" in page and "角色“处长”无效" in page
    assert services(loaded_app).users.find_user("30003") is None


def test_bulk_import_refuses_other_files(loaded_app, admin):
    response = upload(admin, "名单.txt", b"x")
    assert response.status_code == 400 and "只支持 .xlsx 或 .csv" in response.get_data(as_text=True)


def test_audit_log_read_and_export_only(loaded_app, admin):
    page = admin.text("/admin/audit?action=login")
    assert "登录成功" in page and "admin" in page
    export = admin.get("/admin/audit/export.csv")
    text = export.get_data(as_text=True)
    assert export.mimetype == "text/csv" and text.startswith("\ufeff时间,用户,操作")
    assert "登录成功" in text
    assert services(loaded_app).security_log.page(EventQuery(action="audit_exported")).total == 1
    for method in ("post", "put", "delete"):
        assert getattr(admin.client, method)("/admin/audit").status_code in (400, 405)


def test_audit_log_shows_and_filters_quiz_and_notice_administration(loaded_app, admin):
    admin.post("/admin/schedule/enable", token_from="/admin/schedule")
    admin.post("/admin/notices/robots", {"name": "一科群", "kind": "wecom", "url": "http://127.0.0.1:9/hook",
                                         "department_id": ""}, token_from="/admin/notices")
    page = admin.text("/admin/audit?area=notice")
    assert '<option value="notice" selected>推送与通知</option>' in page
    assert '<optgroup label="练兵与阅卷">' in page and "导出成绩" in page
    rows = re.findall(r'<td data-label="操作">([^<]+)</td>\s*<td data-label="对象">([^<]+)</td>', page)
    assert [action for action, _ in rows] == ["添加群机器人", "修改推送计划"]
    assert rows[0][1].endswith("一科群") and rows[1][1] == "推送计划"
    assert "登录成功" not in re.sub(r"<select.*?</select>", "", page, flags=re.S)
    export = admin.get("/admin/audit/export.csv?area=notice").get_data(as_text=True)
    assert "添加群机器人" in export and "登录成功" not in export
    assert services(loaded_app).security_log.page(EventQuery(action="audit_exported")).items[0].detail \
        .startswith("条件：类别=推送与通知，操作=全部")


def test_csv_export_defuses_formulas(loaded_app, admin, web):
    from webapp.admin.audit import csv_line
    assert csv_line(["=cmd|' /C calc'!A0", "ok"]).startswith("'=cmd")


def test_coverage_report_page(loaded_app, admin, browser):
    kb = services(loaded_app)
    kb.citations.record_text("question", 9, "依据《国家审计准则》第一百二十条和《<script>x</script>办法》第二条")
    page = admin.text("/admin/library/coverage")
    assert "《国家审计准则》" in page and "试题 9" in page and "/bank/9" in page
    assert "<script>x" not in page
    assert "法规库缺口" in admin.text("/admin/users")          # in the admin tabs
    assert browser("trainer").get("/admin/library/coverage").status_code == 403
