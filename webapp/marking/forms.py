"""The grading form: one points field per 评分要点 (built per rubric), the comment, and
the grade's version the grader saw (the domain refuses a save based on an older one)."""
from __future__ import annotations

from wtforms import FloatField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import NumberRange, Optional

from quizzes.content import WrittenKey
from quizzes.marking import MAX_COMMENT
from webapp.common.forms import Form, at_most


def point_field(point_id: str) -> str:
    return f"point_{point_id}"


class GradeForm(Form):
    attempt_id = IntegerField(validators=[NumberRange(min=1)])
    question_id = IntegerField(validators=[NumberRange(min=1)])
    part_id = HiddenField()
    version = IntegerField(validators=[Optional(), NumberRange(min=0)])
    comment = TextAreaField("评语", [at_most(MAX_COMMENT)])

    @classmethod
    def of(cls, key: WrittenKey, **kwargs) -> "GradeForm":
        class RubricForm(cls):
            pass
        for point in key.rubric:
            setattr(RubricForm, point_field(point.id),
                    FloatField(point.text, [Optional()]))
        return RubricForm(**kwargs)

    def marks(self, key: WrittenKey) -> dict:
        """The body quizzes.marking.grade takes: points per rubric point, comment, version."""
        rubric = {p.id: self[point_field(p.id)].data for p in key.rubric
                  if self[point_field(p.id)].data is not None}
        return {"rubric": rubric, "comment": self.comment.data or "", "version": self.version.data or 0}
