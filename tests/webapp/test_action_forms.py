"""The small action forms of the case, guide, library and account pages refuse what they
cannot read with a Chinese message, and change nothing: a revision that is not a number,
an unknown switch value or direction, an over-long name, preview date or return address."""
from accounts.permissions import actor_of
from webapp.extensions import services

NO_REVISION = "缺少或无效的版次，请刷新页面后重新编辑"


def refused(response, message: str) -> bool:
    return response.status_code == 400 and message in response.get_data(as_text=True)


def test_case_actions_refuse_a_revision_that_is_not_a_number(citing_app, signed_in, make_case, accounts):
    draft = make_case("丁县草稿案", publish=False)
    web = signed_in("trainer")
    assert refused(web.post(f"/cases/{draft.id}/publish", {"revision": "一"}), NO_REVISION)
    assert refused(web.post(f"/cases/{draft.id}/publish", {}), NO_REVISION)
    assert refused(web.post(f"/cases/{draft.id}/unpublish", {"revision": "1.0"}), NO_REVISION)
    assert refused(web.post(f"/cases/{draft.id}/revisions/1/restore", {"revision": "²"}), NO_REVISION)
    assert refused(web.post(f"/cases/{draft.id}/delete", {"revision": "-1"}), NO_REVISION)
    case = services(citing_app).cases.get_case(actor_of(accounts["trainer"]), draft.id)
    assert case.status == "draft" and case.revision == draft.revision


def test_guide_delete_refuses_a_revision_that_is_not_a_number(citing_app, browser):
    web = browser("trainer")
    assert refused(web.post("/guide/no-budget/delete", {"revision": "abc"}), NO_REVISION)
    assert web.get("/guide/no-budget").status_code == 200


def test_case_preview_refuses_an_over_long_body_or_date(citing_app, signed_in):
    web = signed_in("trainer")
    token = web.csrf("/cases/new")
    long_date = web.client.post("/cases/preview", data={"body": "x", "case_date": "2023-05-01" * 3},
                                headers={"X-CSRFToken": token})
    assert refused(long_date, "不超过 20 个字符")
    long_body = web.client.post("/cases/preview", data={"body": "x" * 200_001}, headers={"X-CSRFToken": token})
    assert refused(long_body, "正文不能超过")


def test_audit_type_actions_refuse_unknown_values(citing_app, signed_in):
    web = signed_in("trainer")
    kb = services(citing_app)
    first = kb.audit_types.list_types()[0]
    before = [(t.name, t.is_active) for t in kb.audit_types.list_types(include_inactive=True)]
    assert refused(web.post(f"/cases/audit-types/{first.id}/active", {"active": "yes"}), "启用状态只能是：0、1")
    assert refused(web.post(f"/cases/audit-types/{first.id}/move", {"direction": "left"}), "移动方向只能是：up、down")
    assert refused(web.post(f"/cases/audit-types/{first.id}/rename", {"name": "类" * 41}), "不超过 40 个字符")
    assert refused(web.post(f"/cases/audit-types/{first.id}/rename", {"name": ""}), "请填写名称")
    assert [(t.name, t.is_active) for t in kb.audit_types.list_types(include_inactive=True)] == before


def test_email_notice_switch_refuses_an_unknown_value(loaded_app, signed_in, accounts):
    web = signed_in("staff")
    assert refused(web.post("/me/email-notices", {"enabled": "off"}), "邮件通知开关只能是：0、1")
    assert services(loaded_app).users.get_user(accounts["staff"].id).email_notifications is True


def test_library_actions_refuse_an_over_long_return_address(loaded_app, signed_in):
    web = signed_in("staff")
    law = services(loaded_app).library.find_statute("样例审计法").id
    article = f"/laws/{law}/articles/2"
    response = web.post(f"{article}/favourite", {"on": "1", "next": article + "?q=" + "长" * 2000})
    assert refused(response, "不超过 2000 个字符")
    assert "还没有收藏" in web.text("/me/favourites")
