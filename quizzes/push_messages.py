"""The words of the push: every notice the schedule sends, in Chinese, with a link to the
round.  Each method returns an Announcement (or None when nobody is to be told).

The event keys are made here, so the rule that reads them back lives here too:
`overtaken_reason` says why a message still queued should no longer go out."""
from __future__ import annotations

from typing import Callable

from sqlalchemy.orm import Session

from core.clock import from_db, to_local
from quizzes.models import QuestionReport, Round, RoundExtension
from quizzes.round_spec import CANCELLED, CLOSED
from quizzes.notify.notifier import Announcement
from quizzes.results import DepartmentStanding, ResultRow
from quizzes.statistics import RoundStats


def _when(value) -> str:
    return f"{to_local(from_db(value)):%m月%d日 %H:%M}" if value else "（未定）"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _standing_line(s: DepartmentStanding) -> str:
    return (f"{s.rank}. {s.name}：平均 {_pct(s.average_percent)}（未参加者按 0 计），"
            f"参与 {s.participants}/{s.members} 人（{s.participation:.0%}）")


def _result_title(round_: Round, row: ResultRow) -> str:
    if row.score is None:
        return f"【结果】{round_.title} 已结束"
    return f"【成绩】{round_.title}：{'待阅卷' if row.is_pending else f'{row.score:g} 分'}"


def _own_result(row: ResultRow, people: int) -> str:
    """The person's own result.  While written answers wait (待阅卷) the score so far is not
    theirs to compare: only the objectively scored part is said, labelled as such."""
    if row.score is None:
        return "您未参加本期练兵，不计名次。"
    if row.is_pending:
        return (f"您本期成绩待阅卷：还有 {row.ungraded} 道主观题答案尚未评分，总分和个人排名在阅卷完成后确定；"
                f"其中客观题部分（已自动评分）得 {row.objective_score:g}/{row.objective_max:g} 分。")
    # The person's own place counts people (rows: the audience); the department's place
    # is said as the department's, out of the departments.
    return (f"您本期得分 {row.score:g}/{row.max_score:g} 分（{_pct(row.percent)}），"
            f"个人排名第 {row.rank}/{people}（按应参加的 {people} 人计）。")


class Messages:
    def __init__(self, round_url: Callable[[int], str]):
        self.round_url = round_url

    def opened(self, round_: Round, audience: list[int]) -> Announcement | None:
        if not audience:
            return None
        count = len(round_.questions)
        body = (f"本期练兵共 {count} 题，截止时间 {_when(round_.closes_at)}。"
                f"请登录审计法规库与练兵平台作答；截止后公布答案、专家解题和科室排名。")
        return Announcement(key=f"round:{round_.id}:open", title=f"【练兵】{round_.title} 已开始",
                            body=body, link=self.round_url(round_.id), user_ids=tuple(audience),
                            group_body=f"{round_.title} 已开始，共 {count} 题，{_when(round_.closes_at)} 截止。")

    def reminder(self, round_: Round, pending: list[int]) -> Announcement | None:
        if not pending:
            return None
        return Announcement(
            key=f"round:{round_.id}:remind", title=f"【提醒】{round_.title} 即将截止",
            body=f"您尚未提交本期练兵答卷，截止时间 {_when(round_.closes_at)}，请抓紧完成。",
            link=self.round_url(round_.id), user_ids=tuple(pending),
            group_body=f"{round_.title} 将于 {_when(round_.closes_at)} 截止，尚有 {len(pending)} 人未提交。")

    def results(self, round_: Round, rows: list[ResultRow],
                standings: list[DepartmentStanding]) -> Announcement | None:
        if not rows:
            return None
        by_name = {s.name: s for s in standings}
        # Written answers still waiting: no score is final, so the ranking is provisional.
        provisional = "（主观题尚在阅卷，排名为暂定）" if any(r.is_pending for r in rows) else ""
        personal = {}
        for row in rows:
            standing = by_name.get(row.department)
            place = (f"您所在的{standing.name}在 {len(standings)} 个科室中排第 {standing.rank} 名{provisional}"
                     f"（平均 {_pct(standing.average_percent)}，未参加者按 0 计；"
                     f"参与 {standing.participants}/{standing.members} 人）。" if standing else "")
            personal[row.user_id] = (_result_title(round_, row), _own_result(row, len(rows)) + place
                                     + "答案和专家解题已公布，可登录查看。")
        board = "\n".join(_standing_line(s) for s in standings)
        group = f"{round_.title} 已结束，答案和专家解题已公布。\n\n科室排名{provisional}：\n{board}"
        group_bodies = {s.department_id: f"本科室在 {len(standings)} 个科室中排第 {s.rank} 名{provisional}。\n\n{group}"
                        for s in standings if s.department_id is not None}
        return Announcement(key=f"round:{round_.id}:close", title=f"【结果】{round_.title} 已结束",
                            body=group, link=self.round_url(round_.id),
                            user_ids=tuple(r.user_id for r in rows), personal=personal,
                            group_body=group, group_bodies=group_bodies)

    def digest(self, round_: Round, stats: RoundStats, managers: list[int]) -> Announcement | None:
        if not managers:
            return None
        answered = [q for q in stats.questions if q.facility is not None]
        hardest = sorted(answered, key=lambda q: q.facility)[:3]
        lines = [f"参与率 {stats.participation:.0%}（{stats.submitted}/{stats.audience} 人提交），"
                 f"平均得分率 {_pct(stats.mean_percent)}，中位数 {_pct(stats.median_percent)}。"]
        if hardest:
            lines.append("得分率最低的题目：" + "；".join(
                f"第{q.position}题（{q.type_name}，得分率 {q.facility:.0%}）" for q in hardest))
        if stats.flagged:
            lines.append("需要复核的题目：" + "；".join(
                f"第{q.position}题（{'、'.join(q.flags)}）" for q in stats.flagged))
        else:
            lines.append("没有被标记为需要复核的题目。")
        return Announcement(key=f"round:{round_.id}:digest", title=f"【练兵小结】{round_.title}",
                            body="\n".join(lines), link=self.round_url(round_.id),
                            user_ids=tuple(managers), group_body=None)

    def cancelled(self, round_: Round, audience: list[int]) -> Announcement | None:
        if not audience:
            return None
        reason = round_.cancel_reason or "未说明"
        return Announcement(key=f"round:{round_.id}:cancel", title=f"【取消】{round_.title} 已取消",
                            body=f"本期练兵已取消，原因：{reason}。已作答的内容不计成绩。",
                            link=self.round_url(round_.id), user_ids=tuple(audience),
                            group_body=f"{round_.title} 已取消，原因：{reason}。")

    def extension(self, extension: RoundExtension, title: str) -> Announcement:
        return Announcement(key=f"extension:{extension.id}:{extension.closes_at:%Y%m%d%H%M}",
                            title=f"【延期】{title} 的截止时间已为您延长",
                            body=f"培训管理员已将您的截止时间延长至 {_when(extension.closes_at)}。",
                            link=self.round_url(extension.round_id), user_ids=(extension.user_id,),
                            group_body=None)

    def problem_report(self, report: QuestionReport) -> Announcement:
        return Announcement(key=f"report:{report.id}", title="【纠错】您编写的试题收到纠错反馈",
                            body=f"试题 #{report.question_id} 收到纠错：{report.message}",
                            link=None, user_ids=(report.author_id,), group_body=None)

    def compose_failed(self, period_key: str, reason: str, managers: list[int]) -> Announcement | None:
        if not managers:
            return None
        return Announcement(key=f"{period_key}:failed", title="【注意】本期练兵未能自动组卷",
                            body=f"计划推送的本期练兵未能生成：{reason}。请补充并发布题目，或手动创建轮次。",
                            link=None, user_ids=tuple(managers), group_body=None)


# Events a round's later state makes obsolete: no "已开始" or "即将截止" after the close.
_ROUND_STATES_OVERTAKING = {"open": (CLOSED, CANCELLED), "remind": (CLOSED, CANCELLED)}


def overtaken_reason(session: Session, event_key: str) -> str | None:
    """Why the queued message of `event_key` should be dropped rather than sent, or None.

    A round's "opened" or "closing soon" message once the round is closed or cancelled; an
    extension's message once the deadline was changed again or the round cancelled."""
    kind, _, rest = event_key.partition(":")
    if kind == "round":
        round_id, _, event = rest.partition(":")
        overtaking = _ROUND_STATES_OVERTAKING.get(event)
        round_ = session.get(Round, int(round_id)) if overtaking and round_id.isdigit() else None
        if round_ is not None and round_.status in overtaking:
            return f"发送前轮次已{'结束' if round_.status == CLOSED else '取消'}，此通知已过时，未发送"
    elif kind == "extension":
        extension_id, _, stamp = rest.partition(":")
        extension = session.get(RoundExtension, int(extension_id)) if extension_id.isdigit() else None
        if extension is None:
            return None
        if f"{extension.closes_at:%Y%m%d%H%M}" != stamp:
            return "发送前截止时间已再次调整，以最新一条延期通知为准，此通知未发送"
        round_ = session.get(Round, extension.round_id)
        if round_ is not None and round_.status == CANCELLED:
            return "发送前轮次已取消，此通知已过时，未发送"
    return None
