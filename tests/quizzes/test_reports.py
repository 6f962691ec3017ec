import pytest

from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.support.questions import SINGLE_DATA


def test_a_report_reaches_the_author_with_the_revision_seen(engine, trainer, reviewer, staff,
                                                            make_question, make_round):
    qid = make_question()
    view = engine.attempts.start(staff, make_round([qid]))
    engine.bank.update_question(trainer, qid, dict(SINGLE_DATA, stem="新题干？"))   # revision 2, later
    report = engine.question_reports.report_problem(staff, qid, "选项B与法条不符")
    assert (report.revision_no, report.author_id, report.status_name) == (1, trainer.id, "待处理")
    assert report.stem == SINGLE_DATA["stem"] and report.reporter_name == "赵审计"
    assert [r.id for r in engine.question_reports.open_reports_for(trainer)] == [report.id]
    assert engine.question_reports.open_reports_for(reviewer) == []
    with pytest.raises(Conflict, match="正在处理中"):
        engine.question_reports.report_problem(staff, qid, "再说一次")
    assert engine.bank.get_question(trainer, qid).open_reports == 1
    done = engine.question_reports.resolve_report(reviewer, report.id, True, "已修改题干")
    assert (done.status, done.resolution) == ("accepted", "已修改题干")
    assert engine.question_reports.open_reports_for(trainer) == []
    with pytest.raises(Conflict):
        engine.question_reports.resolve_report(reviewer, report.id, False, "")
    assert view.attempt_id


def test_report_rules(engine, staff, trainer, make_question):
    qid = make_question()
    with pytest.raises(PermissionDenied, match="作答过的试题"):
        engine.question_reports.report_problem(staff, qid, "看不到的题")
    with pytest.raises(InvalidInput):
        engine.question_reports.report_problem(trainer, qid, "  ")
    with pytest.raises(NotFound):
        engine.question_reports.report_problem(trainer, 999, "x")
    assert engine.question_reports.report_problem(trainer, qid, "答案有误").revision_no == 1
    with pytest.raises(PermissionDenied):
        engine.question_reports.list_reports(staff)
    assert len(engine.question_reports.list_reports(trainer, question_id=qid)) == 1
