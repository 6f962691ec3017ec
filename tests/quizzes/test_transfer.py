import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from core.errors import InvalidInput, PermissionDenied
from quizzes.sheet import COLUMNS
from tests.support.questions import SHORT_DATA, WRITTEN_CASE_DATA


def sheet_bytes(rows, header=COLUMNS):
    book = Workbook()
    sheet = book.active
    sheet.title = "试题"
    sheet.append(list(header))
    for row in rows:
        values = dict(zip(header, [""] * len(header)))
        values.update(row)
        sheet.append([values[c] for c in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    {"题型": "单选题", "题干": "审计通知书应当在实施审计几日前送达？", "选项A": "一日", "选项B": "三日",
     "选项C": "五日", "答案": "B", "解析": "见第二条", "法条依据": "《样例审计法》第二条", "难度": "较易",
     "标签": "审计程序,时限"},
    {"题型": "多选题", "题干": "可以要求提供哪些资料？", "选项A": "财务", "选项B": "会计", "选项C": "日记",
     "答案": "A,B"},
    {"题型": "判断题", "题干": "审计人员有利害关系的应当回避。", "答案": "√", "难度": 2},
    {"题型": "填空题", "题干": "应当在____前送达，____内提出意见。", "答案": "三日|3日；十日"},
    {"题型": "案例分析题", "题干": "某县审计局……", "法条依据": "样例审计法第四条"},
    {"题型": "小题-单选题", "题干": "向谁送达？", "选项A": "教育局", "选项B": "财政局", "答案": "A"},
    {"题型": "小题-判断题", "题干": "可以拒绝提供电子数据。", "答案": "错误"},
]


def test_template_has_the_bureau_columns_and_instructions(engine):
    book = load_workbook(io.BytesIO(engine.question_transfer.template()))
    assert [c.value for c in book["试题"][1]] == list(COLUMNS)
    assert book["填写说明"].max_row > 5
    assert book["试题"].data_validations.dataValidation       # drop-downs for 题型 and 难度


def test_excel_import_reports_bad_rows_and_imports_the_good(engine, trainer):
    rows = GOOD_ROWS[:4] + [
        {"题型": "单选题", "题干": "没有答案的题", "选项A": "甲", "选项B": "乙", "答案": "E"},        # row 6
        {"题型": "问答题", "题干": "未知题型", "答案": "x"},                                          # row 7
        {"题型": "判断题", "题干": "法条不存在", "答案": "对", "法条依据": "《样例审计法》第九十条"},  # row 8
    ] + GOOD_ROWS[4:] + [
        {"题型": "案例分析题", "题干": "另一案例"},                                                   # row 12
        {"题型": "小题-多选题", "题干": "坏小题", "选项A": "甲", "选项B": "乙", "答案": "A"},           # row 13
        {"题型": "小题-判断题", "题干": "孤立的小题之前是坏案例", "答案": "对"},                      # row 14
    ]
    report = engine.question_transfer.import_excel(trainer, sheet_bytes(rows))
    assert [row for row, _ in report.imported] == [2, 3, 4, 5, 9]
    errors = dict(report.errors)
    assert sorted(errors) == [6, 7, 8, 12]
    assert "第 6 行" in errors[6] and "A–B" in errors[6]
    assert "未知题型" in errors[7]
    assert "法条依据无效" in errors[8]
    assert "第 12–14 行" in errors[12] and "至少应有两项" in errors[12]
    case = engine.bank.get_question(trainer, dict(report.imported)[9])
    assert [p.qtype for p in case.content.parts] == ["single", "true_false"]
    fill = engine.bank.get_question(trainer, dict(report.imported)[5])
    assert fill.content.answer == [["三日", "3日"], ["十日"]]
    single = engine.bank.get_question(trainer, dict(report.imported)[2])
    assert (single.content.answer, single.content.difficulty, single.content.tags) == ("o2", 2, ("审计程序", "时限"))
    assert single.status == "draft" and single.origin == "imported"


def test_reimport_skips_what_is_already_there(engine, trainer):
    data = sheet_bytes(GOOD_ROWS)
    first = engine.question_transfer.import_excel(trainer, data)
    second = engine.question_transfer.import_excel(trainer, data)
    assert len(first.imported) == 5 and second.imported == []
    assert len(second.skipped) == 5 and "已跳过" in second.skipped[0][1]
    assert "导入 0 道，跳过重复 5 道" in second.summary


def test_sub_question_without_a_case(engine, trainer):
    report = engine.question_transfer.import_excel(trainer, sheet_bytes([GOOD_ROWS[6]]))
    assert report.errors == [(2, "第 2 行：小题前面没有“案例分析题”行")]


@pytest.mark.parametrize("data, message", [
    (b"not a workbook", "不是完整的 Excel"),
    (sheet_bytes([], header=("题目", "选项")), "表头缺少"),
])
def test_unreadable_files(engine, trainer, data, message):
    with pytest.raises(InvalidInput, match=message):
        engine.question_transfer.import_excel(trainer, data)


def test_staff_cannot_import(engine, staff):
    with pytest.raises(PermissionDenied):
        engine.question_transfer.import_excel(staff, sheet_bytes(GOOD_ROWS))


def test_json_round_trip(engine, trainer, make_question, quiz_kb):
    ids = [make_question(kind) for kind in ("single", "multiple", "true_false", "fill", "case")]
    exported = engine.question_transfer.export_json(trainer)
    payload = json.loads(exported)
    assert payload["format"] == "audit-quiz-bank" and len(payload["questions"]) == 5
    assert payload["questions"][0]["articles"] == [{"statute": "中华人民共和国样例审计法", "article": "第四条"}]
    assert len(engine.question_transfer.import_json(trainer, exported).skipped) == 5
    for question in payload["questions"]:
        question["stem"] += "（副本）"
    report = engine.question_transfer.import_json(trainer, json.dumps(payload))
    assert len(report.imported) == 5
    copy = engine.bank.get_question(trainer, report.imported[-1][1])
    original = engine.bank.get_question(trainer, ids[0])
    assert copy.content.answer == original.content.answer and copy.citations == original.citations


@pytest.mark.parametrize("text, message", [("{", "JSON 格式不正确"), ('{"x": 1}', "试题列表")])
def test_bad_json(engine, trainer, text, message):
    with pytest.raises(InvalidInput, match=message):
        engine.question_transfer.import_json(trainer, text)


def test_json_reports_bad_questions_by_number(engine, trainer):
    report = engine.question_transfer.import_json(trainer, json.dumps([
        {"type": "true_false", "stem": "好题", "answer": True}, "bad", {"type": "single", "stem": "x"}]))
    assert [r for r, _ in report.imported] == [1]
    assert [r for r, _ in report.errors] == [2, 3]


def test_excel_export_imports_back(engine, trainer, make_question):
    for kind in ("single", "multiple", "true_false", "fill", "case"):
        make_question(kind)
    data = engine.question_transfer.export_excel(trainer)
    rows = list(load_workbook(io.BytesIO(data))["试题"].iter_rows(values_only=True))
    assert rows[1][:2] == ("案例分析题", "2024年，某县审计局对县教育局开展预算执行审计，发现……")
    assert rows[2][0] == "小题-单选题"
    assert len(engine.question_transfer.import_excel(trainer, data).skipped) == 5


def test_fixed_order_travels_through_json_and_excel(engine, trainer, make_question):
    make_question("single", fixed_order=True, stem="下列说法正确的是？")
    make_question("multiple")
    payload = json.loads(engine.question_transfer.export_json(trainer))
    assert [q.get("fixed_order") for q in payload["questions"]] == [False, True]
    sheet = load_workbook(io.BytesIO(engine.question_transfer.export_excel(trainer)))["试题"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("固定选项顺序")
    assert [r[column] for r in rows[1:]] == [None, "是"]
    for question in payload["questions"]:
        question["stem"] += "（副本）"
    imported = engine.question_transfer.import_json(trainer, json.dumps(payload)).imported
    assert [engine.bank.get_question(trainer, qid).content.fixed_order for _, qid in imported] == [False, True]
    report = engine.question_transfer.import_excel(trainer, sheet_bytes([
        {"题型": "单选题", "题干": "以上都对的题", "选项A": "甲", "选项B": "乙", "选项C": "以上都对", "答案": "C",
         "固定选项顺序": "是"},
        {"题型": "单选题", "题干": "打乱的题", "选项A": "甲", "选项B": "乙", "答案": "A", "固定选项顺序": "也许"}]))
    assert engine.bank.get_question(trainer, report.imported[0][1]).content.fixed_order is True
    assert "固定选项顺序应为“是”或“否”" in report.errors[0][1]
def test_written_questions_travel_through_json_and_excel(engine, trainer):
    originals = [engine.bank.create_question(trainer, data).content
                 for data in (SHORT_DATA, WRITTEN_CASE_DATA)]
    payload = json.loads(engine.question_transfer.export_json(trainer))
    point = payload["questions"][-1]["answer"]["rubric"][1]
    assert point["articles"] == "《样例审计法》第四条"
    for question in payload["questions"]:
        question["stem"] += "（副本）"
    report = engine.question_transfer.import_json(trainer, json.dumps(payload))
    keys = {c.qtype: c.parts[1].written_key if c.parts else c.body.written_key
            for c in (engine.bank.get_question(trainer, qid).content for _, qid in report.imported)}
    assert keys == {"short": originals[0].body.written_key, "case": originals[1].parts[1].written_key}
    data = engine.question_transfer.export_excel(trainer)
    rows = list(load_workbook(io.BytesIO(data))["试题"].iter_rows(values_only=True))
    short_row = next(r for r in rows if r[0] == "简答题")
    assert short_row[COLUMNS.index("答案")] == SHORT_DATA["reference"]
    assert short_row[COLUMNS.index("评分要点")] == "4|指出应提供财务、会计资料\n6|引用定性依据|《样例审计法》第四条"
    assert any(r[0] == "小题-简答题" for r in rows)
    assert len(engine.question_transfer.import_excel(trainer, data).skipped) == 4


def test_a_written_row_with_a_bad_rubric_line_is_reported(engine, trainer):
    report = engine.question_transfer.import_excel(trainer, sheet_bytes([
        {"题型": "简答题", "题干": "请说明", "答案": "参考", "评分要点": "只有一栏"},
        {"题型": "论述题", "题干": "请论述", "答案": "参考", "评分要点": "5|要点一|《样例审计法》第四条\n3|要点二"}]))
    assert [r for r, _ in report.errors] == [2] and "分值|要点|法条依据" in report.errors[0][1]
    assert len(report.imported) == 1
