"""Forms of a round's manual controls (the composer's own form is round_form): changing
the paper, cancelling with a reason, extending one person's deadline.  Shape only — the
domain decides what a round allows."""
from __future__ import annotations

import datetime as dt

from wtforms import StringField
from wtforms.validators import InputRequired, Length, Optional

from quizzes.round_spec import parse_time
from webapp.common.forms import Form, IdField, IdListField, NextForm, at_most, one_of, required

PAPER_ACTIONS = ("add", "remove", "up", "down")


class PaperForm(NextForm):
    """Add the ticked questions (the picker), or move or remove one (the round's page)."""
    action = StringField("操作", [one_of(PAPER_ACTIONS, "试卷调整")])
    question = IdField("试题")
    ids = IdListField("试题")


class CancelForm(Form):
    """The reason is required by the domain (it goes out in the notice)."""
    reason = StringField("取消原因", [Optional(), Length(max=500, message="取消原因不超过 500 个字符")])


class ExtendForm(Form):
    user_id = IdField("人员", [InputRequired(message="请选择要延长截止时间的人员")])
    closes_at = StringField("延长至", [required("延长后的截止时间"), at_most(40)])

    def until(self) -> dt.datetime:
        return parse_time(self.closes_at.data, "延长后的截止时间")
