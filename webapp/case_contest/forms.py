"""Forms of the 案例评比 pages.  Shape only: the domain (quizzes.case_contest.values)
checks what the settings, the entries and the scores mean."""
from __future__ import annotations

import datetime as dt

from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from core.clock import to_local
from core.errors import InvalidInput
from quizzes.case_contest.values import (AWARDS, DEFAULT_CRITERIA, ContestInput, EntryInput,
                                         ReviewInput, criteria_text, parse_criteria)
from quizzes.round_spec import parse_time
from webapp.cases.forms import CaseForm
from webapp.common.forms import Form, at_most, required

TIME_HINT = "北京时间，如 2026-03-02T09:00"


class ContestForm(Form):
    title = StringField("评比名称", [required("评比名称"), at_most(200)])
    description = TextAreaField("评比说明", [Optional(), at_most(5000)],
                                description="征集范围、要求等，参评人员可见")
    opens_at = StringField("征集开始", [required("征集开始时间"), at_most(40)], description=TIME_HINT,
                           render_kw={"type": "datetime-local"})
    closes_at = StringField("征集截止", [required("征集截止时间"), at_most(40)],
                            description="北京时间；截止后不能再提交或撤回，评委开始评分",
                            render_kw={"type": "datetime-local"})
    criteria = TextAreaField("评分标准", [required("评分标准"), at_most(2000)],
                             default=criteria_text(DEFAULT_CRITERIA),
                             description="每行一项：名称 分值；评委按每项 0 到分值打分")
    judges = StringField("评委（工号）", [required("评委"), at_most(2000)],
                         description="用逗号、顿号或空格分隔；评委不能为本人参与的案例评分")
    blind = BooleanField("匿名评审（评委看不到作者）", default=True)

    def to_input(self) -> ContestInput:
        return ContestInput(self.title.data or "", parse_time(self.opens_at.data, "征集开始时间"),
                            parse_time(self.closes_at.data, "征集截止时间"),
                            parse_criteria(self.criteria.data or ""), (self.judges.data or "",),
                            bool(self.blind.data), self.description.data or "")

    @staticmethod
    def data_of(settings: ContestInput) -> dict:
        return {"title": settings.title, "description": settings.description,
                "opens_at": _local_text(settings.opens_at), "closes_at": _local_text(settings.closes_at),
                "criteria": criteria_text(settings.criteria), "judges": "、".join(settings.judges),
                "blind": settings.blind}


def _local_text(value: dt.datetime) -> str:
    return to_local(value).strftime("%Y-%m-%dT%H:%M")


class EntryForm(CaseForm):
    """The case editor's fields and the co-authors."""
    coauthors = StringField("合作作者（工号）", [Optional(), at_most(500)],
                            description="团队参评时填写其他作者的工号，用逗号、顿号或空格分隔；提交人自动列为第一作者")

    def to_entry(self) -> EntryInput:
        return EntryInput(self.to_input(), (self.coauthors.data or "",))

    @staticmethod
    def entry_data(entry) -> dict:
        data = CaseForm.data_of(entry.case)
        data["coauthors"] = "、".join(a.username for a in entry.authors[1:])
        return data


class ScoreForm(Form):
    """The comment and one whole number per criterion, c<criterion id>, built for the
    contest's criteria (the range is the domain's to check)."""
    comment = TextAreaField("评语", [Optional(), at_most(2000)])

    @classmethod
    def of(cls, criteria, review=None):
        class Built(cls):
            pass
        for criterion in criteria:
            setattr(Built, f"c{criterion.id}", StringField(criterion.name, [Optional(), at_most(10)]))
        if review is None:
            return Built()
        data = {f"c{cid}": str(points) for cid, points in review.points.items()}
        return Built(data={**data, "comment": review.comment})

    def to_review(self, criteria) -> ReviewInput:
        points = {}
        for criterion in criteria:
            text = (getattr(self, f"c{criterion.id}").data or "").strip()
            digits = text[1:] if text.startswith("-") else text
            if text and not (digits.isascii() and digits.isdigit()):
                raise InvalidInput(f"“{criterion.name}”的得分应为整数，不能是“{text}”")
            points[criterion.id] = int(text) if text else None
        return ReviewInput(points, self.comment.data or "")


class AwardsForm(Form):
    """One select per entry, a<entry id>, built for the contest's entries."""

    @classmethod
    def of(cls, entry_ids):
        class Built(cls):
            pass
        for entry_id in entry_ids:
            setattr(Built, f"a{entry_id}", SelectField(
                "奖项", choices=[SelectChoice("", "不获奖")] + [SelectChoice(a, a) for a in AWARDS],
                default=""))
        return Built()

    def awards(self, entry_ids) -> dict[int, str]:
        return {entry_id: getattr(self, f"a{entry_id}").data or "" for entry_id in entry_ids}
