"""Lectures: recording them (each bad input refused in Chinese), their materials (type,
size, private storage) and attendance (from the user list, or a sheet that is imported
whole or not at all)."""
import datetime as dt
import stat

import pytest

from accounts.security_log import EventQuery
from core.errors import InvalidInput, NotFound, PermissionDenied
from quizzes.training.attendance import AttendanceRejected
from quizzes.training.lectures import LectureInput
from quizzes.training.materials import MAX_BYTES
from tests.support.sheets import HTML, PDF, office_zip, xlsx

DAY = dt.date(2026, 2, 27)


@pytest.fixture
def lecture_input(engine):
    def make(**overrides) -> LectureInput:
        values = dict(title="新修订审计法解读", kind="lecture", speaker="王处长", held_on=DAY, hours=2.0,
                      summary="重点讲解第二章", statute_ids=(engine.lectures.statute_choices()[0][0],))
        values.update(overrides)
        return LectureInput(**values)
    return make


@pytest.fixture
def lecture(engine, trainer, lecture_input) -> int:
    return engine.lectures.create(trainer, lecture_input())


def test_a_trainer_records_a_lecture(engine, trainer, staff, lecture, lecture_input):
    detail = engine.lectures.get(staff, lecture)
    assert (detail.summary.title, detail.summary.kind_name, detail.summary.speaker, detail.summary.hours) == (
        "新修订审计法解读", "法律讲座", "王处长", 2.0)
    assert detail.statutes[0][0] == lecture_input().statute_ids[0]
    engine.lectures.update(trainer, lecture, lecture_input(title="审计法  第二讲", kind="class", statute_ids=()))
    detail = engine.lectures.get(trainer, lecture)
    assert (detail.summary.title, detail.summary.kind_name, detail.statutes) == ("审计法 第二讲", "科室讲堂", ())
    assert sorted(e.action for e in engine.security_log.iter_events(EventQuery(area="training"))) == [
        "lecture_recorded", "lecture_updated"]


@pytest.mark.parametrize("overrides, message", [
    (dict(title="  "), "讲座题目不能为空"),
    (dict(speaker=""), "主讲人不能为空"),
    (dict(kind="party"), "讲座类型只能是"),
    (dict(hours=0), "学时应在 0.5 至 8"),
    (dict(hours=1.3), "以 0.5 学时为单位"),
    (dict(hours=9), "学时应在 0.5 至 8"),
    (dict(held_on=dt.date(2026, 3, 3)), "不晚于今天"),
    (dict(statute_ids=(999999,)), "所选法规不存在"),
])
def test_bad_lecture_input_is_refused_in_chinese(engine, trainer, lecture_input, overrides, message):
    with pytest.raises(InvalidInput, match=message):
        engine.lectures.create(trainer, lecture_input(**overrides))
    assert engine.lectures.list_lectures(trainer) == []


def test_only_managers_record_lectures(engine, staff, lecture, lecture_input):
    for action in (lambda: engine.lectures.create(staff, lecture_input()),
                   lambda: engine.lectures.update(staff, lecture, lecture_input()),
                   lambda: engine.lectures.delete(staff, lecture),
                   lambda: engine.lectures.set_attendance(staff, lecture, [staff.id]),
                   lambda: engine.lectures.add_material(staff, lecture, "a.pdf", PDF)):
        with pytest.raises(PermissionDenied):
            action()


def test_attendance_from_the_user_list(engine, trainer, staff, make_user, as_actor, lecture):
    other = as_actor(make_user(department="财政审计科"))
    assert engine.lectures.set_attendance(trainer, lecture, [staff.id, other.id, staff.id]) == 2
    assert [p.id for p in engine.lectures.get(trainer, lecture).attendees] == sorted([staff.id, other.id])
    seen_by_staff = engine.lectures.get(staff, lecture)
    assert seen_by_staff.attended and seen_by_staff.attendees == () and seen_by_staff.summary.attendee_count == 2
    engine.lectures.set_attendance(trainer, lecture, [other.id])
    assert not engine.lectures.get(staff, lecture).attended
    with pytest.raises(InvalidInput, match="不存在的用户"):
        engine.lectures.set_attendance(trainer, lecture, [other.id, 987654])
    assert [p.id for p in engine.lectures.get(trainer, lecture).attendees] == [other.id]


def test_an_attendance_sheet_is_imported(engine, trainer, make_user, lecture):
    a, b = make_user("10001", display_name="张三"), make_user("10002", display_name="李四")
    engine.lectures.set_attendance(trainer, lecture, [a.id])
    report = engine.lectures.import_attendance(trainer, lecture, "签到表.xlsx", xlsx(
        [("签到表",), (), ("工号", "姓名", "签名"), (10001, "张三"), ("10002", ""), ("10002", "李四")]))
    assert (report.added, report.already) == (1, 1)
    assert {p.id for p in engine.lectures.get(trainer, lecture).attendees} == {a.id, b.id}


def test_unknown_staff_numbers_reject_the_whole_sheet(engine, trainer, make_user, lecture):
    make_user("10001", display_name="张三")
    make_user("10002", display_name="李四")
    with pytest.raises(AttendanceRejected) as rejected:
        engine.lectures.import_attendance(trainer, lecture, "签到表.xlsx", xlsx(
            [("工号", "姓名"), ("10001", "张三"), ("99999", "王五"), ("10002", "李思"), ("", "赵六")]))
    assert [(e.line, e.username) for e in rejected.value.errors] == [(3, "99999"), (4, "10002"), (5, "")]
    assert [e.message for e in rejected.value.errors] == [
        "工号“99999”不存在", "姓名“李思”与工号“10002”的账号（李四）不符", "工号为空"]
    assert "未导入任何签到记录" in str(rejected.value)
    assert engine.lectures.get(trainer, lecture).attendees == ()     # 10001 was not recorded either


@pytest.mark.parametrize("rows, message", [
    ([], "是空的"),
    ([("姓名",), ("张三",)], "缺少“工号”列"),
    ([("工号", "姓名")], "没有签到人员"),
])
def test_sheets_that_cannot_be_used(engine, trainer, lecture, rows, message):
    with pytest.raises(InvalidInput, match=message):
        engine.lectures.import_attendance(trainer, lecture, "签到表.xlsx", xlsx(rows))


def test_a_sheet_that_is_not_a_workbook(engine, trainer, lecture):
    with pytest.raises(InvalidInput, match="签到表.xlsx"):
        engine.lectures.import_attendance(trainer, lecture, "签到表.xlsx", b"not a zip")
    with pytest.raises(InvalidInput, match="只支持 Excel"):
        engine.lectures.import_attendance(trainer, lecture, "签到表.txt", b"10001")


def test_materials_are_private_files_read_back_as_uploaded(engine, trainer, staff, lecture):
    info = engine.lectures.add_material(trainer, lecture, "../../讲义.pdf", PDF)
    assert (info.filename, info.kind, info.media_type, info.size) == ("讲义.pdf", "pdf", "application/pdf", len(PDF))
    slides = engine.lectures.add_material(trainer, lecture, "课件.pptx", office_zip("ppt/presentation.xml"))
    assert slides.kind == "pptx"
    shown, data = engine.lectures.material(staff, lecture, info.id)
    assert (shown, data) == (info, PDF)
    folder = engine.settings.data_dir / "lectures"
    files = list(folder.iterdir())
    assert len(files) == 2 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 and "讲义" not in f.name for f in files)
    engine.lectures.delete_material(trainer, lecture, info.id)
    with pytest.raises(NotFound):
        engine.lectures.material(staff, lecture, info.id)
    engine.lectures.delete(trainer, lecture)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("name, data, message", [
    ("page.html", HTML, "类型不支持"),
    ("image.svg", b"<svg onload=alert(1)>", "类型不支持"),
    ("讲义.pdf", HTML, "内容与扩展名 .pdf 不符"),
    ("讲义.docx", office_zip("ppt/presentation.xml"), "不是有效的 PowerPoint"),
    ("讲义.docx", office_zip("content.xml"), "内容与扩展名 .docx 不符"),
    ("讲义.pdf", b"", "是空的"),
    ("讲义.pdf", PDF + b"0" * MAX_BYTES, "超过上限 8 MB"),
])
def test_materials_of_the_wrong_type_or_size_are_refused(engine, trainer, lecture, name, data, message):
    with pytest.raises(InvalidInput, match=message):
        engine.lectures.add_material(trainer, lecture, name, data)
    assert engine.lectures.get(trainer, lecture).materials == ()
    folder = engine.settings.data_dir / "lectures"
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_material_of_another_lecture_is_not_found(engine, trainer, lecture, lecture_input):
    info = engine.lectures.add_material(trainer, lecture, "讲义.pdf", PDF)
    other = engine.lectures.create(trainer, lecture_input(title="另一场"))
    with pytest.raises(NotFound):
        engine.lectures.material(trainer, other, info.id)
    with pytest.raises(NotFound):
        engine.lectures.get(trainer, 424242)
