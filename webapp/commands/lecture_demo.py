"""The demo's 学法记录 step: one 法律讲座 held yesterday, covering the 审计法 when the library
holds it, attended by the demo staff member — so a fresh demo shows a lecture in the list,
in a person's record and in the annual summary.  Safe to run again: it adds nothing once
any lecture exists."""
from __future__ import annotations

import datetime as dt

from accounts.permissions import actor_of
from core.errors import KbError
from quizzes.training.lectures import LectureInput
from webapp.extensions import services

DEMO_LECTURE_TITLE = "《中华人民共和国审计法》修正要点解读"


def record_sample_lecture(context) -> None:
    """A demo step (webapp/commands/demo.py): needs the demo trainer and staff accounts."""
    quiz = services(context.app)
    trainer, staff = (context.kb.users.find_user(name) for name in ("demo-trainer", "demo-staff"))
    if trainer is None or staff is None:
        context.echo("没有演示账号，跳过示例讲座。")
        return
    actor = actor_of(trainer)
    if quiz.lectures.list_lectures(actor):
        context.echo("已有讲座记录，不再添加示例讲座。")
        return
    statutes = [i for i, title in quiz.lectures.statute_choices() if title.endswith("审计法")][:1]
    held_on = context.kb.clock.today_local() - dt.timedelta(days=1)
    try:
        lecture_id = quiz.lectures.create(actor, LectureInput(
            DEMO_LECTURE_TITLE, "lecture", "法规科", held_on, 2.0,
            "结合本局审计实践，讲解审计法修正后关于审计监督范围、审计程序和法律责任的主要变化。",
            tuple(statutes)))
        quiz.lectures.set_attendance(actor, lecture_id, [staff.id])
    except KbError as error:
        context.echo(f"未能添加示例讲座：{error}", err=True)
        return
    context.echo(f"已添加示例讲座“{DEMO_LECTURE_TITLE}”（{held_on:%Y-%m-%d}，2 学时，演示审计人员已签到）。")
