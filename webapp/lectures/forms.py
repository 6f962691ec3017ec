"""Forms of the lecture and training-record pages (shape only; quizzes.training checks
what the values mean)."""
from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, FloatField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from quizzes.training.lectures import KINDS_OF_LECTURE, LectureInput
from quizzes.training.materials import KINDS
from webapp.common.forms import Form, IdListField, at_most, required

MATERIAL_EXTENSIONS = [ext.lstrip(".") for kind in KINDS.values() for ext in kind.extensions]


class LectureForm(Form):
    title = StringField("讲座题目", [required("讲座题目"), at_most(200)])
    kind = SelectField("类型", choices=[SelectChoice(k, v) for k, v in KINDS_OF_LECTURE.items()])
    speaker = StringField("主讲人", [required("主讲人"), at_most(100)])
    held_on = DateField("举办日期", [InputRequired(message="请填写举办日期")], format="%Y-%m-%d")
    hours = FloatField("学时", [InputRequired(message="请填写学时")], description="以 0.5 学时为单位，最多 8 学时")
    summary = TextAreaField("内容简介", [Optional(), at_most(5000)])
    statutes = SelectMultipleField("涉及法规", coerce=int, validate_choice=False,
                                   description="可多选（按住 Ctrl 或 ⌘ 点选）")

    def set_statutes(self, choices) -> None:
        self.statutes.choices = [SelectChoice(i, title) for i, title in choices]

    def value(self) -> LectureInput:
        return LectureInput(self.title.data or "", self.kind.data or "", self.speaker.data or "",
                            self.held_on.data, self.hours.data, self.summary.data or "",
                            tuple(self.statutes.data or ()))

    def fill(self, detail) -> None:
        s = detail.summary
        self.title.data, self.kind.data, self.speaker.data = s.title, s.kind, s.speaker
        self.held_on.data, self.hours.data, self.summary.data = s.held_on, s.hours, detail.text
        self.statutes.data = [i for i, _ in detail.statutes]


class AttendanceForm(Form):
    """The people ticked in the user list (the whole list: unticked people are removed)."""
    user_ids = IdListField("签到人员")


class AttendanceSheetForm(Form):
    sheet = FileField("签到表", [FileRequired(message="请选择签到表文件"),
                              FileAllowed(["xlsx", "csv"], message="签到表只支持 .xlsx 或 .csv 文件")])


class MaterialForm(Form):
    file = FileField("讲座材料", [FileRequired(message="请选择要上传的材料"),
                              FileAllowed(MATERIAL_EXTENSIONS, message="只能上传 PDF、Word、PowerPoint、Excel、PNG、JPEG 文件")])
