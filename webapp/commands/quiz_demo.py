"""The demo's quiz step: the sample question bank (published at once: it was reviewed
when written) and, when there is no round yet, a sample round open now — so a fresh demo
has a round to take.  Safe to run again: the bank loads idempotently and a second round
is never added."""
from __future__ import annotations

import datetime as dt

from accounts.permissions import actor_of
from core.errors import KbError
from quizzes.composition import CompositionPolicy
from quizzes.round_spec import RoundSpec
from webapp.extensions import services

DEMO_ROUND_TITLE = "演示练兵：审计实务案例（第 1 期）"
DEMO_ROUND_DAYS = 7


def load_sample_quizzes(context) -> None:
    """A demo step (webapp/commands/demo.py): needs the library and the demo administrator."""
    quiz = services(context.app)
    user = context.kb.users.find_user("demo-admin")
    if user is None:
        context.echo("没有演示管理员账号，跳过样例题库。")
        return
    admin = actor_of(user)
    report = quiz.samples.load(admin)
    context.echo(f"样例题库：新增 {len(report.created)} 道，已有 {report.existing} 道。")
    for key, error in report.errors[:5]:
        context.echo(f"  未导入 {key}：{error}", err=True)
    if quiz.rounds.list_rounds(admin):
        context.echo("已有练兵轮次，不再添加演示轮次。")
        return
    now = context.kb.clock.now()
    spec = RoundSpec(title=DEMO_ROUND_TITLE, opens_at=now, closes_at=now + dt.timedelta(days=DEMO_ROUND_DAYS),
                     description="演示用轮次：从样例题库按组卷策略抽取 10 题，含 1 道案例分析题。",
                     policy=CompositionPolicy(count=10, min_case=1))
    try:
        round_id = quiz.rounds.create_round(admin, spec).summary.id
        quiz.lifecycle.publish_round(admin, round_id)
    except KbError as error:
        context.echo(f"未能创建演示轮次：{error}", err=True)
        return
    context.echo(f"已开放演示轮次“{DEMO_ROUND_TITLE}”（{DEMO_ROUND_DAYS} 天后截止）。")
