"""Forms of the quiz pages that are plain enough for WTForms (the question editor and the
round composer are read by question_form / round_form instead).  Every one carries a
CSRF token; checks here are about shape only — the domain decides what is allowed."""
from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, IntegerField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from quizzes.practice import MAX_COUNT
from quizzes.reports import MAX_MESSAGE
from webapp.common.forms import Form

MAX_BANK_FILE = 8 * 1024 * 1024


class BankImportForm(Form):
    sheet = FileField("试题文件", [FileRequired(message="请选择要上传的文件"),
                               FileAllowed(["xlsx", "json"], message="只支持 .xlsx 或 .json 文件")])


class ReportForm(Form):
    message = TextAreaField("问题说明", [DataRequired(message="请说明试题的问题"),
                                     Length(max=MAX_MESSAGE, message=f"不超过 {MAX_MESSAGE} 字")])


class ResolveForm(Form):
    resolution = TextAreaField("处理说明", [Optional(), Length(max=MAX_MESSAGE, message=f"不超过 {MAX_MESSAGE} 字")])


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        """Unknown choices are dropped by the view's reading, not a form error."""


class PracticeForm(Form):
    statutes = CheckboxesField("按法规", coerce=int, choices=[])
    tags = CheckboxesField("按专题", choices=[])
    weak_spots = BooleanField("我的薄弱环节（正确率低于 80% 的法规和专题）")
    due_reviews = BooleanField("到期复习的错题")
    count = IntegerField("题量", [NumberRange(1, MAX_COUNT, message=f"题量应为 1 至 {MAX_COUNT} 道")],
                         default=10)
