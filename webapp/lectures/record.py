"""学法记录 pages: my record of a year, any person's (managers), and the managers' annual
department and bureau summary with its .xlsx for the 法治政府建设 report."""
from __future__ import annotations

from flask import Blueprint, render_template

from accounts.user import ROLE_STAFF, ROLE_TRAINER
from webapp.common.params import int_arg
from webapp.extensions import services
from webapp.quiz.http import download
from webapp.security import access, current_actor

bp = Blueprint("record", __name__, url_prefix="/record")
bp.access = ROLE_STAFF


def chosen_year() -> tuple[int, range]:
    this_year = services().training_records.this_year()
    return int_arg("year") or this_year, range(this_year, this_year - 5, -1)


@bp.get("")
def mine():
    year, years = chosen_year()
    record = services().training_records.person(current_actor(), year)
    return render_template("lectures/record.html", record=record, years=years, mine=True)


@bp.get("/mine.xlsx")
def mine_export():
    year, _ = chosen_year()
    return download(services().training_records.workbook(current_actor(), year), f"{year}年学法记录.xlsx")


@bp.get("/people/<int:user_id>")
@access(ROLE_TRAINER)
def person(user_id: int):
    year, years = chosen_year()
    record = services().training_records.person(current_actor(), year, user_id)
    return render_template("lectures/record.html", record=record, years=years, mine=False)


@bp.get("/people/<int:user_id>/record.xlsx")
@access(ROLE_TRAINER)
def person_export(user_id: int):
    year, _ = chosen_year()
    data = services().training_records.workbook(current_actor(), year, user_id)
    return download(data, f"{year}年学法记录-{user_id}.xlsx")


@bp.get("/annual")
@access(ROLE_TRAINER)
def annual():
    year, years = chosen_year()
    summary = services().annual_report.summary(current_actor(), year)
    return render_template("lectures/annual.html", summary=summary, years=years)


@bp.get("/annual.xlsx")
@access(ROLE_TRAINER)
def annual_export():
    year, _ = chosen_year()
    data = services().annual_report.workbook(current_actor(), year)
    return download(data, f"{year}年度学法情况汇总.xlsx")
