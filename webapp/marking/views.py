"""The grading page (阅卷) by question: one answer at a time with the rubric beside it,
previous/next, progress 已阅 n/m; answers anonymous (答卷 1, 2, …).  A save goes to the
next answer; a refused one (out of range, graded meanwhile by someone else) shows the
form again with what was entered and the reason."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from markupsafe import Markup, escape

from accounts.user import ROLE_STAFF
from core.errors import InvalidInput, KbError
from quizzes.marking import AnswerToGrade, CitationFlag, GradingQueue
from webapp.common.params import int_arg
from webapp.errors import status_of
from webapp.extensions import services
from webapp.marking.forms import ExemplaryForm, GradeForm, point_field
from webapp.security import current_actor

bp = Blueprint("marking", __name__, url_prefix="/rounds")
# Designated graders may be 审计人员: the domain decides who grades (403 for the rest).
bp.access = ROLE_STAFF


@bp.get("/grading")
def index():
    return render_template("marking/index.html", rounds=services().marking.rounds_to_grade(current_actor()))


@bp.get("/<int:round_id>/grading")
def round_grading(round_id: int):
    queue = services().marking.queue(current_actor(), round_id, assisted=False)
    task_index, number = where_to_start(queue, task_arg(), int_arg("n"))
    return render_page(queue, task_index, number)


@bp.post("/<int:round_id>/grading")
def save(round_id: int):
    quiz, actor = services(), current_actor()
    queue = quiz.marking.queue(actor, round_id, assisted=False)
    task_index, number = where_to_start(queue, task_arg(), int_arg("n"))
    task = queue.tasks[task_index] if queue.tasks else None
    form = GradeForm.of(task.key) if task else None
    try:
        if form is None or not form.validate():
            raise_form_errors(form)
        result = quiz.marking.grade(actor, form.attempt_id.data, form.question_id.data,
                                    form.part_id.data or "", form.marks(task.key))
    except KbError as error:
        return render_page(queue, task_index, number, form, str(error), status_of(error))
    flash(saved_message(number, result), "success")
    next_task, next_number = following(queue, task_index, number)
    return redirect(url_for("marking.round_grading", round_id=round_id, task=next_task + 1, n=next_number))


@bp.post("/<int:round_id>/grading/exemplary")
def choose_exemplary(round_id: int):
    """示范答案 of an answer whose grade is not saved again (a 双评 grade that counts)."""
    form = ExemplaryForm().checked()
    chosen = services().marking.choose_exemplary(current_actor(), form.attempt_id.data, form.question_id.data,
                                                 form.part_id.data or "", bool(form.exemplary.data))
    flash("已选作示范答案。" if chosen else "已取消示范答案。", "success")
    return redirect(url_for("marking.round_grading", round_id=round_id, task=int_arg("task"), n=int_arg("n")))


def saved_message(number: int, result) -> str:
    if result.marks is not None:
        return f"已保存：答卷 {number} 得 {result.marks.points:g} 分。"
    if result.double.disputed:
        return f"已保存您的评分。答卷 {number} 两评分差超过阈值，需第三评或培训管理员裁定。"
    return f"已保存您的评分（双评第 {result.double.count} 评），待另一位阅卷人评分。"


def task_arg() -> int | None:
    """?task=1 is the first written question (the page numbers them from 1)."""
    number = int_arg("task")
    return None if number is None else number - 1


def raise_form_errors(form) -> None:
    messages = [f"{form[name].label.text}：{errors[0]}" for name, errors in (form.errors if form else {}).items()]
    raise InvalidInput("；".join(messages) or "没有需要阅卷的试题")


def where_to_start(queue: GradingQueue, task_index: int | None, number: int | None) -> tuple[int, int]:
    """The task and answer asked for; by default the first answer not yet graded."""
    if not queue.tasks:
        return 0, 0
    if task_index is None or not 0 <= task_index < len(queue.tasks):
        task_index = next((i for i, t in enumerate(queue.tasks) if any(a.awaiting for a in t.answers)), 0)
    answers = queue.tasks[task_index].answers
    if number is None or not any(a.number == number for a in answers):
        number = next((a.number for a in answers if a.awaiting), answers[0].number if answers else 0)
    return task_index, number


def following(queue: GradingQueue, task_index: int, number: int) -> tuple[int, int]:
    """The answer after this one: the next in the question, else the next question's first."""
    numbers = [a.number for a in queue.tasks[task_index].answers]
    later = [n for n in numbers if n > number]
    if later:
        return task_index, later[0]
    for index in range(task_index + 1, len(queue.tasks)):
        if queue.tasks[index].answers:
            return index, queue.tasks[index].answers[0].number
    return task_index, number


def render_page(queue: GradingQueue, task_index: int, number: int, form: GradeForm | None = None,
                error: str | None = None, status: int = 200):
    task = queue.tasks[task_index] if queue.tasks else None
    answer = next((a for a in task.answers if a.number == number), None) if task else None
    if task and answer:
        answer = services().marking.assist(task.key, answer)
    if task and answer and form is None:
        form = GradeForm.of(task.key, data=initial_marks(task, answer))
    numbers = [a.number for a in task.answers] if task else []
    position = numbers.index(number) if number in numbers else 0
    return render_template("marking/grade.html", queue=queue, task=task, task_index=task_index,
                           answer=answer, form=form, error=error, point_field=point_field,
                           previous=numbers[position - 1] if position > 0 else None,
                           next=numbers[position + 1] if position + 1 < len(numbers) else None,
                           highlighted=highlight(answer) if answer else ""), status


def initial_marks(task, answer: AnswerToGrade) -> dict:
    """The saved marks (under 双评: this grader's own), else the suggestion (rubric points
    whose articles are cited)."""
    saved = answer.marks or (answer.double.mine if answer.double else None)
    given = saved.rubric if saved else answer.suggested
    data = {point_field(p.id): given.get(p.id) for p in task.key.rubric}
    return dict(data, attempt_id=answer.attempt_id, question_id=task.question_id, part_id=task.part_id,
                version=answer.marks.version if answer.marks else 0,
                comment=saved.comment if saved else "", exemplary=answer.exemplary)


def highlight(answer: AnswerToGrade) -> Markup:
    """The answer, escaped, with citations to missing articles or repealed statutes marked."""
    text, out, at = answer.text, [], 0
    for flag in sorted(answer.flags, key=lambda f: f.start):
        if flag.start < at:
            continue
        out += [escape(text[at:flag.start]), mark(flag, text[flag.start:flag.end])]
        at = flag.end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def mark(flag: CitationFlag, cited: str) -> Markup:
    return Markup('<mark class="cite-bad" data-cite-flag="{0}" title="{0}">{1}<small>（{0}）</small></mark>').format(
        flag.label, cited)
