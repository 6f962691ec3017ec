"""The coverage report: statutes the guide, cases and questions cite that the library lacks,
grouped by name with counts, and versions in force when a case was written that it lacks."""
import datetime as dt
import json

import pytest
from sqlalchemy import select

from core.errors import PermissionDenied
from kb.cli import main
from kb.guide.models import GuideBasis
from kb.guide.values import BasisInput, GuideInput
from quizzes.services import open_services


def test_missing_statutes_are_grouped_by_name_with_counts(citing_kb, trainer, admin, make_case_input):
    case = citing_kb.cases.create_case(trainer, make_case_input(
        title="某单位差旅费超标准报销案",
        body="违反了《中央和国家机关差旅费管理办法》第十条和第十一条，及《样例财政法》第二条。"))
    citing_kb.citations.record_text("question", 41, "依据《中央和国家机关差旅费管理办法》第十条，……")
    citing_kb.citations.record_text("question", 42, "依据《国家审计准则》第一百二十条，……")
    report = citing_kb.coverage.report(admin)
    assert [(m.name, m.total, m.texts) for m in report.statutes] == [
        ("中央和国家机关差旅费管理办法", 3, 2), ("国家审计准则", 1, 1)]
    travel = report.statutes[0]
    assert travel.by_kind == {"case": 2, "question": 1}
    assert [(e.kind, e.key, e.label) for e in travel.examples] == [
        ("case", str(case.id), "某单位差旅费超标准报销案"), ("question", "41", "试题 41")]
    assert report.citations_checked >= 4
    with pytest.raises(PermissionDenied):
        citing_kb.coverage.report(trainer)


def test_the_guide_counts_too(citing_kb, trainer, admin):
    entry = GuideInput(slug="meeting-fees", title="超标准列支会议费", category="预算执行",
                       keywords=("会议费",), description="会议费超标准。",
                       characterisation=(BasisInput("样例财政法", 2),),
                       sanction=(BasisInput("样例财政法", 3, item=2),))
    citing_kb.guide.create_entry(trainer, entry)
    # The guide checks its articles on save; one saved while its statute was held can lose
    # it later (a withdrawn version), which is what the report finds.
    with citing_kb.db.session() as session, session.begin():
        basis = session.scalars(select(GuideBasis).where(GuideBasis.role == "characterisation")).one()
        basis.law, basis.article_no = "中央和国家机关会议费管理办法", 6
    report = citing_kb.coverage.report(admin)
    assert [(m.name, m.by_kind) for m in report.statutes] == [("中央和国家机关会议费管理办法", {"guide": 1})]
    assert report.statutes[0].examples[0].key == "meeting-fees"


def test_a_version_not_held_is_reported(citing_kb, trainer, admin, make_case_input):
    citing_kb.cases.create_case(trainer, make_case_input(
        case_date=dt.date(1990, 1, 1), body="违反了《样例审计法》第四条的规定。"))
    report = citing_kb.coverage.report(admin)
    assert report.statutes == ()
    assert [(v.title, v.citations, v.earliest) for v in report.versions] == [
        ("中华人民共和国样例审计法", 1, dt.date(1990, 1, 1))]


def test_command_line(cli_env, statutes_path, capsys):
    assert main(["import", str(statutes_path)]) == 0
    assert main(["coverage"]) == 0
    assert "缺少法规 0 部" in capsys.readouterr().out
    base = open_services(cli_env)
    base.citations.record_text("question", 5, "依据《国家审计准则》第一百二十条，……")
    base.close()
    assert main(["coverage"]) == 1
    assert "1. 《国家审计准则》：1 处引用，1 个条目（试题 1）" in capsys.readouterr().out
    assert main(["coverage", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["statutes"][0]["examples"][0] == {"kind": "question", "key": "5", "label": "试题 5",
                                                  "citation": "《国家审计准则》第一百二十条"}
