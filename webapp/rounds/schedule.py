"""Admin: the biweekly push schedule — its settings, the next periods, the recent
scheduled rounds, whether the scheduler process is alive, and a manual check."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from core.errors import KbError
from quizzes.push import schedule_overview
from quizzes.round_spec import STATUS_NAMES
from quizzes.schedule import ScheduleSettings
from webapp.errors import status_of
from webapp.extensions import services
from webapp.common.forms import ActionForm, ScheduleForm
from webapp.security import current_actor

bp = Blueprint("schedule", __name__, url_prefix="/schedule")


@bp.app_template_global()
def round_status_name(status: str) -> str:
    return STATUS_NAMES.get(status, status)


def render_page(form: ScheduleForm, status: int = 200):
    kb, notices = services(), services()
    overview = schedule_overview(kb.db.session, kb.clock, notices.schedule)
    return render_template("admin/schedule.html", form=form, overview=overview,
                           action=ActionForm(), now=kb.clock.now()), status


def form_from(settings: ScheduleSettings) -> ScheduleForm:
    return ScheduleForm(data={
        "enabled": settings.enabled, "interval_weeks": settings.interval_weeks,
        "weekday": str(settings.weekday), "time": settings.time, "open_days": settings.open_days,
        "reminder_hours": settings.reminder_hours, "question_count": settings.question_count,
        "min_case": int(settings.policy.get("min_case", 1)), "departments": list(settings.departments)})


@bp.route("", methods=["GET", "POST"])
def index():
    store = services().schedule
    form = ScheduleForm()
    if not form.is_submitted():
        form = form_from(store.load())
    form.set_departments(services().departments.list())
    if not form.validate_on_submit():
        return render_page(form, 400 if form.is_submitted() else 200)
    try:
        store.update(current_actor(), enabled=form.enabled.data, interval_weeks=form.interval_weeks.data,
                     weekday=int(form.weekday.data), time=form.time.data.strip(),
                     open_days=form.open_days.data, reminder_hours=form.reminder_hours.data,
                     question_count=form.question_count.data,
                     policy={**store.load().policy, "min_case": form.min_case.data},
                     departments=tuple(form.departments.data or ()))
    except KbError as error:
        form.form_errors.append(str(error))
        return render_page(form, status_of(error))
    flash("推送计划已保存。", "success")
    return redirect(url_for(".index"))


@bp.post("/enable")
def enable():
    services().schedule.update(current_actor(), enabled=True)
    flash("已启用按计划自动推送：调度进程将在下一期开放时间为推送对象开放练兵轮次。", "success")
    return redirect(url_for(".index"))


@bp.post("/run")
def run_now():
    report = services().push.tick()
    done = "；".join(report.announced) or "没有需要发出的通知"
    problems = "；".join(report.errors)
    flash(f"已执行一次检查：{done}。" + (f"问题：{problems}" if problems else ""),
          "error" if problems else "success")
    return redirect(url_for(".index"))
