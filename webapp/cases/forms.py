"""Forms of the case pages, the finding guide and the citation check.  Shape only:
lengths and required fields; what a case or a guide entry must satisfy is checked by
the domain (CaseInput.clean, GuideInput.clean), whose messages the pages show."""
from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, DateField, HiddenField, SelectField, StringField, SubmitField,
                     TextAreaField)
from wtforms.validators import Length, Optional, ValidationError

from kb.cases.values import MAX_BODY, CaseInput, normalise_tags
from kb.citations.check import MAX_TEXT
from kb.guide.basis_text import format_basis_lines, parse_basis_lines
from kb.guide.values import GuideInput, GuideView
from webapp.common.forms import Form, at_most, one_of, required

LIST_HINT = "用逗号、顿号或空格分隔"
# Paths under /guide/ that are pages, not entries.
RESERVED_SLUGS = {"new"}


class CaseForm(Form):
    title = StringField("标题", [required("标题"), at_most(200)])
    audit_type = SelectField("审计类型", choices=[], validate_choice=False)
    case_date = DateField("案例日期", [Optional()],
                          description="引用按该日有效的法规版本解析；不填则按现行版本")
    source = StringField("来源", [Optional(), at_most(300)], description="如：某市审计局 2023 年审计工作报告")
    tags = StringField("标签", [Optional(), at_most(900)], description=LIST_HINT)
    summary = TextAreaField("摘要", [Optional(), at_most(500)], description="一两句话，显示在案例列表中")
    body = TextAreaField("正文（Markdown）", [Optional(), Length(max=MAX_BODY, message=f"正文不超过 {MAX_BODY} 个字符")])
    note = StringField("修订说明", [Optional(), at_most(200)], description="可选，记入修订记录")
    revision = HiddenField()
    publish = SubmitField("保存并发布")

    def set_audit_types(self, names: list[str]) -> None:
        current = self.audit_type.data
        extra = [current] if current and current not in names else []
        self.audit_type.choices = [("", "请选择审计类型")] + [(n, n) for n in names + extra]

    def to_input(self) -> CaseInput:
        return CaseInput(self.title.data or "", self.audit_type.data or "", self.body.data or "",
                         normalise_tags(self.tags.data or ""), self.case_date.data,
                         self.source.data or "", self.summary.data or "")

    @staticmethod
    def data_of(case) -> dict:
        return {"title": case.title, "audit_type": case.audit_type, "case_date": case.case_date,
                "source": case.source, "tags": "、".join(case.tags), "summary": case.summary,
                "body": case.body}


class CasePreviewForm(Form):
    """The editor's live preview: the body and the date citations resolve at."""
    body = TextAreaField("正文", [Length(max=MAX_BODY, message=f"正文不能超过{MAX_BODY}个字符")])
    case_date = StringField("案例日期", [Optional(), at_most(20)])


class CaseImportForm(Form):
    archive = FileField("案例文件", [FileRequired(message="请选择要上传的文件"),
                                 FileAllowed(["md", "zip"], message="只支持 .md 或 .zip 文件")])
    update_existing = BooleanField("已存在的案例按文件内容更新（保留修订记录）")


class AuditTypeForm(Form):
    name = StringField("审计类型名称", [required("名称"), at_most(40)])


class AuditTypeActiveForm(Form):
    active = StringField("启用", [one_of(("0", "1"), "启用状态")])


class AuditTypeMoveForm(Form):
    direction = StringField("方向", [one_of(("up", "down"), "移动方向")])


class GuideForm(Form):
    slug = StringField("编号", [required("编号"), at_most(79)],
                       description="小写字母、数字和连字符，如 split-procurement；用于链接，保存后尽量不改")
    title = StringField("问题名称", [required("问题名称"), at_most(200)])
    category = StringField("审计类型", [Optional(), at_most(40)])
    keywords = StringField("关键词", [Optional(), at_most(800)], description=LIST_HINT + "；检索和引用核查按这些词匹配")
    description = TextAreaField("问题表现", [Optional(), at_most(5000)])
    advice = TextAreaField("审计提示", [Optional(), at_most(5000)])
    characterisation = TextAreaField("定性依据", [required("定性依据"), at_most(6000)],
                                     description="每行一条，如：《预算法》第十三条：未列入预算的不得支出")
    sanction = TextAreaField("处理处罚依据", [required("处理处罚依据"), at_most(6000)],
                             description="每行一条，如：《审计法》第四十九条第（四）项：责令调整有关会计账目")
    cases = StringField("相关案例编号", [Optional(), at_most(2000)], description=LIST_HINT + "；案例页面显示其编号")
    revision = HiddenField()

    def validate_slug(self, field) -> None:
        if (field.data or "").strip().lower() in RESERVED_SLUGS:
            raise ValidationError(f"“{field.data}”是保留字，请换一个编号")

    def to_input(self) -> GuideInput:
        return GuideInput(self.slug.data or "", self.title.data or "", self.category.data or "",
                          normalise_tags(self.keywords.data or ""), self.description.data or "",
                          self.advice.data or "", parse_basis_lines(self.characterisation.data),
                          parse_basis_lines(self.sanction.data),
                          normalise_tags(self.cases.data or ""))

    @staticmethod
    def data_of(entry: GuideView) -> dict:
        return {"slug": entry.slug, "title": entry.title, "category": entry.category,
                "keywords": "、".join(entry.keywords), "description": entry.description,
                "advice": entry.advice, "revision": str(entry.revision),
                "characterisation": format_basis_lines(b.basis for b in entry.characterisation),
                "sanction": format_basis_lines(b.basis for b in entry.sanction),
                "cases": "、".join(c.uid for c in entry.cases if c.attached)}


class CitationCheckForm(Form):
    text = TextAreaField("审计报告或决定书的文字", [required("要核查的文字"),
                                          Length(max=MAX_TEXT, message=f"不超过 {MAX_TEXT} 个字符")],
                         render_kw={"placeholder": "例：……上述问题违反了《中华人民共和国预算法》第十三条的规定。"
                                                   "根据《财政违法行为处罚处分条例》第七条的规定，责令……"})
    date = DateField("文书日期", [Optional()], description="按该日有效的法规版本核对；不填则按现行版本")
