"""法规更新 and 关注 through the test client: the page for every signed-in user (filters,
links to the version and its 新旧对照), following from the statute page (CSRF, twice,
not followed), the account page's list, and the same through the API."""
import datetime as dt
from pathlib import Path

import pytest

from accounts.permissions import actor_of, system_actor
from kb.intake import IntakeMetadata
from tests.support.statute_files import write_txt
from webapp.extensions import services

AUDIT_LAW_2021 = Path(__file__).resolve().parents[1] / "fixtures" / "statutes" / "经济法" / "样例审计法(2021-10-23).md"


@pytest.fixture
def staff(signed_in):
    return signed_in("staff")


def audit_law(app):
    return services(app).library.find_statute("样例审计法").id


def add_version(app, admin_user):
    text = AUDIT_LAW_2021.read_text(encoding="utf-8").replace("第一条", "第一条 （2026年修正）", 1)
    return services(app).intake.save(actor_of(admin_user), write_txt(text), "修正.txt", IntakeMetadata(
        level="法律", new_version_of="样例审计法", promulgated=dt.date(2026, 6, 1),
        effective=dt.date(2027, 1, 1)))


def test_the_updates_page_lists_changes_with_links(loaded_app, accounts, staff):
    first = staff.text("/laws/updates")
    assert "初次导入" in first and "部法规" in first and "法规更新" in first
    add_version(loaded_app, accounts["admin"])
    law = audit_law(loaded_app)
    page = staff.text("/laws/updates")
    assert page.index("新版本") < page.index("初次导入")
    assert f"/laws/{law}/correspondence?new=" in page and f"/laws/{law}?version=" in page
    assert "用户admin" in page
    only = staff.text("/laws/updates?kind=statute")
    assert "没有符合条件的变更" in only
    assert "中华人民共和国样例审计法" in staff.text("/laws/updates?level=法律")
    assert "中华人民共和国样例审计法" not in staff.text("/laws/updates?level=本单位制度")
    assert "变更类型无效" in staff.text("/laws/updates?kind=deleted", status=400)


def test_follow_from_the_statute_page(loaded_app, staff):
    law = audit_law(loaded_app)
    assert "data-follow>关注<" in staff.text(f"/laws/{law}")
    refused = staff.client.post(f"/laws/{law}/follow", data={})
    assert refused.status_code == 400
    done = staff.post(f"/laws/{law}/follow")
    assert done.status_code == 302 and done.location == f"/laws/{law}"
    assert "data-follow>取消关注<" in staff.text(f"/laws/{law}")
    again = staff.post(f"/laws/{law}/follow")
    assert again.status_code == 409 and "无需重复关注" in again.get_data(as_text=True)
    account = staff.text("/me/account")
    assert "我关注的法规" in account and f'href="/laws/{law}"' in account
    back = staff.post(f"/laws/{law}/unfollow", {"next": "/me/account#follows"})
    assert back.location == "/me/account#follows"
    assert "还没有关注法规" in staff.text("/me/account")
    missing = staff.post(f"/laws/{law}/unfollow")
    assert missing.status_code == 409 and "你没有关注" in missing.get_data(as_text=True)


def test_a_follower_finds_the_notice_in_the_inbox(loaded_app, accounts, staff):
    law = audit_law(loaded_app)
    staff.post(f"/laws/{law}/follow")
    add_version(loaded_app, accounts["admin"])
    inbox = staff.text("/notices")
    assert "关注的法规新版本：《中华人民共和国样例审计法》" in inbox


def test_the_api(loaded_app, accounts):
    kb = services(loaded_app)
    client = loaded_app.test_client()
    headers = {"Authorization": f"Bearer {kb.tokens.issue(system_actor(), accounts['staff']).token}"}
    law = audit_law(loaded_app)
    created = client.post(f"/api/v1/laws/{law}/follow", headers=headers)
    assert created.status_code == 201 and created.json["statute_id"] == law
    twice = client.post(f"/api/v1/laws/{law}/follow", headers=headers)
    assert twice.status_code == 409 and "无需重复关注" in twice.json["error"]["message"]
    listed = client.get("/api/v1/me/follows", headers=headers).json
    assert [f["statute_id"] for f in listed["items"]] == [law] and listed["total"] == 1
    assert client.get("/api/v1/laws/changes?kind=initial", headers=headers).json["total"] == 1
    assert client.get("/api/v1/laws/changes?kind=nothing", headers=headers).status_code == 400
    gone = client.delete(f"/api/v1/laws/{law}/follow", headers=headers)
    assert gone.json == {"statute_id": law, "following": False}
    assert client.delete(f"/api/v1/laws/{law}/follow", headers=headers).status_code == 409
    assert client.post("/api/v1/laws/999999/follow", headers=headers).status_code == 404
