"""The question editor's form ⇄ the question data the domain validates.

One flat form for every type: 选项A…F rows (with the stable option ids of an edited
question in hidden fields), an answer field per type, and for a 案例分析题 up to ten
sub-question blocks with the same fields under a prefix (p0_, p1_ …).  Only the fields of
the chosen type are read; checking what they say is the domain's job (bank.parse), which
names the sub-question and field at fault.
"""
from __future__ import annotations

import re
from typing import Any

from werkzeug.datastructures import MultiDict

from quizzes.content import CASE, CHOICE_TYPES, FILL, MAX_OPTIONS, MAX_PARTS, MULTIPLE, SINGLE, TRUE_FALSE, Content, Part

ROWS = "ABCDEF"[:MAX_OPTIONS]
FIELD_LIMIT = 20000
# Alternatives of one blank: 三日|3日 (also ／ or / between them).
ALTERNATIVES = re.compile(r"\s*[|｜／]\s*")


def part_prefix(index: int) -> str:
    return f"p{index}_"


def _get(form: MultiDict, key: str) -> str:
    return (form.get(key) or "")[:FIELD_LIMIT]


def _options(form: MultiDict, prefix: str) -> tuple[list[dict], dict[str, Any]]:
    """The filled option rows, and for each row letter what the answer calls it."""
    options, names = [], {}
    for row in ROWS:
        text = _get(form, f"{prefix}opt_{row}").strip()
        if not text:
            continue
        option_id = _get(form, f"{prefix}optid_{row}").strip()
        options.append({"id": option_id, "text": text} if option_id else {"text": text})
        names[row] = option_id or ROWS[len(options) - 1]
    return options, names


def _answer(form: MultiDict, prefix: str, qtype: str, names: dict[str, Any]) -> Any:
    if qtype == SINGLE:
        return names.get(_get(form, f"{prefix}ans_single"))
    if qtype == MULTIPLE:
        return [names[row] for row in form.getlist(f"{prefix}ans_multi") if row in names]
    if qtype == TRUE_FALSE:
        return {"true": True, "false": False}.get(_get(form, f"{prefix}ans_tf"))
    lines = [line.strip() for line in _get(form, f"{prefix}ans_fill").splitlines()]
    return [ALTERNATIVES.split(line) for line in lines if line]


def _body(form: MultiDict, prefix: str, qtype: str) -> dict:
    data: dict[str, Any] = {"type": qtype, "stem": _get(form, f"{prefix}stem"),
                            "explanation": _get(form, f"{prefix}explanation")}
    names: dict[str, Any] = {}
    if qtype in CHOICE_TYPES:
        data["options"], names = _options(form, prefix)
    data["answer"] = _answer(form, prefix, qtype, names)
    return data


def question_data(form: MultiDict) -> dict:
    """The submitted form as question data (bank.create_question / update_question)."""
    qtype = _get(form, "type")
    data = _body(form, "", qtype) if qtype != CASE else {
        "type": CASE, "stem": _get(form, "stem"), "explanation": _get(form, "explanation"),
        "parts": [dict(_body(form, part_prefix(i), _get(form, f"{part_prefix(i)}type")),
                       id=_get(form, f"{part_prefix(i)}id") or None)
                  for i in range(MAX_PARTS) if _get(form, f"{part_prefix(i)}stem").strip()]}
    case_id = _get(form, "case_id").strip()
    data.update(articles=_get(form, "articles").strip() or None, tags=_get(form, "tags"),
                difficulty=_get(form, "difficulty") or "3",
                case_id=int(case_id) if case_id.isdigit() and len(case_id) < 10 else (case_id or None))
    return data


def _part_values(values: MultiDict, prefix: str, part: Part) -> None:
    values[f"{prefix}type"] = part.qtype
    values[f"{prefix}stem"] = part.stem
    values[f"{prefix}explanation"] = part.explanation
    for row, option in zip(ROWS, part.options):
        values[f"{prefix}opt_{row}"] = option.text
        values[f"{prefix}optid_{row}"] = option.id
    rows = {o.id: row for row, o in zip(ROWS, part.options)}
    if part.qtype == SINGLE:
        values[f"{prefix}ans_single"] = rows.get(part.answer, "")
    elif part.qtype == MULTIPLE:
        values.setlist(f"{prefix}ans_multi", [rows[a] for a in part.answer if a in rows])
    elif part.qtype == TRUE_FALSE:
        values[f"{prefix}ans_tf"] = "true" if part.answer else "false"
    elif part.qtype == FILL:
        values[f"{prefix}ans_fill"] = "\n".join("|".join(blank) for blank in part.answer)


def form_values(content: Content, articles_text: str) -> MultiDict:
    """A stored question as the form's values (to edit it)."""
    values: MultiDict = MultiDict()
    if content.qtype == CASE:
        values.update({"type": CASE, "stem": content.stem, "explanation": content.explanation})
        for index, part in enumerate(content.parts):
            _part_values(values, part_prefix(index), part)
            values[f"{part_prefix(index)}id"] = part.id
    else:
        _part_values(values, "", content.body)
        values["explanation"] = content.explanation
    values.update({"articles": articles_text, "tags": "、".join(content.tags),
                   "difficulty": str(content.difficulty),
                   "case_id": str(content.case_id) if content.case_id else ""})
    return values


def part_slots(values: MultiDict) -> int:
    """How many sub-question blocks the form shows: those filled in and two empty ones."""
    filled = [i for i in range(MAX_PARTS) if values.get(f"{part_prefix(i)}stem", "").strip()]
    return min(MAX_PARTS, max(filled, default=-1) + 3)
