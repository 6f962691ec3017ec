"""Quiz and notice administration in the audit log (accounts.security_log): question review,
publishing, archiving and import, round open/close/cancel/extend, exports of personal
results with their row counts, robot changes and tests, resends, grading — each entry
naming who acted, on what, and when, and found by the log's quiz and notice areas."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from accounts.permissions import SYSTEM
from accounts.security_log import EventQuery
from quizzes.grading_log import record_grade
from quizzes.notify.channels import ChannelError
from tests.quizzes.notify.servers import RobotServer


def entries(engine, **query) -> list[tuple[str, str, str, str]]:
    """(who, action name, object, detail), oldest first."""
    items = engine.security_log.page(EventQuery(**query), per_page=200).items
    return [(e.actor_name, e.action_name, e.target, e.detail) for e in reversed(items)]


def test_question_review_publish_return_archive_and_import_are_logged(engine, trainer, reviewer):
    question = engine.bank.create_question(trainer, {
        "type": "true_false", "stem": "审计机关可以对被审计单位进行审计调查。", "answer": True})
    engine.bank.review(reviewer, [question.id])
    engine.bank.publish(reviewer, [question.id])
    engine.bank.archive(reviewer, [question.id])
    engine.bank.return_to_draft(reviewer, [question.id])
    assert engine.bank.publish(reviewer, [question.id]).refused      # refused: nothing logged
    engine.question_transfer.import_json(trainer, json.dumps([
        {"type": "true_false", "stem": "审计报告应当征求被审计单位意见。", "answer": True},
        {"type": "true_false", "stem": ""}]), filename="第二批.json")
    target = f"试题 #{question.id}"
    assert entries(engine, area="quiz") == [
        (reviewer.username, "审核试题", target, "第 1 版"),
        (reviewer.username, "发布试题", target, "第 1 版"),
        (reviewer.username, "停用试题", target, "第 1 版"),
        (reviewer.username, "退回试题", target, "第 1 版"),
        (trainer.username, "导入试题", "第二批.json", "导入 1 道，跳过重复 0 道，出错 1 道"),
    ]


def test_round_open_close_cancel_and_extend_are_logged(engine, clock, trainer, staff, make_question,
                                                       make_round):
    first = make_round([make_question()], publish=False, title="第一期")
    engine.lifecycle.open_round_now(trainer, first)
    engine.lifecycle.extend_deadline(trainer, first, staff.id, clock.now() + dt.timedelta(days=10))
    engine.lifecycle.close_round(trainer, first)
    second = make_round([make_question()], title="第二期")
    engine.lifecycle.cancel_round(trainer, second, "题目有误")
    log = [(action, target, detail) for who, action, target, detail in entries(engine, area="quiz")
           if action not in ("审核试题", "发布试题") and who == trainer.username]
    assert log == [
        ("立即开始轮次", f"轮次 #{first} 第一期", "原状态：草稿"),
        ("延长截止时间", f"轮次 #{first} 第一期", f"人员：赵审计（{staff.username}）；延长至 2026-03-12 09:00"),
        ("提前结束轮次", f"轮次 #{first} 第一期", "提前结束；已交卷 0 份，其中未完成自动交卷 0 份"),
        ("发布练兵轮次", f"轮次 #{second} 第二期", "进行中"),
        ("取消轮次", f"轮次 #{second} 第二期", "原状态：进行中；原因：题目有误"),
    ]


def test_exports_of_personal_results_are_logged_with_their_rows(engine, trainer, staff, make_question,
                                                                make_round):
    round_id = make_round([make_question()], title="第三期")
    view = engine.attempts.start(staff, round_id)
    engine.attempts.submit(staff, view.attempt_id)
    engine.lifecycle.close_round(trainer, round_id)
    engine.exports.round_results_workbook(trainer, round_id)
    engine.exports.person_record_workbook(trainer, staff.id)
    engine.exports.person_record_workbook(staff)
    assert entries(engine, action="results_exported") == [
        (trainer.username, "导出成绩", f"轮次 #{round_id} 第三期", "轮次成绩 Excel，成绩 1 行（每人一行）"),
        (trainer.username, "导出成绩", f"个人练兵记录（用户 #{staff.id}）", "个人记录 Excel，成绩 1 行"),
        (staff.username, "导出成绩", "个人练兵记录（本人）", "个人记录 Excel，成绩 1 行"),
    ]


def test_robot_changes_tests_and_resends_are_logged_without_the_webhook_key(engine, admin):
    admin_log = engine.notice_admin
    with RobotServer() as robots:
        robot_id = admin_log.save_robot(admin, name="一科群", kind="wecom", url=robots.url + "/ok?key=SECRET",
                                        secret=None, department_id=None)
        admin_log.save_robot(admin, name="一科群", kind="wecom", url=robots.url + "/errcode?key=SECRET",
                             secret=None, department_id=None, is_active=False, robot_id=robot_id)
        with pytest.raises(ChannelError):
            admin_log.test_robot(admin, robot_id)
        admin_log.save_robot(admin, name="一科群", kind="wecom", url=robots.url + "/ok?key=SECRET",
                             secret=None, department_id=None, robot_id=robot_id)
        assert "测试消息已发送" in admin_log.test_robot(admin, robot_id)
    admin_log.resend(admin)
    admin_log.delete_robot(admin, robot_id)
    host = robots.url.removeprefix("http://")
    label = f"群机器人 #{robot_id} 一科群"
    log = entries(engine, area="notice")
    assert [(action, target) for _, action, target, _ in log] == [
        ("添加群机器人", label), ("修改群机器人", label), ("发送测试通知", label),
        ("修改群机器人", label), ("发送测试通知", label), ("重发失败通知", "全部发送失败的通知"),
        ("删除群机器人", label)]
    assert log[0][3] == f"企业微信群机器人，{host}，启用" and log[1][3].endswith("停用")
    assert log[2][3].startswith("失败：") and log[4][3] == "成功" and log[5][3] == "重新排队 0 条"
    assert all(who == admin.username and "SECRET" not in detail for who, _, _, detail in log)


def test_grades_and_regrades_are_logged_in_the_graders_transaction(engine, trainer, reviewer):
    with engine.db.session() as session, session.begin():
        record_grade(session, engine.clock, trainer, attempt_id=7, question_id=3, points=6, max_points=10)
    with pytest.raises(RuntimeError), engine.db.session() as session, session.begin():
        record_grade(session, engine.clock, trainer, attempt_id=7, question_id=4, points=1, max_points=2)
        raise RuntimeError("the grade was not saved")     # nor is its record
    with engine.db.session() as session, session.begin():
        record_grade(session, engine.clock, reviewer, attempt_id=7, question_id=3, part_id="p2",
                     points=8.5, max_points=10, previous=6, regrade=True, reason="依据引用正确")
    assert entries(engine, area="quiz") == [
        (trainer.username, "阅卷评分", "答卷 #7 试题 #3", "6/10 分"),
        (reviewer.username, "复核改分", "答卷 #7 试题 #3 小题 p2", "8.5/10 分（原 6 分）；依据引用正确"),
    ]


def test_areas_keep_quiz_administration_apart_from_sign_ins(engine):
    engine.schedule.update(SYSTEM, enabled=True)
    engine.security_log.record(SYSTEM, "backup_created", "backup.zip")
    assert [e[1] for e in entries(engine, area="notice")] == ["修改推送计划"]
    assert [e[1] for e in entries(engine, area="account")] == ["创建备份"]
    assert entries(engine, area="quiz") == []
