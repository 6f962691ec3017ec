"""What a question says, as plain data: the five types, options with stable ids, the
canonical answer of each type, and the validation every way in (form, API, Excel, JSON,
generator) goes through.

Canonical answers: 单选题 an option id; 多选题 a sorted list of option ids (at least two);
判断题 a bool; 填空题 a list of blanks, each a list of accepted alternatives; 简答题/论述题
(written, also a case part) {"reference": 专家答案 (Markdown), "rubric": [评分要点]}, each point
{"id", "text", "points", "articles": [[statute id, article no, suffix]]}; 案例分析题 none of
its own — its sub-questions (parts) carry theirs.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from core.errors import InvalidInput

SINGLE, MULTIPLE, TRUE_FALSE, FILL, CASE = "single", "multiple", "true_false", "fill", "case"
SHORT, ESSAY = "short", "essay"
TYPES = (SINGLE, MULTIPLE, TRUE_FALSE, FILL, SHORT, ESSAY, CASE)
# A case's written sub-question is a 简答题 part.
PART_TYPES = (SINGLE, MULTIPLE, TRUE_FALSE, FILL, SHORT)
# Answered in words and graded by a person (阅卷), never automatically.
WRITTEN_TYPES = (SHORT, ESSAY)
TYPE_NAMES = {SINGLE: "单选题", MULTIPLE: "多选题", TRUE_FALSE: "判断题", FILL: "填空题",
              SHORT: "简答题", ESSAY: "论述题", CASE: "案例分析题"}
TYPE_BY_NAME = {name: code for code, name in TYPE_NAMES.items()}
CHOICE_TYPES = (SINGLE, MULTIPLE)
MAX_OPTIONS = 6          # 选项A…F, as in the bureaus' sheet
OPTION_LETTERS = "ABCDEF"
MAX_PARTS = 10
MAX_STEM = 20000
MAX_TAGS = 10
MAX_RUBRIC = 20
# Said alike by the domain, the API and the question editor.
RUBRIC_LIMIT = f"最多 {MAX_RUBRIC} 个评分要点"
# What authors write as a rubric point's expected articles → resolved references.
Resolve = Callable[[Any], tuple["ArticleRef", ...]]
DIFFICULTY_NAMES = {1: "易", 2: "较易", 3: "中", 4: "较难", 5: "难"}
# A blank in a 填空题 stem: ____ (two or more underscores) or an empty pair of brackets.
BLANK = re.compile(r"_{2,}|（\s*）|\(\s*\)")


@dataclass(frozen=True)
class Option:
    id: str
    text: str


@dataclass(frozen=True)
class ArticleRef:
    """An article a question tests: (statute id, article number, 之N suffix)."""
    statute_id: int
    article_no: int
    suffix: int = 0

    def to_list(self) -> list[int]:
        return [self.statute_id, self.article_no, self.suffix]


@dataclass(frozen=True)
class Part:
    """A question body: the whole of a simple question, or one sub-question of a case."""
    id: str
    qtype: str
    stem: str
    options: tuple[Option, ...] = ()
    answer: Any = None
    explanation: str = ""

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    @property
    def blank_count(self) -> int:
        return len(self.answer) if self.qtype == FILL else 0

    @property
    def is_written(self) -> bool:
        return self.qtype in WRITTEN_TYPES

    @property
    def written_key(self) -> "WrittenKey | None":
        """The reference answer and rubric of a written part (None for other types)."""
        return written_key_of(self.answer) if self.is_written else None

    def to_json(self) -> dict:
        return {"id": self.id, "type": self.qtype, "stem": self.stem,
                "options": [{"id": o.id, "text": o.text} for o in self.options],
                "answer": self.answer, "explanation": self.explanation}


@dataclass(frozen=True)
class RubricPoint:
    """评分要点: what a written answer should say, its points, and the articles it
    expects to be cited.  The id stays with the point across revisions."""
    id: str
    text: str
    points: float
    articles: tuple[ArticleRef, ...] = ()


@dataclass(frozen=True)
class WrittenKey:
    reference: str
    rubric: tuple[RubricPoint, ...]

    @property
    def points(self) -> float:
        return round(sum(p.points for p in self.rubric), 2)


def written_key_of(answer: Mapping) -> WrittenKey:
    """The WrittenKey a stored (canonical) written answer key holds."""
    return WrittenKey(answer.get("reference", ""), tuple(
        RubricPoint(p["id"], p["text"], float(p["points"]),
                    tuple(ArticleRef(*a) for a in p.get("articles") or ()))
        for p in answer.get("rubric") or ()))


@dataclass(frozen=True)
class Content:
    """Everything a revision stores about a question."""
    qtype: str
    stem: str
    options: tuple[Option, ...] = ()
    answer: Any = None
    explanation: str = ""
    articles: tuple[ArticleRef, ...] = ()
    difficulty: int = 3
    tags: tuple[str, ...] = ()
    case_id: int | None = None
    parts: tuple[Part, ...] = ()
    # 固定选项顺序: everyone sees the options as written (an explanation says “D项”, an
    # option says “以上都对”); otherwise each person's order is shuffled.
    fixed_order: bool = False

    @property
    def body(self) -> Part:
        """The question as one gradable part (simple types only)."""
        return Part("", self.qtype, self.stem, self.options, self.answer, self.explanation)

    def gradable_parts(self) -> tuple[Part, ...]:
        return self.parts if self.qtype == CASE else (self.body,)

    @property
    def has_written(self) -> bool:
        """Graded by a person (阅卷), wholly or in a part: kept out of 自测 and the 错题本."""
        return any(p.is_written for p in self.gradable_parts())

    def answer_key(self) -> Any:
        """The key in the form people answer: a case's is {part id: answer}."""
        return {p.id: p.answer for p in self.parts} if self.qtype == CASE else self.answer

    def fingerprint(self) -> str:
        """Same type, stem, options and sub-questions → same fingerprint (answers ignored)."""
        key = [self.qtype, _squash(self.stem), [_squash(o.text) for o in self.options],
               [[p.qtype, _squash(p.stem), [_squash(o.text) for o in p.options]]
                for p in self.parts]]
        return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()

    def to_json(self) -> dict:
        return {"type": self.qtype, "type_name": TYPE_NAMES[self.qtype], "stem": self.stem,
                "options": [{"id": o.id, "text": o.text} for o in self.options],
                "answer": self.answer, "explanation": self.explanation,
                "articles": [a.to_list() for a in self.articles],
                "difficulty": self.difficulty, "tags": list(self.tags),
                "case_id": self.case_id, "parts": [p.to_json() for p in self.parts],
                "fixed_order": self.fixed_order}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def type_code(value: str) -> str:
    """'single' or '单选题' → 'single'."""
    text = (value or "").strip()
    if text in TYPES:
        return text
    if text in TYPE_BY_NAME:
        return TYPE_BY_NAME[text]
    raise InvalidInput(f"未知题型“{value}”，可用题型：{'、'.join(TYPE_NAMES.values())}")


def _text(data: Mapping, key: str, label: str, *, required: bool = True, limit: int = MAX_STEM) -> str:
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{label}应为文本")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{label}不能为空")
    if len(value) > limit:
        raise InvalidInput(f"{label}过长（{len(value)} 字，上限 {limit} 字）")
    return value


def parse_options(raw: Any, where: str, previous: tuple[Option, ...] = ()) -> tuple[Option, ...]:
    """Options as [{"id"?, "text"}] or plain strings; ids kept, missing ones assigned (o1, o2 …)."""
    if not isinstance(raw, (list, tuple)):
        raise InvalidInput(f"{where}的选项应为列表")
    if not 2 <= len(raw) <= MAX_OPTIONS:
        raise InvalidInput(f"{where}应有 2 至 {MAX_OPTIONS} 个选项（现有 {len(raw)} 个）")
    taken = {o.id for o in previous}
    options, texts = [], set()
    for index, item in enumerate(raw, 1):
        entry = {"text": item} if isinstance(item, str) else item
        if not isinstance(entry, Mapping):
            raise InvalidInput(f"{where}第 {index} 个选项格式不正确")
        text = _text(entry, "text", f"{where}第 {index} 个选项", limit=2000)
        if text in texts:
            raise InvalidInput(f"{where}有重复的选项“{text}”")
        texts.add(text)
        option_id = str(entry.get("id") or "").strip()
        if option_id and not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", option_id):
            raise InvalidInput(f"{where}第 {index} 个选项的编号“{option_id}”不合规")
        options.append([option_id, text])
    # An option given without an id keeps the id it had when its text is unchanged.
    by_text = {o.text: o.id for o in previous}
    given = {o[0] for o in options if o[0]}
    for option in options:
        if not option[0] and by_text.get(option[1]) not in (None, *given):
            option[0] = by_text[option[1]]
    used = {o[0] for o in options if o[0]}
    if len(used) != len([o for o in options if o[0]]):
        raise InvalidInput(f"{where}的选项编号重复")
    counter = 1
    for option in options:
        while not option[0]:
            candidate = f"o{counter}"
            counter += 1
            if candidate not in used and candidate not in taken:
                option[0] = candidate
                used.add(candidate)
    return tuple(Option(i, t) for i, t in options)


def parse_answer(qtype: str, raw: Any, options: tuple[Option, ...], stem: str, where: str,
                 resolve: Resolve | None = None, previous: Any = None) -> Any:
    """Validate an author's answer key and return it in canonical form."""
    if qtype in WRITTEN_TYPES:
        return _parse_written(raw, where, resolve, previous)
    ids = [o.id for o in options]
    raw = _letters_to_ids(raw, ids) if qtype in CHOICE_TYPES else raw
    # Messages name options by the letters the trainer sees (选项A…), never by their ids.
    letters = "、".join(OPTION_LETTERS[:len(ids)])
    if qtype == SINGLE:
        if not isinstance(raw, str) or raw not in ids:
            raise InvalidInput(f"{where}没有有效的正确答案：请从选项{letters}中选定一个")
        return raw
    if qtype == MULTIPLE:
        if not isinstance(raw, (list, tuple)) or not all(isinstance(a, str) for a in raw):
            raise InvalidInput(f"{where}没有有效的正确答案：请从选项{letters}中选定至少两个")
        chosen = sorted(set(raw), key=ids.index) if set(raw) <= set(ids) else None
        if chosen is None:
            raise InvalidInput(f"{where}的答案含有不存在的选项：{'、'.join(sorted(set(raw) - set(ids)))}"
                               f"（本题只有选项{letters}）")
        if len(chosen) < 2:
            raise InvalidInput(f"{where}是多选题，正确答案至少应有两项")
        return chosen
    if qtype == TRUE_FALSE:
        if not isinstance(raw, bool):
            raise InvalidInput(f"{where}的答案应为“正确”或“错误”")
        return raw
    return _parse_blanks(raw, stem, where)


def _letters_to_ids(raw: Any, ids: list[str]) -> Any:
    """Answers may name options by letter (A = first option), as the bureaus' sheets do."""
    def one(value):
        if isinstance(value, str) and value not in ids and len(value) == 1 and "A" <= value.upper() <= "Z":
            index = ord(value.upper()) - ord("A")
            return ids[index] if index < len(ids) else value
        return value
    if isinstance(raw, (list, tuple)):
        return [one(v) for v in raw]
    return one(raw)


def _parse_blanks(raw: Any, stem: str, where: str) -> list[list[str]]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, (list, tuple)) or not raw:
        raise InvalidInput(f"{where}的答案应为每个空格的参考答案")
    blanks = []
    for index, blank in enumerate(raw, 1):
        alternatives = [blank] if isinstance(blank, str) else blank
        if not isinstance(alternatives, (list, tuple)) or not all(isinstance(a, str) for a in alternatives):
            raise InvalidInput(f"{where}第 {index} 空的答案格式不正确")
        cleaned = [a.strip() for a in alternatives if a.strip()]
        if not cleaned:
            raise InvalidInput(f"{where}第 {index} 空没有参考答案")
        blanks.append(list(dict.fromkeys(cleaned)))
    markers = len(BLANK.findall(stem))
    if markers != len(blanks):
        raise InvalidInput(f"{where}题干中有 {markers} 处空格（用“____”标出），答案却有 {len(blanks)} 空")
    return blanks


def _parse_written(raw: Any, where: str, resolve: Resolve | None, previous: Any) -> dict:
    """A written part's key: the reference answer and a rubric of 1…20 scoring points."""
    if not isinstance(raw, Mapping):
        raise InvalidInput(f"{where}是主观题，应给出参考答案和评分要点")
    reference = _text(raw, "reference", f"{where}的参考答案")
    points = raw.get("rubric")
    if not isinstance(points, (list, tuple)) or not points:
        raise InvalidInput(f"{where}至少应有一个评分要点")
    if len(points) > MAX_RUBRIC:
        raise InvalidInput(f"{where}{RUBRIC_LIMIT}")
    before = {p["text"]: p["id"] for p in (previous or {}).get("rubric") or ()} \
        if isinstance(previous, Mapping) else {}
    rubric, used = [], set()
    for index, item in enumerate(points, 1):
        label = f"{where}第 {index} 个评分要点"
        if not isinstance(item, Mapping):
            raise InvalidInput(f"{label}格式不正确")
        text = _text(item, "text", label, limit=2000)
        value = item.get("points")
        if isinstance(value, str):
            value = _number(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 100:
            raise InvalidInput(f"{label}的分值应为 0 至 100 之间的数")
        point_id = str(item.get("id") or before.get(text) or "").strip()
        if point_id and not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", point_id):
            raise InvalidInput(f"{label}的编号“{point_id}”不合规")
        if point_id and point_id in used:
            raise InvalidInput(f"{where}的评分要点编号重复")
        used.add(point_id)
        rubric.append({"id": point_id, "text": text, "points": float(value),
                       "articles": [a.to_list() for a in _rubric_articles(item.get("articles"), label, resolve)]})
    taken, counter = used | set(before.values()), 1
    taken.discard("")
    for point in rubric:
        while not point["id"]:
            candidate, counter = f"r{counter}", counter + 1
            if candidate not in taken:
                point["id"] = candidate
                taken.add(candidate)
    return {"reference": reference, "rubric": rubric}


def _number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def _rubric_articles(raw: Any, label: str, resolve: Resolve | None) -> tuple[ArticleRef, ...]:
    if raw in (None, "", []):
        return ()
    if resolve is not None:
        try:
            return resolve(raw)
        except InvalidInput as error:
            raise InvalidInput(f"{label}：{error}") from None
    # Without the library only the stored form is accepted ([statute id, article no, suffix]).
    if isinstance(raw, (list, tuple)) and all(
            isinstance(a, (list, tuple)) and len(a) == 3 and all(isinstance(n, int) for n in a)
            for a in raw):
        return tuple(ArticleRef(*a) for a in raw)
    raise InvalidInput(f"{label}的法条依据格式不正确")


def parse_part(data: Mapping, where: str, previous: Part | None = None,
               allowed: tuple[str, ...] = PART_TYPES, part_id: str = "",
               resolve: Resolve | None = None) -> Part:
    qtype = type_code(str(data.get("type") or data.get("qtype") or ""))
    if qtype not in allowed:
        raise InvalidInput(f"{where}的题型不能是{TYPE_NAMES[qtype]}")
    stem = _text(data, "stem", f"{where}的题干")
    options: tuple[Option, ...] = ()
    if qtype in CHOICE_TYPES:
        options = parse_options(data.get("options"), where, previous.options if previous else ())
    elif data.get("options"):
        raise InvalidInput(f"{where}是{TYPE_NAMES[qtype]}，不应有选项")
    raw = data.get("answer")
    if qtype in WRITTEN_TYPES and raw is None:
        # The written key may also be given beside the stem: {"reference", "rubric"}.
        raw = {"reference": data.get("reference"), "rubric": data.get("rubric")}
    answer = parse_answer(qtype, raw, options, stem, where, resolve,
                          previous.answer if previous else None)
    explanation = _text(data, "explanation", f"{where}的解析", required=False)
    return Part(part_id, qtype, stem, options, answer, explanation)


def parse_content(data: Mapping, articles: tuple[ArticleRef, ...] = (),
                  previous: Content | None = None, resolve: Resolve | None = None) -> Content:
    """Validate a question as authors give it (already-resolved article references;
    `resolve` reads the articles a written part's rubric expects)."""
    if not isinstance(data, Mapping):
        raise InvalidInput("试题数据格式不正确")
    qtype = type_code(str(data.get("type") or data.get("qtype") or ""))
    difficulty = parse_difficulty(data.get("difficulty", 3))
    tags = parse_tags(data.get("tags") or ())
    case_id = data.get("case_id")
    if case_id is not None and (not isinstance(case_id, int) or isinstance(case_id, bool) or case_id <= 0):
        raise InvalidInput("案例编号应为正整数")
    explanation = _text(data, "explanation", "解析", required=False)
    common = dict(explanation=explanation, articles=articles, difficulty=difficulty,
                  tags=tags, case_id=case_id, fixed_order=parse_flag(data.get("fixed_order"), "固定选项顺序"))
    if qtype == CASE:
        stem = _text(data, "stem", "案例材料")
        parts = _parse_parts(data.get("parts"), previous.parts if previous else (), resolve)
        return Content(qtype, stem, parts=parts, **common)
    body = parse_part(data, "本题", previous.body if previous and previous.qtype == qtype else None,
                      allowed=(qtype,), resolve=resolve)
    return Content(qtype, body.stem, body.options, body.answer, **common)


def _parse_parts(raw: Any, previous: tuple[Part, ...], resolve: Resolve | None) -> tuple[Part, ...]:
    if not isinstance(raw, (list, tuple)) or not raw:
        raise InvalidInput("案例分析题至少应有一道小题")
    if len(raw) > MAX_PARTS:
        raise InvalidInput(f"案例分析题最多 {MAX_PARTS} 道小题")
    by_id = {p.id: p for p in previous}
    given = [str(p.get("id") or "").strip() if isinstance(p, Mapping) else "" for p in raw]
    if len([g for g in given if g]) != len({g for g in given if g}):
        raise InvalidInput("小题编号重复")
    parts, counter = [], 1
    for index, item in enumerate(raw, 1):
        if not isinstance(item, Mapping):
            raise InvalidInput(f"第 {index} 小题格式不正确")
        part_id = given[index - 1]
        while not part_id:
            candidate = f"p{counter}"
            counter += 1
            if candidate not in given and candidate not in by_id:
                part_id = candidate
        parts.append(parse_part(item, f"第 {index} 小题", by_id.get(part_id), part_id=part_id,
                                resolve=resolve))
    return tuple(parts)


def parse_difficulty(value: Any) -> int:
    if isinstance(value, str):
        text = value.strip()
        names = {name: level for level, name in DIFFICULTY_NAMES.items()}
        if text in names:
            return names[text]
        value = int(text) if text.isdigit() else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise InvalidInput("难度应为 1–5 或 易/较易/中/较难/难")
    return value


def parse_flag(value: Any, label: str) -> bool:
    """A yes/no setting as JSON, a form or a spreadsheet gives it: true/false, 1/0, 是/否."""
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("是", "true", "1", "y", "yes"):
        return True
    if text in ("否", "false", "0", "n", "no"):
        return False
    raise InvalidInput(f"{label}应为“是”或“否”")


def parse_tags(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = re.split(r"[,，、;；\s]+", raw)
    if not isinstance(raw, (list, tuple)):
        raise InvalidInput("标签应为列表")
    tags = tuple(dict.fromkeys(str(t).strip() for t in raw if str(t).strip()))
    if len(tags) > MAX_TAGS or any(len(t) > 30 for t in tags):
        raise InvalidInput(f"标签最多 {MAX_TAGS} 个，每个不超过 30 字")
    return tags


def part_from_json(data: Mapping) -> Part:
    options = tuple(Option(o["id"], o["text"]) for o in data.get("options") or ())
    return Part(data.get("id", ""), data["type"], data["stem"], options, data.get("answer"),
                data.get("explanation", ""))


def content_of(revision) -> Content:
    """The Content a stored revision holds."""
    options = tuple(Option(o["id"], o["text"]) for o in revision.options or ())
    articles = tuple(ArticleRef(*a) for a in revision.articles or ())
    parts = tuple(part_from_json(p) for p in revision.parts or ())
    return Content(revision.qtype, revision.stem, options, revision.answer,
                   revision.explanation or "", articles, revision.difficulty,
                   tuple(revision.tags or ()), revision.case_id, parts, bool(revision.fixed_order))


def revision_fields(content: Content) -> dict:
    """Column values of a revision holding `content`."""
    return dict(qtype=content.qtype, stem=content.stem,
                options=[{"id": o.id, "text": o.text} for o in content.options],
                answer=content.answer, explanation=content.explanation,
                articles=[a.to_list() for a in content.articles],
                difficulty=content.difficulty, tags=list(content.tags),
                case_id=content.case_id, parts=[p.to_json() for p in content.parts],
                fixed_order=content.fixed_order)

