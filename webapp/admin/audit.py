"""Admin: the security audit log — read and export, never edit."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, stream_with_context

from core.clock import to_local
from accounts.security_log import ACTIONS, AREAS, EventQuery
from core.spreadsheet import csv_line
from webapp.extensions import services
from webapp.common.params import date_arg, int_arg, text_arg
from webapp.security import current_actor

bp = Blueprint("audit", __name__, url_prefix="/audit")
CSV_HEADER = ("时间", "用户", "操作", "对象", "详情", "IP 地址")


def query_args() -> EventQuery:
    return EventQuery(text_arg("action", 40), text_arg("area", 20), text_arg("actor", 100),
                      date_arg("since"), date_arg("until"))


@bp.get("")
def index():
    query = query_args()
    page = services().security_log.page(query, int_arg("page", 1))
    return render_template("admin/audit.html", page=page, query=query, actions=ACTIONS, areas=AREAS)


@bp.get("/export.csv")
def export():
    log = services().security_log
    query = query_args()
    log.record(current_actor(), "audit_exported", "审计日志",
               f"条件：类别={AREAS[query.area][0] if query.area in AREAS else '全部'}，"
               f"操作={ACTIONS.get(query.action, '全部')}，用户={query.actor or '全部'}，"
               f"起={query.since or '不限'}，止={query.until or '不限'}")

    def lines():
        yield "\ufeff"  # Excel opens UTF-8 CSV correctly only with a BOM
        yield csv_line(CSV_HEADER)
        for e in log.iter_events(query):
            yield csv_line((to_local(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name,
                            e.action_name, e.target, e.detail, e.ip))
    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=audit-log.csv"})
