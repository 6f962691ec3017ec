"""The web forms (Flask-WTF: every one carries a CSRF token).  Messages are Chinese;
checks here are about shape only — the domain decides what is allowed."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, PasswordField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from kb.accounts import ROLE_NAMES, ROLE_STAFF
from kb.bookmark import MAX_NOTE



def required(what: str) -> DataRequired:
    return DataRequired(message=f"请填写{what}")


def at_most(count: int) -> Length:
    return Length(max=count, message=f"不超过 {count} 个字符")


class Form(FlaskForm):
    class Meta:
        # WTForms' own messages ("该字段是必填字段。") come from its bundled Chinese
        # catalogue; config WTF_I18N_ENABLED=False lets it load without Babel.
        locales = ("zh",)


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


class StatuteImportForm(Form):
    path = StringField("服务器上的法规文件夹", [required("文件夹路径"), at_most(1000)])


class NoteForm(Form):
    body = TextAreaField("我的笔记", [Optional(), Length(max=MAX_NOTE, message=f"笔记不超过 {MAX_NOTE} 字")])


class FavouriteForm(Form):
    on = HiddenField(validators=[DataRequired()])
