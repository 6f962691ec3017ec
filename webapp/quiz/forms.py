"""Forms of the quiz pages (WTForms; the question editor's and the round composer's own
forms are in question_form / webapp.rounds.round_form).  Every one carries a CSRF token;
checks here are about shape only — the domain decides what is allowed."""
from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, IntegerField, SelectChoice, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from quizzes.practice import MAX_COUNT
from quizzes.reports import MAX_MESSAGE
from quizzes.composition import AUDIT_STATUTES
from webapp.common.forms import Form, IdListField, NextForm, at_most, one_of

MAX_BANK_FILE = 8 * 1024 * 1024
# The bank's batch actions: what the page calls each, and the bank service's method.
BATCH = {"review": ("审核通过", "review"), "publish": ("发布", "publish"),
         "return": ("退回草稿", "return_to_draft"), "archive": ("停用", "archive")}


class BankImportForm(Form):
    sheet = FileField("试题文件", [FileRequired(message="请选择要上传的文件"),
                               FileAllowed(["xlsx", "json"], message="只支持 .xlsx 或 .json 文件")])


class BatchForm(NextForm):
    action = StringField("操作", [one_of(BATCH, "批量操作")])
    ids = IdListField("试题", [InputRequired(message="请选择要处理的试题")])


class ReportForm(NextForm):
    message = TextAreaField("问题说明", [DataRequired(message="请说明试题的问题"),
                                     Length(max=MAX_MESSAGE, message=f"不超过 {MAX_MESSAGE} 字")])


class ResolveForm(NextForm):
    decision = StringField("处理结果", [one_of(("accept", "dismiss"), "处理结果")])
    resolution = TextAreaField("处理说明", [Optional(), Length(max=MAX_MESSAGE, message=f"不超过 {MAX_MESSAGE} 字")])


class SubmitForm(Form):
    """交卷: the confirmation page and the countdown send confirmed=1; the attempt page's
    button sends nothing and is shown the confirmation first."""
    confirmed = StringField("确认交卷", [Optional(), one_of(("1",), "确认交卷")])


class FlagForm(Form):
    """标记 without script: the button says whether to set or clear the mark."""
    flag = StringField("标记", [DataRequired(message="缺少标记操作"), one_of(("on", "off"), "标记")])


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        """Unknown choices are dropped by the view's reading, not a form error."""


class GenerateForm(Form):
    """The statutes to make candidates from: audit statutes ticked, others named by title."""
    statutes = CheckboxesField("审计法规", choices=[SelectChoice(name) for name in AUDIT_STATUTES])
    extra = StringField("其他法规", [Optional(), at_most(500)])

    def validate_statutes(self, field) -> None:
        unknown = [name for name in field.data or () if name not in AUDIT_STATUTES]
        if unknown:
            raise ValidationError(f"不在审计法规之列：“{unknown[0][:40]}”，其他法规请填写名称")


class PracticeForm(Form):
    statutes = CheckboxesField("按法规", coerce=int, choices=[])
    tags = CheckboxesField("按专题", choices=[])
    weak_spots = BooleanField("我的薄弱环节（正确率低于 80% 的法规和专题）")
    due_reviews = BooleanField("到期复习的错题")
    count = IntegerField("题量", [NumberRange(1, MAX_COUNT, message=f"题量应为 1 至 {MAX_COUNT} 道")],
                         default=10)
