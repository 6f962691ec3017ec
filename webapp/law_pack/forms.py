"""The pack forms: the subject (audit type, guide entries, articles, cases, the quiz's
size) and the meeting (audited unit, which meeting, its date).  Shape only: the domain
checks that every article, entry and case exists on the meeting's date."""
from __future__ import annotations

from wtforms import (DateField, HiddenField, IntegerField, SelectChoice, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import NumberRange, Optional

from kb.cases.kinds import KIND_AUDIT
from kb.cases.models import STATUS_PUBLISHED
from quizzes.law_pack.values import (DEFAULT_QUESTIONS, MAX_ARTICLES_TEXT, MAX_QUESTIONS,
                                     MAX_TITLE, MAX_UNIT, MEETING_KINDS, MeetingInput, PackInput,
                                     PackView)
from webapp.common.forms import Form, IdField, at_most, one_of, required
from webapp.quiz.forms import CheckboxesField

# Enough for every audit case a bureau keeps; court rulings are not told at an audited unit.
MAX_CASE_CHOICES = 200


class PackForm(Form):
    title = StringField("资料包名称", [required("资料包名称"), at_most(MAX_TITLE)],
                        render_kw={"placeholder": "如：经济责任审计进点会普法资料"})
    audit_type = SelectField("审计类型", [Optional()], choices=[])
    guide_slugs = CheckboxesField("常见问题（问题定性指引）", choices=[],
                                  description="不选时取所选审计类型下的全部指引条目")
    articles = TextAreaField("重点法条", [Optional(), at_most(MAX_ARTICLES_TEXT)],
                             description="写法规名称和条号，可写多条，如：预算法第九十三条；《审计法》第三十四条、"
                                         "第四十七条。按会议当日施行的版本取文")
    case_uids = CheckboxesField("典型案例（最多 3 个）", choices=[],
                                description="不选时取该审计类型最新的已发布案例")
    question_count = IntegerField("自测题数量", [NumberRange(0, MAX_QUESTIONS, message=(
        f"自测题数量应为 0 至 {MAX_QUESTIONS} 道"))], default=DEFAULT_QUESTIONS,
        description="从题库中选取考查上述法条的已发布客观题；0 表示不附自测题")
    copied_from = IdField("模板")

    def offer(self, services, actor) -> "PackForm":
        """Fills the choices from the audit types, the guide and the published audit cases."""
        self.audit_type.choices = [SelectChoice("", "（不指定）")] + [
            SelectChoice(t.name) for t in services.audit_types.list_types()]
        self.guide_slugs.choices = [SelectChoice(e.slug, f"{e.category or '其他'}｜{e.title}")
                                    for e in services.guide.list_entries()]
        cases = services.cases.list_cases(actor, kind=KIND_AUDIT, status=STATUS_PUBLISHED,
                                          per_page=MAX_CASE_CHOICES).items
        self.case_uids.choices = [SelectChoice(c.uid, f"{c.audit_type}｜{c.title}") for c in cases]
        return self

    def to_input(self) -> PackInput:
        return PackInput(self.title.data or "", self.audit_type.data or "",
                         tuple(self.guide_slugs.data or ()), self.articles.data or "",
                         tuple(self.case_uids.data or ()), self.question_count.data or 0)

    @staticmethod
    def data_of(pack: PackView, title: str | None = None) -> dict:
        return {"title": title or pack.title, "audit_type": pack.audit_type,
                "guide_slugs": list(pack.guide_slugs), "articles": pack.articles,
                "case_uids": list(pack.case_uids), "question_count": pack.question_count}


class EditPackForm(PackForm):
    """A pack's subject edited: names the revision the edit started from."""
    revision = HiddenField()

    @staticmethod
    def data_of(pack: PackView, title: str | None = None) -> dict:
        return dict(PackForm.data_of(pack, title), revision=str(pack.revision))


class MeetingForm(Form):
    unit_name = StringField("被审计单位", [required("被审计单位"), at_most(MAX_UNIT)],
                            render_kw={"placeholder": "如：某县交通运输局"})
    kind = SelectField("会议", [required("会议"), one_of(MEETING_KINDS, "会议")],
                       choices=[SelectChoice(k) for k in MEETING_KINDS])
    held_on = DateField("会议日期", [required("会议日期")],
                        description="法条取这一天施行的版本")

    def to_input(self) -> MeetingInput:
        return MeetingInput(self.unit_name.data or "", self.kind.data or "", self.held_on.data)


class NewPackForm(PackForm, MeetingForm):
    """A new pack (or a copy of a template) with the meeting it is first used at."""
