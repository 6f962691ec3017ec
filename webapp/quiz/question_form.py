"""The question editor's form (WTForms) ⇄ the question data the domain validates.

One flat form for every type: 选项A…F rows (with the stable option ids of an edited
question in hidden fields), an answer field per type, and for a 案例分析题 up to ten
sub-question blocks with the same fields under a prefix (p0_, p1_ …: a FormField each).
A written body (简答题/论述题, a written sub-question) has a reference answer and rubric rows
(评分要点: points, text, expected articles as text, and the point's stable id hidden).
Only the fields of the chosen type are read; checking what they say is the domain's job
(bank.parse), which names the sub-question and field at fault — so the form has no
validators of its own.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable

import wtforms
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.fields import FormField

from quizzes.content import (CASE, CHOICE_TYPES, FILL, MAX_OPTIONS, MAX_PARTS, MAX_RUBRIC, MULTIPLE,
                             RUBRIC_LIMIT, SHORT, SINGLE, TRUE_FALSE, WRITTEN_TYPES, ArticleRef, Content,
                             Part)
from webapp.common.forms import Form
from webapp.quiz.forms import CheckboxesField

ROWS = "ABCDEF"[:MAX_OPTIONS]
# The editor's action that adds a sub-question block without saving (the no-script path).
ADD_PART = "add_part"
# Rubric rows the page holds: as many as the API takes.  Without script it shows
# RUBRIC_SHOWN of them (more when more are filled); the script adds the rest one by one.
RUBRIC_ROWS = MAX_RUBRIC
RUBRIC_SHOWN = 8
# Expected articles of a rubric point → the text the editor shows (《审计法》第四十二条).
ArticlesText = Callable[[Iterable[ArticleRef]], str]
FIELD_LIMIT = 20000
# Alternatives of one blank: 三日|3日 (also ／ or / between them).
ALTERNATIVES = re.compile(r"\s*[|｜／]\s*")


def clip(value: str | None) -> str:
    return (value or "")[:FIELD_LIMIT]


def text(**kwargs) -> StringField:
    return StringField(filters=[clip], **kwargs)


class BodyFields(wtforms.Form):
    """The fields of one question body: a simple question, or one sub-question of a case."""
    rubric_rows = RUBRIC_ROWS
    rubric_limit = RUBRIC_LIMIT
    stem = TextAreaField(filters=[clip])
    explanation = TextAreaField(filters=[clip])
    ans_single = RadioField(choices=[SelectChoice(row) for row in ROWS], validate_choice=False, filters=[clip])
    ans_multi = CheckboxesField(choices=[], default=list)
    ans_tf = RadioField(choices=[SelectChoice("true"), SelectChoice("false")], validate_choice=False,
                        filters=[clip])
    ans_fill = TextAreaField(filters=[clip])

    def options(self) -> tuple[list[dict], dict[str, Any]]:
        """The filled option rows, and for each row letter what the answer calls it."""
        options, names = [], {}
        for row in ROWS:
            option_text = self[f"opt_{row}"].data.strip()
            if not option_text:
                continue
            option_id = self[f"optid_{row}"].data.strip()
            options.append({"id": option_id, "text": option_text} if option_id else {"text": option_text})
            names[row] = option_id or ROWS[len(options) - 1]
        return options, names

    def answer(self, qtype: str, names: dict[str, Any]) -> Any:
        if qtype == SINGLE:
            return names.get(self.ans_single.data)
        if qtype == MULTIPLE:
            return [names[row] for row in self.ans_multi.data or () if row in names]
        if qtype == TRUE_FALSE:
            return {"true": True, "false": False}.get(self.ans_tf.data)
        if qtype in WRITTEN_TYPES:
            return {"reference": self.reference.data, "rubric": self.rubric()}
        lines = [line.strip() for line in self.ans_fill.data.splitlines()]
        return [ALTERNATIVES.split(line) for line in lines if line]

    def rubric(self) -> list[dict]:
        """The filled rubric rows (a row with neither text nor points is ignored)."""
        rows = []
        for i in range(RUBRIC_ROWS):
            point_text, points = self[f"rub_text_{i}"].data.strip(), self[f"rub_points_{i}"].data.strip()
            if point_text or points:
                rows.append({"id": self[f"rub_id_{i}"].data.strip() or None, "text": point_text,
                             "points": points, "articles": self[f"rub_articles_{i}"].data.strip()})
        return rows

    def rubric_slots(self) -> int:
        """Rubric rows shown without script: RUBRIC_SHOWN, or the filled ones and an empty one."""
        filled = [i for i in range(RUBRIC_ROWS)
                  if self[f"rub_text_{i}"].data.strip() or self[f"rub_points_{i}"].data.strip()]
        return min(RUBRIC_ROWS, max(RUBRIC_SHOWN, max(filled, default=-1) + 2))

    def body(self, qtype: str) -> dict:
        data: dict[str, Any] = {"type": qtype, "stem": self.stem.data, "explanation": self.explanation.data}
        names: dict[str, Any] = {}
        if qtype in CHOICE_TYPES:
            data["options"], names = self.options()
        data["answer"] = self.answer(qtype, names)
        return data


for _row in ROWS:                                   # opt_A, optid_A … opt_F, optid_F
    setattr(BodyFields, f"opt_{_row}", text())
    setattr(BodyFields, f"optid_{_row}", HiddenField(filters=[clip]))
BodyFields.reference = TextAreaField(filters=[clip])
for _i in range(RUBRIC_ROWS):                       # rub_text_0, rub_points_0 … rub_id_19
    for _name in ("text", "points", "articles"):
        setattr(BodyFields, f"rub_{_name}_{_i}", text())
    setattr(BodyFields, f"rub_id_{_i}", HiddenField(filters=[clip]))


class PartForm(BodyFields):
    """One sub-question block of a case (p0_…): its own type and stable id."""
    id = HiddenField(filters=[clip])
    type = SelectField(choices=[SelectChoice(code) for code in (SINGLE, MULTIPLE, TRUE_FALSE, FILL, SHORT)],
                       default=SINGLE, validate_choice=False, filters=[clip])


class QuestionForm(Form, BodyFields):
    type = SelectField(choices=[], validate_choice=False, filters=[clip])
    difficulty = SelectField(choices=[], default="3", validate_choice=False, filters=[clip])
    articles = text()
    tags = text()
    case_id = text()
    note = text()
    fixed_order = BooleanField()
    action = HiddenField()
    # How many sub-question blocks the page showed (the no-script 添加小题 asks for one more).
    shown_parts = HiddenField(filters=[clip])

    def parts(self) -> list[PartForm]:
        return [self[f"p{index}"].form for index in range(MAX_PARTS)]

    def question_data(self) -> dict:
        """The submitted form as question data (bank.create_question / update_question)."""
        qtype = self.type.data
        data = self.body(qtype) if qtype != CASE else {
            "type": CASE, "stem": self.stem.data, "explanation": self.explanation.data,
            "parts": [dict(part.body(part.type.data), id=part.id.data or None)
                      for part in self.parts() if part.stem.data.strip()]}
        case_id = self.case_id.data.strip()
        data.update(articles=self.articles.data.strip() or None, tags=self.tags.data,
                    difficulty=self.difficulty.data or "3", fixed_order=self.fixed_order.data,
                    case_id=int(case_id) if case_id.isdigit() and len(case_id) < 10 else (case_id or None))
        return data

    def part_slots(self) -> int:
        """How many sub-question blocks the page shows: those filled in and two empty ones,
        at least as many as it showed before, one more after 添加小题; never more than
        MAX_PARTS.  (The page holds all MAX_PARTS blocks: the rest hidden, for the script.)"""
        filled = [i for i, part in enumerate(self.parts()) if part.stem.data.strip()]
        shown = self.shown_parts.data or ""
        shown_before = int(shown) if shown.isdigit() and len(shown) < 3 else 0
        wanted = shown_before + 1 if self.action.data == ADD_PART else shown_before
        return min(MAX_PARTS, max(max(filled, default=-1) + 3, wanted))


for _index in range(MAX_PARTS):                     # p0_stem, p0_opt_A … p9_ans_fill
    setattr(QuestionForm, f"p{_index}", FormField(PartForm, separator="_"))


def _part_data(part: Part, articles_text: ArticlesText) -> dict:
    rows = {o.id: row for row, o in zip(ROWS, part.options)}
    data: dict[str, Any] = {"type": part.qtype, "stem": part.stem, "explanation": part.explanation}
    for row, option in zip(ROWS, part.options):
        data.update({f"opt_{row}": option.text, f"optid_{row}": option.id})
    if part.qtype == SINGLE:
        data["ans_single"] = rows.get(part.answer, "")
    elif part.qtype == MULTIPLE:
        data["ans_multi"] = [rows[a] for a in part.answer if a in rows]
    elif part.qtype == TRUE_FALSE:
        data["ans_tf"] = "true" if part.answer else "false"
    elif part.qtype == FILL:
        data["ans_fill"] = "\n".join("|".join(blank) for blank in part.answer)
    elif part.is_written:
        key = part.written_key
        data["reference"] = key.reference
        for i, point in enumerate(key.rubric):
            data.update({f"rub_id_{i}": point.id, f"rub_text_{i}": point.text,
                         f"rub_points_{i}": f"{point.points:g}",
                         f"rub_articles_{i}": articles_text(point.articles)})
    return data


def question_form_data(content: Content, articles: str, articles_text: ArticlesText) -> dict:
    """A stored question as the form's data (to edit it)."""
    if content.qtype == CASE:
        data = {"type": CASE, "stem": content.stem, "explanation": content.explanation}
        for index, part in enumerate(content.parts):
            data[f"p{index}"] = dict(_part_data(part, articles_text), id=part.id)
    else:
        data = dict(_part_data(content.body, articles_text), explanation=content.explanation)
    return {**data, "articles": articles, "tags": "、".join(content.tags),
            "difficulty": str(content.difficulty), "case_id": str(content.case_id) if content.case_id else "",
            "fixed_order": content.fixed_order}
