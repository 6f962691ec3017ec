"""The bureaus' question sheet (题型, 题干, 选项A…F, 答案, 解析, 法条依据, 难度, 标签, 固定选项顺序) read
into question data and written from it.

A 案例分析题 takes one row for the case (题干 = the case material) followed by one row per
sub-question whose 题型 starts with 小题 (小题-单选题, 小题-判断题 …).  Answers: 单选 a
letter (B); 多选 letters (ABD, A,B,D); 判断 正确/错误 (对/错, √/×, T/F); 填空 blanks
separated by ；and alternatives by | (三日|3日；十日); 简答题/论述题 (and 小题-简答题) the
reference answer, with the rubric in 评分要点, one point a line: 分值|要点|法条依据.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from core.errors import InvalidInput
from core.spreadsheet import SheetLimits, read_table, safe_row
from quizzes.content import (CASE, CHOICE_TYPES, DIFFICULTY_NAMES, FILL, MAX_OPTIONS, MULTIPLE,
                             SHORT, SINGLE, TRUE_FALSE, TYPE_NAMES, WRITTEN_TYPES, type_code)

LETTERS = "ABCDEF"
OPTION_COLUMNS = tuple(f"选项{letter}" for letter in LETTERS[:MAX_OPTIONS])
FIXED_ORDER = "固定选项顺序"
COLUMNS = ("题型", "题干", *OPTION_COLUMNS, "答案", "解析", "法条依据", "难度", "标签", "评分要点", FIXED_ORDER)
SHEET_NAME = "试题"
PART_PREFIX = "小题"
MAX_ROWS = 5000
LIMITS = SheetLimits(rows=MAX_ROWS, columns=40, cell=20_000, unpacked=40 * 1024 * 1024)
TRUE_WORDS = {"正确", "对", "√", "✓", "t", "true", "是", "y"}
FALSE_WORDS = {"错误", "错", "×", "✗", "x", "f", "false", "否", "n"}


@dataclass
class SheetQuestion:
    """Question data from the sheet, with the rows it came from."""
    row: int
    data: dict[str, Any]
    rows: list[int] = field(default_factory=list)
    error: str = ""


def read_sheet(data: bytes, filename: str = "试题.xlsx") -> Iterator[SheetQuestion]:
    """Questions of the workbook in sheet order; a row that cannot be read carries its error.
    The whole sheet is read (with its caps) before the first question is given out, so a
    sheet that is too large is refused before anything is imported."""
    table = read_table(filename, data, LIMITS, sheet_name=SHEET_NAME)
    header = table[0] if table else []
    missing = [c for c in ("题型", "题干", "答案") if c not in header]
    if missing:
        raise InvalidInput(f"文件“{filename}”的表头缺少：{'、'.join(missing)}（请使用导入模板）")
    index = {name: header.index(name) for name in COLUMNS if name in header}
    current: SheetQuestion | None = None
    for number, values in enumerate(table[1:], 2):
        cells = {name: values[i] if i < len(values) else "" for name, i in index.items()}
        if not any(cells.values()):
            continue
        kind = re.sub(r"\s", "", cells.get("题型", ""))
        if kind.startswith(PART_PREFIX):
            if current is None or current.data.get("type") != CASE:
                yield SheetQuestion(number, {}, [number], "小题前面没有“案例分析题”行")
                continue
            _add_part(current, number, kind[len(PART_PREFIX):].lstrip("-·：:"), cells)
            continue
        if current is not None:
            yield current
        current = _question(number, kind, cells)
    if current is not None:
        yield current


def _question(number: int, kind: str, cells: dict[str, str]) -> SheetQuestion:
    item = SheetQuestion(number, {}, [number])
    try:
        qtype = type_code(kind)
        item.data = {"type": qtype, "stem": cells.get("题干", ""), "explanation": cells.get("解析", ""),
                     "articles": cells.get("法条依据", ""), "tags": cells.get("标签", ""),
                     "difficulty": cells.get("难度") or 3, "fixed_order": cells.get(FIXED_ORDER, "")}
        if qtype == CASE:
            item.data["parts"] = []
        else:
            item.data.update(_body(qtype, cells))
    except InvalidInput as error:
        item.error = str(error)
    return item


def _add_part(case: SheetQuestion, number: int, kind: str, cells: dict[str, str]) -> None:
    case.rows.append(number)
    if case.error:
        return
    try:
        qtype = type_code(kind)
        if qtype == CASE:
            raise InvalidInput("小题不能是案例分析题")
        part = {"type": qtype, "stem": cells.get("题干", ""), "explanation": cells.get("解析", "")}
        part.update(_body(qtype, cells))
        case.data["parts"].append(part)
    except InvalidInput as error:
        case.error = f"第 {number} 行（小题）：{error}"


def _body(qtype: str, cells: dict[str, str]) -> dict[str, Any]:
    answer = cells.get("答案", "")
    if qtype in CHOICE_TYPES:
        options = [cells.get(c, "") for c in OPTION_COLUMNS]
        while options and not options[-1]:
            options.pop()
        if "" in options:
            raise InvalidInput("选项中间不能有空列")
        letters = re.sub(r"[\s,，、;；/]", "", answer).upper()
        if not letters or any(ch not in LETTERS[:len(options)] for ch in letters):
            raise InvalidInput(f"答案“{answer}”应为选项字母（A–{LETTERS[max(len(options), 1) - 1]}）")
        return {"options": options, "answer": letters[0] if qtype == SINGLE else list(letters)}
    if qtype == TRUE_FALSE:
        word = answer.lower()
        if word not in TRUE_WORDS | FALSE_WORDS:
            raise InvalidInput(f"判断题答案“{answer}”应为“正确”或“错误”")
        return {"answer": word in TRUE_WORDS}
    if qtype in WRITTEN_TYPES:
        return {"answer": {"reference": answer, "rubric": _rubric(cells.get("评分要点", ""))}}
    blanks = [[a.strip() for a in re.split(r"[|｜]", blank) if a.strip()]
              for blank in re.split(r"[;；]", answer) if blank.strip()]
    return {"answer": blanks}


def _rubric(text: str) -> list[dict[str, Any]]:
    points = []
    for number, line in enumerate((t for t in text.splitlines() if t.strip()), 1):
        fields = [f.strip() for f in re.split(r"[|｜]", line, maxsplit=2)]
        if len(fields) < 2:
            raise InvalidInput(f"评分要点第 {number} 行应写成“分值|要点|法条依据”")
        points.append({"points": fields[0], "text": fields[1],
                       "articles": fields[2] if len(fields) > 2 else ""})
    return points


def template_workbook() -> bytes:
    """The blank import template: the header, drop-downs, and a sheet of instructions."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet.append(list(COLUMNS))
    _style_header(sheet, (10, 50, *([18] * len(OPTION_COLUMNS)), 10, 40, 30, 8, 20, 40, 12))
    kinds = [*TYPE_NAMES.values(),
             *(f"{PART_PREFIX}-{TYPE_NAMES[t]}" for t in (SINGLE, MULTIPLE, TRUE_FALSE, FILL, SHORT))]
    rule = DataValidation(type="list", formula1='"' + ",".join(kinds) + '"', allow_blank=True)
    level = DataValidation(type="list", formula1='"' + ",".join(DIFFICULTY_NAMES.values()) + '"', allow_blank=True)
    sheet.add_data_validation(rule)
    sheet.add_data_validation(level)
    yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    sheet.add_data_validation(yes_no)
    rule.add(f"A2:A{MAX_ROWS + 1}")
    yes_no.add(f"{_column(FIXED_ORDER)}2:{_column(FIXED_ORDER)}{MAX_ROWS + 1}")
    level.add(f"{_column('难度')}2:{_column('难度')}{MAX_ROWS + 1}")
    guide = book.create_sheet("填写说明")
    for line in GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _column(name: str) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[COLUMNS.index(name)]


def _style_header(sheet, widths) -> None:
    for cell, width in zip(sheet[1], widths):
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


GUIDE = (
    "在“试题”工作表中每行填写一道题；第一行表头请勿修改。",
    "题型：单选题、多选题、判断题、填空题、简答题、论述题、案例分析题。",
    "单选题/多选题：选项依次填入 选项A…选项F（至少两项，中间不留空列）；答案填字母，多选如 ABD。",
    "判断题：答案填“正确”或“错误”（也可填 对/错、√/×）。",
    "填空题：在题干中用“____”标出每个空；答案按空的顺序用“；”分隔，同一空的其他可接受答案用“|”分隔，如：三日|3日；十日。",
    "简答题/论述题：答案填参考答案（专家答案）；评分要点每行一个，写成“分值|要点|法条依据”，如：6|指出定性依据|《审计法》第四十二条。",
    "案例分析题：先写一行题型为“案例分析题”、题干为案例材料；其后每道小题一行，题型写“小题-单选题”“小题-判断题”等。",
    "法条依据：如《审计法》第四十二条；多条用“；”或“、”分隔，如《审计法》第四十二条、第四十四条；《预算法》第五十七条。",
    "难度：易、较易、中、较难、难（或 1–5），不填为“中”。标签：多个用逗号分隔，如 预算执行,审计程序。",
    "固定选项顺序：填“是”则选项按所填顺序显示、不打乱（解析中提到“D项”或有“以上都对”之类选项时使用）；不填为“否”。",
    "导入时每道题单独校验：有错误的行会列出行号和原因，不影响其他行导入；同一道题不会导入两次。",
)


def write_sheet(questions: list[dict[str, Any]]) -> bytes:
    """A sheet in the template's layout (plus 试题编号 and 状态) from exported question data."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet.append([*COLUMNS, "试题编号", "状态"])
    _style_header(sheet, (10, 50, *([18] * len(OPTION_COLUMNS)), 10, 40, 30, 8, 20, 40, 12, 10, 8))
    for question in questions:
        sheet.append(safe_row(_row(question, TYPE_NAMES[question["type"]])
                              + [question.get("id", ""), question.get("status_name", "")]))
        for part in question.get("parts") or ():
            sheet.append(safe_row(_row(part, f"{PART_PREFIX}-{TYPE_NAMES[part['type']]}")))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _row(data: dict[str, Any], kind: str) -> list[Any]:
    options = [o["text"] for o in data.get("options") or ()]
    ids = [o["id"] for o in data.get("options") or ()]
    answer = data.get("answer")
    if data["type"] == SINGLE:
        shown = LETTERS[ids.index(answer)]
    elif data["type"] == MULTIPLE:
        shown = "".join(LETTERS[ids.index(a)] for a in answer)
    elif data["type"] == TRUE_FALSE:
        shown = "正确" if answer else "错误"
    elif data["type"] == FILL:
        shown = "；".join("|".join(blank) for blank in answer)
    elif data["type"] in WRITTEN_TYPES:
        shown = answer["reference"]
    else:
        shown = ""
    rubric = "\n".join(f"{p['points']:g}|{p['text']}|{p['articles']}".rstrip("|")
                       for p in answer["rubric"]) if data["type"] in WRITTEN_TYPES else ""
    citations = data.get("citations_text", "")
    difficulty = DIFFICULTY_NAMES.get(data.get("difficulty"), "") if "difficulty" in data else ""
    tags = ",".join(data.get("tags") or ())
    return [kind, data["stem"], *(options + [""] * (MAX_OPTIONS - len(options))), shown,
            data.get("explanation", ""), citations, difficulty, tags, rubric, "是" if data.get("fixed_order") else ""]
