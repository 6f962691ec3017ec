"""Excel exports of results: a round's results (成绩, 试题分析, 科室排名) for trainers, and
one person's record (成绩记录, 法规掌握, 错题本) for that person or a trainer.
Times are shown in Beijing time.
"""
from __future__ import annotations

import datetime as dt
import io
from typing import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from accounts.security_log import SecurityLog
from core.actor import Actor
from core.clock import to_local
from core.spreadsheet import safe_row
from quizzes.grading import SUBMIT_KIND_NAMES
from quizzes.results import ResultRow, ResultService
from quizzes.statistics import StatisticsService

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def local_text(value: dt.datetime | None) -> str:
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def add_sheet(book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence],
              widths: Sequence[int] = ()) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append(safe_row(row))
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def workbook_bytes(book: Workbook) -> bytes:
    if "Sheet" in book.sheetnames and len(book.sheetnames) > 1:
        del book["Sheet"]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def shortened(text: str, limit: int = 200) -> str:
    """A long text (a stem) cut for a results sheet."""
    return (text or "")[:limit]


def score_cell(row: ResultRow) -> float | str:
    """得分: 未参加, 待阅卷 while written answers wait (the objective part has its own column), or the score."""
    if row.score is None:
        return "未参加"
    return "待阅卷" if row.is_pending else row.score


class ExportService:
    def __init__(self, results: ResultService, statistics: StatisticsService, security_log: SecurityLog):
        self.results = results
        self.statistics = statistics
        # Every export of personal results is recorded: who took whose results, how many rows.
        self.security_log = security_log

    def round_results_workbook(self, actor: Actor, round_id: int) -> bytes:
        stats = self.statistics.round_stats(actor, round_id)
        rows = self.results.round_results(actor, round_id)
        ranking = self.results.department_ranking(actor, round_id)
        book = Workbook()
        add_sheet(book, "成绩", ("工号", "姓名", "科室", "得分", "满分", "得分率%", "交卷时间", "交卷方式", "作答次数",
                               "待阅卷时的客观题得分"),
                  ((r.username, r.name, r.department, score_cell(r), r.max_score or "",
                    r.percent if r.percent is not None and not r.is_pending else "", local_text(r.submitted_at),
                    SUBMIT_KIND_NAMES.get(r.submit_kind or "", ""), r.attempts,
                    f"{r.objective_score:g}/{r.objective_max:g}" if r.is_pending else "") for r in rows),
                  (14, 12, 16, 8, 8, 10, 18, 16, 10, 20))
        add_sheet(book, "试题分析", ("序号", "试题编号", "题型", "题干", "作答人数", "难度系数", "区分度", "待处理纠错", "提示"),
                  ((q.position, q.question_id, q.type_name, shortened(q.stem), q.answered,
                    q.facility if q.facility is not None else "", q.discrimination if q.discrimination is not None else "",
                    q.open_reports, "；".join(q.flags)) for q in stats.questions),
                  (6, 10, 10, 60, 10, 10, 10, 12, 40))
        add_sheet(book, "科室排名", ("名次", "科室", "应参加", "已参加", "参与率%", "平均得分率%（未参加按0计）"),
                  ((d.rank, d.name, d.members, d.participants, round(100 * d.participation, 1),
                    d.average_percent) for d in ranking),
                  (6, 20, 10, 10, 10, 14))
        summary = book["Sheet"]
        summary.title = "概况"
        for row in (("轮次", stats.title), ("应参加人数", stats.audience), ("已交卷人数", stats.submitted),
                    ("参与率%", round(100 * stats.participation, 1)), ("平均得分率%", stats.mean_percent or ""),
                    ("中位数%", stats.median_percent or ""), ("最高%", stats.max_percent or ""),
                    ("最低%", stats.min_percent or "")):
            summary.append(safe_row(row))
        summary.column_dimensions["A"].width = 14
        summary.column_dimensions["B"].width = 40
        data = workbook_bytes(book)
        self.security_log.record(actor, "results_exported", f"轮次 #{round_id} {stats.title}",
                                 f"轮次成绩 Excel，成绩 {len(rows)} 行（每人一行）")
        return data

    def person_record_workbook(self, actor: Actor, user_id: int | None = None) -> bytes:
        history = self.results.my_history(actor, user_id)
        mastery = self.results.mastery(actor, user_id)
        book = Workbook()
        add_sheet(book, "成绩记录", ("轮次", "交卷时间", "得分", "满分", "得分率%", "轮次平均得分率%"),
                  ((shortened(p.title), local_text(p.submitted_at), p.score, p.max_score, p.percent,
                    p.round_average if p.round_average is not None else "") for p in history),
                  (30, 18, 8, 8, 10, 16))
        add_sheet(book, "法规掌握", ("法规", "作答题数", "答对题数", "正确率%"),
                  ((r.label, r.answered, r.correct, round(100 * r.rate, 1)) for r in mastery.statutes),
                  (30, 10, 10, 10))
        add_sheet(book, "专题掌握", ("专题", "作答题数", "答对题数", "正确率%"),
                  ((r.label, r.answered, r.correct, round(100 * r.rate, 1)) for r in mastery.tags),
                  (30, 10, 10, 10))
        if user_id is None:
            wrong = self.results.wrong_book(actor)
            add_sheet(book, "错题本", ("试题编号", "题型", "题干", "答错次数", "下次复习", "状态"),
                      ((w.question_id, w.type_name, shortened(w.stem), w.wrong_count,
                        local_text(w.due_at), "已掌握" if w.mastered else f"第 {w.box} 盒")
                       for w in wrong), (10, 10, 60, 10, 18, 10))
        data = workbook_bytes(book)
        whose = "本人" if user_id is None or user_id == actor.id else f"用户 #{user_id}"
        self.security_log.record(actor, "results_exported", f"个人练兵记录（{whose}）",
                                 f"个人记录 Excel，成绩 {len(history)} 行")
        return data
