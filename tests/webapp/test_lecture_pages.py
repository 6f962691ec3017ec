"""Lecture and 学法记录 pages: roles and CSRF on every form, the forms' Chinese errors, the
attendance sheet's row report, materials always downloaded as attachments, the record
and the annual export."""
import io

from openpyxl import load_workbook

from tests.support.sheets import HTML, PDF, xlsx
from webapp.extensions import services

LECTURE = {"title": "审计法专题讲座", "kind": "lecture", "speaker": "王处长", "held_on": "2026-02-27",
           "hours": "2", "summary": "第一讲"}


def record_lecture(web, **overrides):
    response = web.post("/lectures/new", {**LECTURE, **overrides}, token_from="/lectures/new")
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.location.rstrip("/").rsplit("/", 1)[1])


def test_a_trainer_records_a_lecture_and_staff_read_it(loaded_app, browser, accounts):
    trainer = browser("trainer")
    statute_id = services(loaded_app).lectures.statute_choices()[0][0]
    lecture_id = record_lecture(trainer, statutes=[str(statute_id)])
    page = trainer.text(f"/lectures/{lecture_id}")
    assert "审计法专题讲座" in page and "王处长" in page and "签到名单" in page
    staff = browser("staff")
    page = staff.text(f"/lectures/{lecture_id}")
    assert "您不在签到名单中" in page and "签到名单 " not in page and "导入签到表" not in page
    assert "审计法专题讲座" in staff.text("/lectures")
    assert staff.get("/lectures/new").status_code == 403
    assert staff.post(f"/lectures/{lecture_id}/delete", token_from="/lectures").status_code == 403


def test_bad_lecture_input_is_shown_in_chinese(loaded_app, browser):
    trainer = browser("trainer")
    response = trainer.post("/lectures/new", {**LECTURE, "hours": "0.3"}, token_from="/lectures/new")
    assert response.status_code == 400 and "以 0.5 学时为单位" in response.get_data(as_text=True)
    response = trainer.post("/lectures/new", {**LECTURE, "held_on": "2026-13-01"}, token_from="/lectures/new")
    assert response.status_code == 400
    response = trainer.post("/lectures/new", {**LECTURE, "statutes": ["999999"]}, token_from="/lectures/new")
    assert response.status_code == 400 and "所选法规不存在" in response.get_data(as_text=True)
    assert services(loaded_app).lectures.list_lectures(_system()) == []


def _system():
    from accounts.permissions import SYSTEM
    return SYSTEM


def test_forms_need_the_csrf_token(loaded_app, browser):
    trainer = browser("trainer")
    response = trainer.client.post("/lectures/new", data=LECTURE)
    assert response.status_code == 400
    assert services(loaded_app).lectures.list_lectures(_system()) == []


def test_materials_are_downloaded_as_attachments_never_inline(loaded_app, browser):
    trainer = browser("trainer")
    lecture_id = record_lecture(trainer)
    response = trainer.post(f"/lectures/{lecture_id}/materials", {"file": (io.BytesIO(PDF), "讲义.pdf")},
                            token_from="/lectures/new", content_type="multipart/form-data")
    assert response.status_code == 302
    material_id = services(loaded_app).lectures.get(_system(), lecture_id).materials[0].id
    download = browser("staff").get(f"/lectures/{lecture_id}/materials/{material_id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.mimetype == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]
    for name, data, message in (("page.html", HTML, "只能上传 PDF"), ("讲义.pdf", HTML, "内容与扩展名 .pdf 不符")):
        response = trainer.post(f"/lectures/{lecture_id}/materials", {"file": (io.BytesIO(data), name)},
                                token_from="/lectures/new", content_type="multipart/form-data")
        assert response.status_code == 400 and message in response.get_data(as_text=True), name
    assert len(services(loaded_app).lectures.get(_system(), lecture_id).materials) == 1


def test_an_attendance_sheet_with_unknown_numbers_is_reported_by_row(loaded_app, browser, accounts):
    trainer = browser("trainer")
    lecture_id = record_lecture(trainer)
    sheet = xlsx([("工号", "姓名"), (accounts["staff"].username, accounts["staff"].display_name), ("99999", "王五")])
    response = trainer.post(f"/lectures/{lecture_id}/attendance/import", {"sheet": (io.BytesIO(sheet), "签到.xlsx")},
                            token_from="/lectures/new", content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "第 3 行" in page and "工号“99999”不存在" in page
    assert "未导入任何签到记录" in page
    assert services(loaded_app).lectures.get(_system(), lecture_id).summary.attendee_count == 0
    good = xlsx([("工号",), (accounts["staff"].username,)])
    response = trainer.post(f"/lectures/{lecture_id}/attendance/import", {"sheet": (io.BytesIO(good), "签到.xlsx")},
                            token_from="/lectures/new", content_type="multipart/form-data")
    assert response.status_code == 302
    assert services(loaded_app).lectures.get(_system(), lecture_id).summary.attendee_count == 1


def test_a_lecture_with_attendance_shows_in_the_record_and_the_export(loaded_app, browser, accounts):
    trainer = browser("trainer")
    lecture_id = record_lecture(trainer)
    page = trainer.text(f"/lectures/{lecture_id}/attendance")
    assert accounts["staff"].display_name in page
    response = trainer.post(f"/lectures/{lecture_id}/attendance", {"user_ids": [str(accounts["staff"].id)]},
                            token_from=f"/lectures/{lecture_id}/attendance")
    assert response.status_code == 302
    staff = browser("staff")
    record = staff.text("/record?year=2026")
    assert "审计法专题讲座" in record and "2 学时" in record
    assert staff.get(f"/record/people/{accounts['trainer'].id}").status_code == 403
    assert staff.get(f"/record/people/{accounts['trainer'].id}/record.xlsx").status_code == 403
    mine = load_workbook(io.BytesIO(staff.get("/record/mine.xlsx?year=2026").data))
    assert [r[2] for r in mine["讲座"].iter_rows(min_row=2, values_only=True)] == ["审计法专题讲座"]
    theirs = load_workbook(io.BytesIO(trainer.get(f"/record/people/{accounts['staff'].id}/record.xlsx?year=2026").data))
    assert dict(theirs["概况"].iter_rows(values_only=True))["学时合计"] == 2
    assert staff.get("/record/annual.xlsx?year=2026").status_code == 403
    assert "审计法专题讲座" in trainer.text(f"/record/people/{accounts['staff'].id}?year=2026")
    assert "科室汇总" in trainer.text("/record/annual?year=2026")
    export = trainer.get("/record/annual.xlsx?year=2026")
    assert export.headers["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(export.data))
    people = {row[0]: row for row in book["个人学法记录"].iter_rows(min_row=2, values_only=True)}
    assert people[accounts["staff"].username][3:5] == (1, 2)
    assert [r[2] for r in book["讲座"].iter_rows(min_row=2, values_only=True)] == ["审计法专题讲座"]


def test_the_lecture_list_filters_by_year(loaded_app, browser):
    trainer = browser("trainer")
    record_lecture(trainer, title="今年的讲座")
    record_lecture(trainer, title="去年的讲座", held_on="2025-06-01")
    assert "去年的讲座" not in trainer.text("/lectures?year=2026")
    assert "今年的讲座" in trainer.text("/lectures?year=2026")
    assert "今年的讲座" in trainer.text("/lectures") and "去年的讲座" in trainer.text("/lectures")
    for junk in ("abc", "9999", "2147483647", "0"):
        assert trainer.get(f"/lectures?year={junk}").status_code == 400, junk
        assert trainer.get(f"/record?year={junk}").status_code == 400, junk
        assert trainer.get(f"/record/annual.xlsx?year={junk}").status_code == 400, junk
