"""Administering accounts and departments: each change audited, the system never left
without an active admin, temporary passwords forcing a change."""
import pytest
from sqlalchemy import text

from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from accounts.permissions import system_actor
from core.actor import Actor
from accounts.security_log import EventQuery
from accounts.user_admin import NewUser, UserChanges, UserQuery


@pytest.fixture
def admin(make_user):
    user = make_user("root", role="admin")
    return Actor(user.id, username=user.username, ip="10.0.0.1")


def test_create_with_generated_password(kb, admin):
    created = kb.users.create_user(admin, NewUser("10023", "张三", "staff"))
    assert created.password and created.user.must_change_password
    login = kb.auth.authenticate("10023", created.password)
    assert login.user.display_name == "张三"
    event = kb.security_log.page(EventQuery(action="user_created")).items[0]
    assert (event.actor_name, event.target) == ("root", "10023")


@pytest.mark.parametrize("new, error", [
    (NewUser("has space", "张三", "staff"), "用户名（工号）只能"),
    (NewUser("ok", "  ", "staff"), "姓名不能为空"),
    (NewUser("ok", "张三", "boss"), "未知角色"),
    (NewUser("ok", "张三", "staff", department="不存在的科"), "科室“不存在的科”不存在"),
    (NewUser("ok", "张三", "staff", password="weak"), "密码不符合要求"),
])
def test_create_rejects_bad_input(kb, admin, new, error):
    with pytest.raises(InvalidInput, match=error):
        kb.users.create_user(admin, new)


def test_duplicate_username(kb, admin):
    kb.users.create_user(admin, NewUser("zhang", "张三", "staff"))
    with pytest.raises(Conflict, match="已存在"):
        kb.users.create_user(admin, NewUser("zhang", "张三丰", "staff"))


def test_update_role_and_department_is_audited(kb, admin, make_user):
    dept = kb.departments.create(admin, "法规科")
    user = make_user("zhang")
    updated = kb.users.update_user(admin, user.id, UserChanges("张三", "trainer", dept.id))
    assert (updated.role, updated.department, updated.display_name) == ("trainer", "法规科", "张三")
    event = kb.security_log.page(EventQuery(action="user_updated")).items[0]
    assert "审计人员" in event.detail and "培训管理员/法规科" in event.detail


def test_admin_cannot_demote_or_disable_self(kb, admin):
    with pytest.raises(PermissionDenied, match="不能修改自己的角色"):
        kb.users.update_user(admin, admin.id, UserChanges("root", "staff", None))
    with pytest.raises(PermissionDenied, match="自己的账号"):
        kb.users.set_active(admin, admin.id, False)


def test_last_admin_cannot_be_disabled_from_the_command_line(kb, admin):
    with pytest.raises(Conflict, match="最后一名"):
        kb.users.set_active(system_actor(), admin.id, False)


def test_disable_enable_and_reset(kb, admin, make_user):
    user = make_user("zhang")
    assert not kb.users.set_active(admin, user.id, False).is_active
    assert kb.users.set_active(admin, user.id, True).is_active
    temporary = kb.users.reset_password(admin, user.id)
    login = kb.auth.authenticate("zhang", temporary)
    assert login.user.must_change_password
    assert [e.action for e in kb.security_log.page(EventQuery(actor="root")).items][:3] == [
        "password_reset", "user_enabled", "user_disabled"]


def test_listing_filters_and_pages(kb, admin, make_user):
    for number in range(12):
        make_user(f"u{number:02d}", department="审计一科" if number % 2 else "审计二科")
    dept = next(d for d in kb.departments.list() if d.name == "审计一科")
    page = kb.users.list_users(UserQuery(department_id=dept.id), page=2, per_page=4)
    assert page.total == 6 and page.pages == 2 and [u.username for u in page.items] == ["u09", "u11"]
    assert kb.users.list_users(UserQuery(text="u1")).total == 2
    assert kb.users.list_users(UserQuery(role="admin")).items[0].username == "root"


def test_missing_user(kb, admin):
    with pytest.raises(NotFound):
        kb.users.get_user(999)


def test_departments(kb, admin, make_user):
    dept = kb.departments.create(admin, "  审计 一科 ")
    assert dept.name == "审计 一科"
    with pytest.raises(Conflict):
        kb.departments.create(admin, "审计 一科")
    make_user("zhang", department="审计 一科")
    kb.departments.rename(admin, dept.id, "审计一科")
    assert [(d.name, d.user_count) for d in kb.departments.list()] == [("审计一科", 1)]
    kb.departments.delete(admin, dept.id)
    assert kb.users.find_user("zhang").department is None
    with pytest.raises(InvalidInput):
        kb.departments.create(admin, "")


def test_audit_log_is_append_only(kb, admin):
    """Not even a direct SQL statement through the app's own engine can rewrite it."""
    with kb.db.engine.connect() as connection:
        for statement in ("UPDATE security_events SET actor_name='x'", "DELETE FROM security_events"):
            with pytest.raises(Exception, match="append-only"):
                connection.execute(text(statement))
            connection.rollback()
    assert kb.security_log.page(EventQuery()).total >= 1
