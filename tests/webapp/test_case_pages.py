"""The case pages: writing with citations resolved, drafts and publishing, the 409
conflict page, revisions, deletion, list filters and the audit-type list."""
import re

from accounts.permissions import actor_of
from webapp.extensions import services

BODY = ("## 审计发现\n\n该单位拒绝提供会计资料。\n\n## 定性依据\n\n"
        "违反了《中华人民共和国样例审计法》第四条和《样例审计法》第九十九条，"
        "并参照《不存在的法》第一条。")


def case_form(**overrides) -> dict:
    form = {"title": "乙县审计局拒绝提供资料案", "audit_type": "预算执行",
            "case_date": "2023-05-01", "source": "示例", "tags": "拒绝提供资料、会计资料",
            "summary": "被审计单位拒绝提供会计资料。", "body": BODY}
    return {**form, **overrides}


def revision_in(page: str) -> str:
    return re.search(r'name="revision" type="hidden" value="(\d+)"|name="revision" value="(\d+)"',
                     page).group(0)


def test_trainer_writes_a_draft_and_unresolved_references_are_listed(citing_app, signed_in):
    web = signed_in("trainer")
    new = web.text("/cases/new")
    assert "## 基本情况" in new and "data-preview-url" in new
    response = web.post("/cases/new", case_form())
    assert response.status_code == 302
    page = web.get(response.location, follow_redirects=False).get_data(as_text=True)
    law = services(citing_app).library.find_statute("样例审计法").id
    assert re.search(rf'<a class="cite" href="/laws/{law}/articles/4\?version=\d+"', page)
    assert "草稿 · 仅培训管理员可见" in page
    # Unresolved references: named in the flash, listed in the box, marked in the text.
    assert "以下引用未能解析" in page and "《样例审计法》第九十九条" in page
    assert page.count('class="cite cite-unresolved"') == 2
    assert "法规中没有这一条" in page and "法规库中没有这部法规" in page


def test_form_errors_keep_what_was_typed(citing_app, signed_in):
    web = signed_in("trainer")
    response = web.post("/cases/new", case_form(title="", audit_type="没有这种类型"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "请填写标题" in page
    assert "违反了《中华人民共和国样例审计法》第四条" in page  # the body is still in the form
    response = web.post("/cases/new", case_form(audit_type="没有这种类型"))
    assert response.status_code == 400 and "没有名为“没有这种类型”的审计类型" in response.get_data(as_text=True)


def test_drafts_are_for_editors_until_published(citing_app, browser, make_case):
    draft = make_case("丙县草稿案", publish=False)
    staff, trainer = browser("staff"), browser("trainer")
    assert staff.get(f"/cases/{draft.id}").status_code == 404
    assert "丙县草稿案" not in staff.text("/cases") and "丙县草稿案" not in staff.text("/cases?status=draft")
    assert staff.get(f"/cases/{draft.id}/download").status_code == 404
    assert "丙县草稿案" in trainer.text("/cases?status=draft")
    response = trainer.post(f"/cases/{draft.id}/publish", {"revision": str(draft.revision)})
    assert response.status_code == 302
    assert "案例已发布" in trainer.text(f"/cases/{draft.id}")
    assert "丙县草稿案" in staff.text("/cases") and staff.get(f"/cases/{draft.id}").status_code == 200
    download = staff.get(f"/cases/{draft.id}/download")
    assert download.status_code == 200 and "title: 丙县草稿案" in download.get_data(as_text=True)
    assert trainer.post(f"/cases/{draft.id}/unpublish", {"revision": "2"}).status_code == 302
    assert staff.get(f"/cases/{draft.id}").status_code == 404


def test_live_preview_resolves_references(citing_app, signed_in):
    web = signed_in("trainer")
    token = web.csrf("/cases/new")
    response = web.client.post("/cases/preview", data={"body": BODY, "case_date": "2023-05-01"},
                               headers={"X-CSRFToken": token})
    data = response.json
    assert response.status_code == 200 and data["unresolved"] == 2
    statuses = [(c["text"], c["status"], bool(c["url"])) for c in data["citations"]]
    assert statuses[0] == ("《中华人民共和国样例审计法》第四条", "resolved", True)
    assert any(c["status_text"] == "法规中没有这一条" for c in data["citations"])
    assert '<a class="cite"' in data["html"] and "<h2>审计发现</h2>" in data["html"]
    assert web.client.post("/cases/preview", data={"body": BODY}).status_code == 400  # no CSRF token
    bad_date = web.client.post("/cases/preview", data={"body": "x", "case_date": "2023-13-01"},
                               headers={"X-CSRFToken": token})
    assert bad_date.status_code == 400


def test_conflicting_edit_is_refused_and_keeps_the_users_text(citing_app, signed_in, make_case, accounts):
    case = make_case(body="第一行\n\n第二行")
    web = signed_in("trainer")
    form = web.text(f"/cases/{case.id}/edit")
    assert 'value="1"' in revision_in(form)
    kb = services(citing_app)
    other = case.as_input().__class__(**{**case.as_input().__dict__, "body": "第一行\n\n别人改的第二行"})
    kb.cases.update_case(actor_of(accounts["admin"]), case.id, other, 1)
    mine = case_form(title=case.title, body="第一行\n\n我改的第二行", revision="1")
    response = web.post(f"/cases/{case.id}/edit", mine)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "保存冲突" in page and "当前为第2版" in page and "您编辑的是第1版" in page
    assert "我改的第二行</textarea>" in page                       # nothing lost
    assert 'class="diff-line diff-ins"' in page and "别人改的第二行" in page  # what they changed
    assert 'value="2"' in revision_in(page)                       # saving again is deliberate
    again = web.post(f"/cases/{case.id}/edit", {**mine, "revision": "2"})
    assert again.status_code == 302
    assert kb.cases.get_case(actor_of(accounts["trainer"]), case.id).body.endswith("我改的第二行")


def test_revisions_show_differences_and_restore(citing_app, signed_in, make_case, accounts):
    case = make_case(body="原来的正文")
    web = signed_in("trainer")
    assert web.post(f"/cases/{case.id}/edit", case_form(title=case.title, body="改过的正文",
                                                       note="补充事实", revision="1")).status_code == 302
    history = web.text(f"/cases/{case.id}/revisions")
    assert "第2版" in history and "补充事实" in history and "正文" in history
    old = web.text(f"/cases/{case.id}/revisions/1")
    assert "<del>" in old or 'diff-del' in old
    assert "原来的正文" in old and "改过的正文" in old and "恢复此版本" in old
    response = web.post(f"/cases/{case.id}/revisions/1/restore", {"revision": "2"})
    assert response.status_code == 302
    restored = services(citing_app).cases.get_case(actor_of(accounts["trainer"]), case.id)
    assert restored.revision == 3 and restored.body == "原来的正文"
    stale = web.post(f"/cases/{case.id}/revisions/1/restore", {"revision": "2"})
    assert stale.status_code == 409 and "当前为第3版" in stale.get_data(as_text=True)
    assert web.get(f"/cases/{case.id}/revisions/9").status_code == 404


def test_delete_asks_first(citing_app, signed_in, make_case):
    case = make_case("待删除的案例")
    web = signed_in("trainer")
    confirm = web.text(f"/cases/{case.id}/delete")
    assert "待删除的案例" in confirm and "无法恢复" in confirm and "data-confirm" in confirm
    assert web.post(f"/cases/{case.id}/delete", {"revision": "7"}).status_code == 409
    assert web.post(f"/cases/{case.id}/delete", {"revision": "1"}).status_code == 302
    assert web.get(f"/cases/{case.id}").status_code == 404
    assert web.post(f"/cases/{case.id}/delete", {}).status_code == 404


def test_list_filters(citing_app, signed_in, make_case):
    make_case("预算案一", tags=("无预算支出",))
    make_case("采购案二", audit_type="政府采购", summary="化整为零规避招标")
    make_case("草稿案三", publish=False)
    web = signed_in("trainer")
    assert "采购案二" in web.text("/cases?audit_type=政府采购")
    assert "预算案一" not in web.text("/cases?audit_type=政府采购")
    by_tag = web.text("/cases?tag=无预算支出")
    assert "预算案一" in by_tag and "采购案二" not in by_tag
    assert "采购案二" in web.text("/cases?q=化整为零")
    drafts = web.text("/cases?status=draft")
    assert "草稿案三" in drafts and "预算案一" not in drafts
    assert web.get("/cases?status=deleted").status_code == 400
    assert "没有符合条件的案例" in web.text("/cases?q=没有这种案例")


def test_audit_type_list(citing_app, signed_in, make_case):
    web = signed_in("trainer")
    page = web.text("/cases/audit-types")
    assert "预算执行" in page and "经济责任" in page
    assert web.post("/cases/audit-types", {"name": "专项审计调查"}).status_code == 302
    duplicate = web.post("/cases/audit-types", {"name": "专项审计调查"})
    assert duplicate.status_code == 409 and "已存在" in duplicate.get_data(as_text=True)
    kb = services(citing_app)
    added = next(t for t in kb.audit_types.list_types() if t.name == "专项审计调查")
    assert web.post(f"/cases/audit-types/{added.id}/rename", {"name": "专项调查"}).status_code == 302
    assert web.post(f"/cases/audit-types/{added.id}/move", {"direction": "up"}).status_code == 302
    names = [t.name for t in kb.audit_types.list_types(include_inactive=True)]
    assert names.index("专项调查") == names.index("其他") - 1
    assert web.post(f"/cases/audit-types/{added.id}/active", {"active": "0"}).status_code == 302
    assert '<option value="专项调查"' not in web.text("/cases/new")  # retired types are not offered
    assert web.post("/cases/audit-types/9999/move", {"direction": "up"}).status_code == 404
