"""The web forms (Flask-WTF: every one carries a CSRF token).  Messages are Chinese;
checks here are about shape only — the domain decides what is allowed.

Every posted value is read through a form (tests/test_lint.py keeps views off
`request.form`).  The shared pieces for the small action forms are here: the hidden
revision of an optimistic-locking edit, a strict id, a list of ticked ids, the page to
return to (`next`, always through safe_next) and `Form.checked()`, which turns what a form
could not read into one InvalidInput.  Fields that templates write by hand as hidden inputs
are StringFields, so `form.hidden_tag()` does not render them a second time."""
from __future__ import annotations

from typing import Self

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, Field, HiddenField, IntegerField, PasswordField, SelectChoice, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import AnyOf, DataRequired, EqualTo, InputRequired, Length, Optional

from accounts.user import ROLE_NAMES, ROLE_STAFF
from kb.bookmark import MAX_NOTE
from quizzes.notify.models import ROBOT_KINDS
from quizzes.schedule import WEEKDAYS
from core.errors import InvalidInput
from webapp.common.params import DIGITS, MAX_ID, safe_next


def required(what: str) -> DataRequired:
    return DataRequired(message=f"请填写{what}")


def given(what: str) -> InputRequired:
    """Required, but 0 is a value (DataRequired would refuse it)."""
    return InputRequired(message=f"请填写{what}")


def at_most(count: int) -> Length:
    return Length(max=count, message=f"不超过 {count} 个字符")


def one_of(values, what: str) -> AnyOf:
    return AnyOf(list(values), message=f"{what}只能是：{'、'.join(values)}")


def parse_revision(raw: str | None) -> int:
    """The revision an edit started from (optimistic locking), from a hidden field."""
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit() or not 0 < int(raw) < 2 ** 31:
        raise InvalidInput("缺少或无效的版次，请刷新页面后重新编辑")
    return int(raw)


def parse_id(raw: str, what: str) -> int:
    raw = raw.strip()
    # ASCII digits only: str.isdigit() also accepts ¹ and ٣, which int() refuses.
    if not DIGITS.fullmatch(raw) or not 0 < int(raw) <= MAX_ID:
        raise ValueError(f"{what}编号应为正整数：“{raw[:20]}”")
    return int(raw)


class Form(FlaskForm):
    class Meta:
        # WTForms' own messages ("该字段是必填字段。") come from its bundled Chinese
        # catalogue; config WTF_I18N_ENABLED=False lets it load without Babel.
        locales = ("zh",)

    def checked(self) -> Self:
        """This form, or InvalidInput naming what it could not read (an action's error page)."""
        if not self.validate():
            raise InvalidInput("；".join(e for errors in self.errors.values() for e in errors))
        return self


class RevisionField(StringField):
    """The revision an edit or action started from; missing or not a number is an error."""

    def process_formdata(self, valuelist) -> None:
        self.data = None
        try:
            self.data = parse_revision(valuelist[0] if valuelist else None)
        except InvalidInput as error:
            raise ValueError(str(error)) from None


class IdField(StringField):
    """One id (a hidden input or a button's value): empty is None, else a positive integer."""

    def process_formdata(self, valuelist) -> None:
        raw = valuelist[0] if valuelist else ""
        self.data = parse_id(raw, self.label.text) if raw.strip() else None


class IdListField(Field):
    """Ticked ids (checkboxes of one name), in order, each a positive integer."""

    def __init__(self, label: str = "", validators=None, **kwargs):
        super().__init__(label, validators, default=list, **kwargs)

    def process_formdata(self, valuelist) -> None:
        self.data = []  # what stays when one of them is refused
        self.data = [parse_id(raw, self.label.text) for raw in valuelist]


class NextForm(Form):
    """An action that returns to the page it was posted from."""
    next = StringField("返回地址", [Optional(), at_most(2000)])

    def next_url(self, fallback: str = "library.index") -> str:
        return safe_next(self.next.data, fallback)


class RevisionForm(Form):
    """An action on an optimistically locked record (publish, delete, restore)."""
    revision = RevisionField("版次")


class ActionForm(Form):
    """A button that changes something: only the CSRF token."""


class LoginForm(Form):
    username = StringField("用户名（工号）", [required("用户名"), at_most(64)])
    password = PasswordField("密码", [required("密码"), at_most(128)])
    next = HiddenField()


class ChangePasswordForm(Form):
    old_password = PasswordField("当前密码", [required("当前密码"), at_most(128)])
    new_password = PasswordField("新密码", [required("新密码"), at_most(128)])
    confirm = PasswordField("再次输入新密码", [required("新密码确认"),
                                          EqualTo("new_password", message="两次输入的新密码不一致")])


def role_choices() -> list[SelectChoice]:
    return [SelectChoice(code, name) for code, name in ROLE_NAMES.items()]


class UserEditForm(Form):
    display_name = StringField("姓名", [required("姓名"), at_most(100)])
    email = StringField("邮箱", [Optional(), at_most(200)], description="用于接收练兵通知邮件；可留空")
    role = SelectField("角色", choices=role_choices(), default=ROLE_STAFF)
    department_id = SelectField("科室", choices=[])
    is_grader = BooleanField("阅卷人/专家", description="可为主观题（简答、论述、案例主观小题）阅卷；培训管理员和系统管理员本就可以")

    def set_departments(self, departments) -> None:
        self.department_id.choices = [SelectChoice("", "（未分配）")] + [
            SelectChoice(str(d.id), d.name) for d in departments]

    def department_key(self) -> int | None:
        return int(self.department_id.data) if self.department_id.data else None

    def department_name(self) -> str | None:
        names = {choice.value: choice.label for choice in self.department_id.choices}
        return names.get(self.department_id.data) if self.department_id.data else None


class UserCreateForm(UserEditForm):
    username = StringField("用户名（工号）", [required("用户名"), at_most(64)])
    password = PasswordField("初始密码", [Optional(), at_most(128)],
                             description="留空则自动生成；用户首次登录时须修改")


class UserImportForm(Form):
    sheet = FileField("用户名单", [FileRequired(message="请选择要上传的文件"),
                               FileAllowed(["xlsx", "csv"], message="只支持 .xlsx 或 .csv 文件")])


class DepartmentForm(Form):
    name = StringField("科室名称", [required("科室名称"), at_most(100)])


class LegalTimeDatesForm(Form):
    """Shape only: the dates are parsed and checked by kb.legal_time.corrections."""
    version = SelectField("版本", coerce=int, validate_choice=False)
    promulgated = StringField("公布日期", [Optional(), at_most(10)])
    effective = StringField("施行日期", [Optional(), at_most(10)])
    note = StringField("依据", [Optional(), at_most(300)])


class RepealForm(Form):
    repealed_on = StringField("废止日期（留空表示未废止）", [Optional(), at_most(10)])
    by_title = StringField("废止依据文件", [Optional(), at_most(300)])
    note = StringField("依据", [Optional(), at_most(300)])


class StatuteImportForm(Form):
    path = StringField("服务器上的法规文件夹", [required("文件夹路径"), at_most(1000)])


class NoteForm(NextForm):
    body = TextAreaField("我的笔记", [Optional(), Length(max=MAX_NOTE, message=f"笔记不超过 {MAX_NOTE} 字")])


class FavouriteForm(NextForm):
    on = HiddenField(validators=[DataRequired()])


class ScheduleForm(Form):
    """The push schedule; the domain (quizzes.schedule) checks what the values mean."""
    enabled = BooleanField("按计划自动推送")
    interval_weeks = IntegerField("推送间隔（周）", [given("推送间隔")])
    weekday = SelectField("开放日", choices=[SelectChoice(str(i), name) for i, name in enumerate(WEEKDAYS)])
    time = StringField("开放时间", [required("开放时间"), at_most(5)], description="24 小时制，如 09:00（北京时间）")
    open_days = IntegerField("开放天数", [given("开放天数")])
    reminder_hours = IntegerField("截止前提醒（小时）", [given("提醒时间")])
    question_count = IntegerField("每期题目数", [given("题目数")])
    min_case = IntegerField("其中案例分析题至少", [given("案例分析题数量")])
    departments = SelectMultipleField("推送对象（不选为全体人员）", choices=[], coerce=int)

    def set_departments(self, departments) -> None:
        self.departments.choices = [SelectChoice(d.id, d.name) for d in departments]


class RobotForm(Form):
    name = StringField("名称", [required("名称"), at_most(100)])
    kind = SelectField("类型", choices=[SelectChoice(k, v) for k, v in ROBOT_KINDS.items()])
    url = StringField("Webhook 地址", [required("Webhook 地址"), at_most(500)])
    secret = PasswordField("加签密钥（钉钉）", [Optional(), at_most(200)], description="钉钉机器人开启“加签”时填写；修改时留空则保留原密钥")
    department_id = SelectField("发送到", choices=[])

    def set_departments(self, departments) -> None:
        self.department_id.choices = [SelectChoice("", "全局群（全体人员的通知）")] + [
            SelectChoice(str(d.id), f"{d.name} 群") for d in departments]

    def department_key(self) -> int | None:
        return int(self.department_id.data) if self.department_id.data else None


class EmailNoticesForm(Form):
    enabled = StringField("邮件通知", [one_of(("0", "1"), "邮件通知开关")])


class TestEmailForm(Form):
    to = StringField("收件地址", [required("收件地址"), at_most(200)])
