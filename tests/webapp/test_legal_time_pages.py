"""Administrators correct legal time in the browser; bad input is refused, nothing saved."""
import pytest

from accounts.security_log import EventQuery
from webapp.extensions import services


def _law(app):
    return services(app).library.find_statute("样例审计法").id


def _old_version(app):
    return services(app).library.versions(_law(app))[0].id


def test_an_admin_corrects_an_effective_date_and_the_statute_page_shows_it(loaded_app, signed_in):
    admin = signed_in("admin")
    law = _law(loaded_app)
    assert "更正时效信息" in admin.text(f"/laws/{law}")
    page = f"/admin/laws/{law}/legal-time"
    response = admin.post(f"{page}/dates", {"version": _old_version(loaded_app), "effective": "2006-06-01",
                                            "note": "关于修改的决定：本决定自2006年6月1日起施行"}, token_from=page)
    assert response.status_code == 302
    shown = admin.text(f"/laws/{law}?version={_old_version(loaded_app)}")
    assert "2006-06-01" in shown and "（来源：管理员更正）" in shown
    assert "关于修改的决定" in admin.text(page)
    events = services(loaded_app).security_log.page(EventQuery(action="legal_time_corrected")).items
    assert len(events) == 1 and "2006-06-01" in events[0].detail


@pytest.mark.parametrize("form, message", [
    ({"effective": "2006-01-01", "note": "某决定"}, "早于公布日期"),
    ({"effective": "2206-01-01", "note": "某决定"}, "太远"),
    ({"effective": "明年", "note": "某决定"}, "日期格式不正确"),
    ({"effective": "2006-06-01", "note": ""}, "请写明更正的依据"),
])
def test_bad_dates_are_refused_in_chinese(loaded_app, signed_in, form, message):
    admin = signed_in("admin")
    page = f"/admin/laws/{_law(loaded_app)}/legal-time"
    response = admin.post(f"{page}/dates", {"version": _old_version(loaded_app), **form}, token_from=page)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert services(loaded_app).legal_time.history(_law(loaded_app)) == []


def test_a_repeal_before_promulgation_and_an_unknown_statute_are_refused(loaded_app, signed_in):
    admin = signed_in("admin")
    page = f"/admin/laws/{_law(loaded_app)}/legal-time"
    response = admin.post(f"{page}/repeal", {"repealed_on": "2000-01-01", "by_title": "某法",
                                             "note": "某法第九十条"}, token_from=page)
    assert response.status_code == 400 and "早于该法规的公布日期" in response.get_data(as_text=True)
    assert admin.get("/admin/laws/999999/legal-time").status_code == 404
    assert services(loaded_app).library.get_statute(_law(loaded_app)).repealed_on is None


def test_staff_cannot_correct(loaded_app, signed_in):
    staff = signed_in("staff")
    assert "更正时效信息" not in staff.text(f"/laws/{_law(loaded_app)}")
    assert staff.get(f"/admin/laws/{_law(loaded_app)}/legal-time").status_code == 403


def test_a_case_cites_the_version_in_force_on_its_date(loaded_app, make_case, signed_in):
    import datetime as dt
    case = make_case(case_date=dt.date(1990, 1, 1))
    page = signed_in("staff").text(f"/cases/{case.id}")
    assert "库中没有 1990-01-01 时有效的版本；现有 2006 年修正文本" in page
