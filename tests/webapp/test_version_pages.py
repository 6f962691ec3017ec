"""替换此版本 / 撤回 in the browser (test client): admins only, CSRF, the reason required,
the old text readable from the statute page's 版本变更记录."""
import datetime as dt
import io
import re
from pathlib import Path

from accounts.permissions import actor_of
from kb.intake import IntakeMetadata
from tests.support.statute_files import write_txt
from tests.support.web import Web
from webapp.extensions import services

AUDIT_LAW_2021 = Path(__file__).resolve().parents[1] / "fixtures" / "statutes" / "经济法" / "样例审计法(2021-10-23).md"


def test_an_admin_replaces_and_withdraws(loaded_app, accounts, signed_in):
    kb = services(loaded_app)
    law = kb.library.find_statute("样例审计法").id
    current = kb.library.current_version(law)
    admin = signed_in("admin")
    page = admin.text(f"/admin/library/versions/{law}/{current.id}")
    assert "替换此版本" in page and "撤回此版本" in page
    # Each reason's label names its own input (one id each, so 撤回原因 is not the replace form's).
    assert re.search(r'<label[^>]*for="replace-reason"[^>]*>替换原因', page)
    assert re.search(r'<label[^>]*for="withdraw-reason"[^>]*>撤回原因', page)
    assert page.count('id="replace-reason"') == page.count('id="withdraw-reason"') == 1
    url = f"/admin/library/versions/{law}/{current.id}/replace"
    corrected = AUDIT_LAW_2021.read_text(encoding="utf-8").replace("第一条", "第一条 更正后的第一条。", 1)
    no_reason = admin.post(url, {"file": (io.BytesIO(write_txt(corrected)), "更正.txt"), "reason": ""},
                           content_type="multipart/form-data")
    assert no_reason.status_code == 400 and "请填写原因" in no_reason.get_data(as_text=True)
    done = admin.post(url, {"file": (io.BytesIO(write_txt(corrected)), "更正.txt"), "reason": "错字"},
                      content_type="multipart/form-data")
    assert done.status_code == 302
    statute_page = admin.text(f"/laws/{law}")
    assert "更正后的第一条。" in statute_page and "版本变更记录（1）" in statute_page and "（已替换）" in statute_page
    entry, = kb.versions.history(law)
    old = admin.text(f"/laws/{law}/history/{entry.id}")
    assert "已替换前的文本" in old and "更正后的第一条。" not in old and "原因：错字" in old
    refused = admin.post(f"/admin/library/versions/{law}/{current.id}/withdraw", {"reason": "不要了"})
    assert refused.status_code == 400 and "法规语料中的版本，不能撤回" in refused.get_data(as_text=True)
    text = AUDIT_LAW_2021.read_text(encoding="utf-8").replace("第一条", "第一条 （2026年修正）", 1)
    kb.intake.save(actor_of(accounts["admin"]), write_txt(text), "修正.txt", IntakeMetadata(
        level="法律", new_version_of="样例审计法", promulgated=dt.date(2026, 6, 1),
        effective=dt.date(2027, 1, 1)))
    added = next(v for v in kb.library.versions(law) if v.version_date == dt.date(2026, 6, 1))
    gone = admin.post(f"/admin/library/versions/{law}/{added.id}/withdraw", {"reason": "重复导入"})
    assert gone.status_code == 302 and len(kb.library.versions(law)) == 2
    assert "撤回版本" in admin.text("/laws/updates")


def test_staff_may_not_and_csrf_is_required(loaded_app, accounts, signed_in):
    kb = services(loaded_app)
    law = kb.library.find_statute("样例审计法").id
    current = kb.library.current_version(law)
    staff = signed_in("staff")
    assert staff.post(f"/admin/library/versions/{law}/{current.id}/withdraw", {"reason": "x"}).status_code == 403
    assert "替换或撤回此版本" not in staff.text(f"/laws/{law}")
    admin = Web(loaded_app.test_client())
    admin.login(accounts["admin"].username)
    forged = admin.client.post(f"/admin/library/versions/{law}/{current.id}/withdraw", data={"reason": "x"})
    assert forged.status_code == 400
    assert kb.versions.history(law) == []
