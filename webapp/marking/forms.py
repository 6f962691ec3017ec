"""The grading form: one points field per 评分要点 (built per rubric), the comment, the
grade's version the grader saw (the domain refuses a save based on an older one) and the
示范答案 choice; the re-grader's decision form (the same points, a comment); the staff
member's 申请复核 and 署名展示 forms."""
from __future__ import annotations

from wtforms import BooleanField, FloatField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import NumberRange, Optional

from quizzes.content import WrittenKey
from quizzes.marking import MAX_COMMENT
from webapp.common.forms import Form, at_most


def point_field(point_id: str) -> str:
    return f"point_{point_id}"


class RubricForm(Form):
    """Points per 评分要点 and a comment."""
    comment = TextAreaField("评语", [at_most(MAX_COMMENT)])

    @classmethod
    def of(cls, key: WrittenKey, **kwargs):
        class Built(cls):
            pass
        for point in key.rubric:
            setattr(Built, point_field(point.id), FloatField(point.text, [Optional()]))
        return Built(**kwargs)

    def marks(self, key: WrittenKey) -> dict:
        """Points per rubric point and the comment, as quizzes.marking.check_marks reads them."""
        rubric = {p.id: self[point_field(p.id)].data for p in key.rubric
                  if self[point_field(p.id)].data is not None}
        return {"rubric": rubric, "comment": self.comment.data or ""}


class GradeForm(RubricForm):
    attempt_id = IntegerField(validators=[NumberRange(min=1)])
    question_id = IntegerField(validators=[NumberRange(min=1)])
    part_id = HiddenField()
    version = IntegerField(validators=[Optional(), NumberRange(min=0)])
    exemplary = BooleanField("选作示范答案")

    def marks(self, key: WrittenKey) -> dict:
        """The body quizzes.marking.grade takes: marks, version, the 示范答案 choice."""
        return {**super().marks(key), "version": self.version.data or 0, "exemplary": bool(self.exemplary.data)}


class ExemplaryForm(Form):
    attempt_id = IntegerField(validators=[NumberRange(min=1)])
    question_id = IntegerField(validators=[NumberRange(min=1)])
    part_id = HiddenField()
    exemplary = BooleanField("选作示范答案")


class DecisionForm(RubricForm):
    comment = TextAreaField("复核意见", [at_most(MAX_COMMENT)])


class RegradeRequestForm(Form):
    part_id = HiddenField()
    reason = TextAreaField("申请复核的理由")  # checked in the domain (quizzes.regrade.check_reason)


class NamedForm(Form):
    named = BooleanField("同意作为示范答案署名展示")
