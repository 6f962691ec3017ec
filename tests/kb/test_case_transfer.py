"""Case files: export and import between bureaus without duplicates, bad headers
reported and skipped, the corpus's court cases and the sample cases."""
import datetime as dt
import zipfile
from dataclasses import replace

import pytest

from kb.cases.casefile import format_case_file, parse_case_file
from kb.cases.courtcases import court_case_uid, import_court_cases, parse_court_case
from core.errors import InvalidInput, PermissionDenied
from accounts.permissions import SYSTEM


def test_a_case_file_reads_back_to_the_same_case(citing_kb, trainer, make_case_input):
    case = citing_kb.cases.create_case(trainer, make_case_input(
        summary="第一行\n第二行", source="#某审计局", tags=("甲", "乙")), publish=True)
    parsed = parse_case_file(format_case_file(case, dt.datetime(2024, 3, 1, 9, 0)))
    assert parsed.uid == case.uid and parsed.status == "published"
    # The header is one line per field: a summary's line breaks become spaces.
    assert parsed.data == replace(case.as_input(), summary="第一行 第二行").clean()


@pytest.mark.parametrize("text, message", [
    ("## 没有文件头\n正文", "文件头缺失"),
    ("---\nuid: a\ntitle: 标题\naudit_type: 预算执行\n正文", "没有结束"),
    ("---\nuid: a\ntitle: 标题\n---\n正文", "缺少必填项：audit_type"),
    ("---\nuid: a\ntitle: 标题\naudit_type: 预算执行\ndate: 2023-13-45\n---\n", "日期"),
    ("---\nuid: a\ntitle: 标题\naudit_type: 预算执行\nstatus: 已发布\n---\n", "状态"),
    ("---\nuid: a\ntitle 标题\naudit_type: 预算执行\n---\n", "第3行格式不正确"),
    ("---\nuid: a\ntitle: 标题\naudit_type: 预算执行\ncolor: red\n---\n", "未知的项“color”"),
    ("---\nuid: a\nuid: b\ntitle: 标题\naudit_type: 预算执行\n---\n", "重复"),
])
def test_bad_headers_are_explained(text, message):
    with pytest.raises(InvalidInput, match=message):
        parse_case_file(text)


def test_export_then_import_elsewhere_without_duplicates(citing_kb, trainer, make_case_input,
                                                         tmp_path, settings):
    for i in range(3):
        citing_kb.cases.create_case(trainer, make_case_input(title=f"案例{i}", case_date=dt.date(2023, 1, i + 1)),
                                    publish=i < 2)
    assert citing_kb.case_transfer.export(trainer, tmp_path / "out") == 2
    assert citing_kb.case_transfer.export(trainer, tmp_path / "all.zip", as_zip=True, include_drafts=True) == 3
    with zipfile.ZipFile(tmp_path / "all.zip") as archive:
        assert len([n for n in archive.namelist() if n.startswith("cases/")]) == 3

    from quizzes.services import open_services
    from tests.support.environment import make_settings
    other = open_services(make_settings(tmp_path / "other-bureau"))
    try:
        first = other.case_transfer.import_path(SYSTEM, tmp_path / "all.zip")
        assert len(first.created) == 3 and not first.errors
        again = other.case_transfer.import_path(SYSTEM, tmp_path / "out")
        assert len(again.unchanged) == 2 and not again.created
        assert other.cases.list_cases(SYSTEM).total == 3
        assert other.cases.list_cases(None).total == 2  # the draft stays a draft
    finally:
        other.close()


def test_a_newer_export_updates_only_when_asked(citing_kb, trainer, make_case_input, tmp_path):
    case = citing_kb.cases.create_case(trainer, make_case_input(), publish=True)
    changed = format_case_file(case).replace("某局无预算支出案", "某局无预算支出案（修订）")
    (tmp_path / "case.md").write_text(changed, encoding="utf-8")
    report = citing_kb.case_transfer.import_path(trainer, tmp_path / "case.md")
    assert report.skipped == [case.uid]
    report = citing_kb.case_transfer.import_path(trainer, tmp_path / "case.md", update_existing=True)
    assert report.updated == [case.uid]
    assert citing_kb.cases.get_case(trainer, case.id).title == "某局无预算支出案（修订）"
    assert citing_kb.cases.list_revisions(trainer, case.id)[0].note == "导入更新自 case.md"


def test_a_file_with_a_bad_header_is_reported_and_skipped(citing_kb, trainer, make_case_input, tmp_path):
    good = citing_kb.cases.create_case(trainer, make_case_input(), publish=True)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.md").write_text(format_case_file(good).replace(good.uid, "new-uid-1"), encoding="utf-8")
    (folder / "bad.md").write_text("---\ntitle: 没有编号\n---\n正文", encoding="utf-8")
    (folder / "binary.md").write_bytes(b"\xff\xfe\x00garbage")
    report = citing_kb.case_transfer.import_path(trainer, folder)
    assert report.created == ["new-uid-1"]
    assert sorted(name for name, _ in report.errors) == ["bad.md", "binary.md"]
    assert "缺少必填项" in dict(report.errors)["bad.md"]


def test_unknown_audit_types_are_added_on_import(citing_kb, trainer, make_case_input, tmp_path):
    case = citing_kb.cases.create_case(trainer, make_case_input(), publish=True)
    text = format_case_file(case).replace(case.uid, "x-1").replace("audit_type: 预算执行", "audit_type: 税收征管")
    (tmp_path / "x.md").write_text(text, encoding="utf-8")
    report = citing_kb.case_transfer.import_path(trainer, tmp_path / "x.md")
    assert report.new_audit_types == ["税收征管"] and report.created == ["x-1"]


def test_only_editors_move_cases(citing_kb, staff, tmp_path):
    with pytest.raises(PermissionDenied):
        citing_kb.case_transfer.export(staff, tmp_path / "x")
    with pytest.raises(PermissionDenied):
        citing_kb.case_transfer.import_path(staff, tmp_path)


COURT_CASE = """# 为家庭生活消费需要购买汽车的，可以按照消费者权益保护法处理。

<!-- INFO END -->

## 张某诉某汽车公司买卖合同纠纷案

## 基本案情

2007年2月28日，张某购买汽车一辆。该合同第七条约定车辆为新车。

<!-- FORCE BREAK -->

## 裁判结果

法院于2008年3月13日作出判决，依照《中华人民共和国样例审计法》第四条处理。
"""


def test_a_court_case_becomes_a_published_case(citing_kb, tmp_path):
    parsed = parse_court_case(COURT_CASE, "案例/消费购物/张某案.md", dt.date(2026, 1, 1))
    assert parsed.data.title == "张某诉某汽车公司买卖合同纠纷案"
    assert parsed.data.summary.startswith("为家庭生活消费需要")
    assert parsed.data.case_date == dt.date(2008, 3, 13)
    assert parsed.data.tags == ("消费购物", "买卖合同") and parsed.data.audit_type == "司法案例"
    assert "FORCE BREAK" not in parsed.data.body and "## 基本案情" in parsed.data.body
    assert parsed.uid == court_case_uid("案例/消费购物/张某案.md")
    folder = tmp_path / "案例" / "消费购物"
    folder.mkdir(parents=True)
    (folder / "张某案.md").write_text(COURT_CASE, encoding="utf-8")
    (folder / "坏文件.md").write_text("没有标记", encoding="utf-8")
    report = import_court_cases(citing_kb.case_transfer, tmp_path / "案例", dt.date(2026, 1, 1))
    assert len(report.created) == 1 and [n for n, _ in report.errors] == ["案例/消费购物/坏文件.md"]
    again = import_court_cases(citing_kb.case_transfer, tmp_path / "案例", dt.date(2026, 1, 1))
    assert len(again.unchanged) == 1 and not again.created
    (case,) = citing_kb.cases.list_cases(None).items
    assert case.source == "语料库：案例/消费购物/张某案.md"
