"""题库 pages: the list and its filters, the editor for every type (preview, errors,
revisions), batch review/publish/archive, import/export, generation, 纠错."""
import io
import json
import re

import pytest
from openpyxl import load_workbook

from accounts.permissions import actor_of
from tests.support.hostile_files import make_xlsx
from webapp.extensions import services


@pytest.fixture
def trainer(browsers):
    web = browsers["trainer"]
    web.csrf("/bank/new")
    return web


def option_rows(**rows) -> dict:
    return {f"opt_{letter}": text for letter, text in rows.items()}


FORMS = {
    "single": {"type": "single", "stem": "审计机关应当在实施审计____前送达审计通知书？", **option_rows(A="一日", B="三日", C="五日"),
               "ans_single": "B", "explanation": "依据《样例审计法》第二条。", "articles": "《样例审计法》第二条",
               "tags": "审计程序、通知书", "difficulty": "2"},
    "multiple": {"type": "multiple", "stem": "可以要求提供哪些资料？", **option_rows(A="财务资料", B="会计资料", D="日记"),
                 "ans_multi": ["A", "B"], "difficulty": "3"},
    "true_false": {"type": "true_false", "stem": "有利害关系的应当回避。", "ans_tf": "true", "difficulty": "1"},
    "fill": {"type": "fill", "stem": "应当自接到之日起____内提出意见，____内答复。", "ans_fill": "十日|10日\n三十日",
             "difficulty": "3"},
    "case": {"type": "case", "stem": "某县审计局对教育局开展审计……", "explanation": "考查审计程序。",
             "p0_type": "single", "p0_stem": "向谁送达通知书？", "p0_opt_A": "教育局", "p0_opt_B": "财政局",
             "p0_ans_single": "A", "p1_type": "true_false", "p1_stem": "可以拒绝提供电子数据。", "p1_ans_tf": "false",
             "p2_type": "fill", "p2_stem": "", "difficulty": "4"},
}


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_the_editor_creates_every_type(trainer, quiz, accounts, kind):
    response = trainer.post("/bank/new", {**FORMS[kind], "action": "save"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    question_id = int(response.location.rsplit("/", 1)[1])
    content = quiz.bank.get_question(actor_of(accounts["trainer"]), question_id).content
    expected = {"single": "o2", "multiple": ["o1", "o2"], "true_false": True,
                "fill": [["十日", "10日"], ["三十日"]], "case": None}[kind]
    assert content.qtype == kind and content.answer == expected
    if kind == "case":
        assert [p.qtype for p in content.parts] == ["single", "true_false"]   # the empty third is left out
        assert content.answer_key() == {"p1": "o1", "p2": False}
    page = trainer.text(f"/bank/{question_id}")
    assert "草稿" in page and "第 1 版" in page


def test_preview_renders_markdown_with_article_links_and_saves_nothing(trainer, quiz, accounts, loaded_app):
    data = {**FORMS["single"], "explanation": "**要点**：见《样例审计法》第四条。", "action": "preview"}
    page = trainer.post("/bank/new", data).get_data(as_text=True)
    statute = services(loaded_app).library.find_statute("样例审计法").id
    assert "检查通过" in page and "<strong>要点</strong>" in page
    assert re.search(rf'<a class="cite[^"]*" href="/laws/{statute}/articles/4\?version=\d+"', page)
    assert quiz.bank.list_questions(actor_of(accounts["trainer"])).total == 0


@pytest.mark.parametrize("change, message", [
    ({"ans_single": ""}, "本题没有有效的正确答案：请从选项A、B、C中选定一个"),
    ({"stem": ""}, "题干不能为空"),
    ({"articles": "《不存在的法》第一条"}, "法条依据"),
    ({"opt_B": "一日"}, "重复的选项"),
])
def test_editor_errors_keep_what_was_typed(trainer, change, message):
    response = trainer.post("/bank/new", {**FORMS["single"], **change, "action": "save"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page
    assert 'value="五日"' in page            # the form comes back as typed


def test_editing_makes_a_revision_and_keeps_option_ids(trainer, quiz, accounts, make_question):
    question_id = make_question("single")
    form = trainer.text(f"/bank/{question_id}/edit")
    assert 'value="三日"' in form and 'name="optid_B" value="o2"' in form
    response = trainer.post(f"/bank/{question_id}/edit", {
        "type": "single", "stem": "修改后的题干？", "opt_A": "一日", "optid_A": "o1", "opt_B": "三日（书面）",
        "optid_B": "o2", "opt_C": "五日", "optid_C": "o3", "ans_single": "B", "difficulty": "2",
        "note": "根据纠错更正", "action": "save"})
    assert response.status_code == 302
    detail = quiz.bank.get_question(actor_of(accounts["trainer"]), question_id)
    assert (detail.revision_no, detail.status, detail.published_no) == (2, "draft", 1)
    assert detail.content.answer == "o2" and detail.content.options[1].text == "三日（书面）"
    assert "根据纠错更正" in trainer.text(f"/bank/{question_id}")


def test_editing_a_case_shows_its_sub_questions_and_keeps_their_ids(trainer, quiz, accounts):
    created = trainer.post("/bank/new", {**FORMS["case"], "action": "save"})
    question_id = int(created.location.rsplit("/", 1)[1])
    page = trainer.text(f"/bank/{question_id}/edit")
    assert 'name="p0_id" value="p1"' in page and 'name="p1_id" value="p2"' in page
    assert "向谁送达通知书？</textarea>" in page and 'name="p0_opt_A" value="教育局"' in page
    assert 'name="p0_ans_single" value="A" checked' in page and 'name="p1_ans_tf" value="false" checked' in page
    assert '<option value="true_false" selected>' in page and 'data-part-slot="3" data-empty-slot' in page
    fields = dict(re.findall(r'<input type="(?:text|hidden)"(?: id="[^"]*")? name="(p\d_\w+)" value="([^"]*)"', page))
    trainer.post(f"/bank/{question_id}/edit", {**FORMS["case"], **fields, "p0_stem": "改：向谁送达？",
                                               "action": "save"})
    content = quiz.bank.get_question(actor_of(accounts["trainer"]), question_id).content
    assert [(p.id, p.stem) for p in content.parts] == [("p1", "改：向谁送达？"), ("p2", "可以拒绝提供电子数据。")]


def test_list_filters_and_batch_review_publish_archive(trainer, browsers, quiz, accounts, make_question):
    single, case = make_question("single", publish=False), make_question("case", publish=False)
    listing = trainer.text("/bank?type=case")
    assert f'value="{case}"' in listing and f'value="{single}"' not in listing
    assert f'value="{single}"' in trainer.text("/bank?q=送达审计通知书")
    assert f'value="{single}"' in trainer.text("/bank?tag=审计程序")
    refused = trainer.post("/bank/batch", {"action": "review", "ids": [single, case], "next": "/bank"},
                           follow_redirects=True).get_data(as_text=True)
    assert "由您编写，需由其他培训管理员审核" in refused
    admin = browsers["admin"]
    done = admin.post("/bank/batch", {"action": "review", "ids": [single, case]}, follow_redirects=True)
    assert "已审核通过 2 道试题" in done.get_data(as_text=True)
    admin.post("/bank/batch", {"action": "publish", "ids": [single]})
    admin.post("/bank/batch", {"action": "archive", "ids": [case]})
    statuses = {q.id: q.status for q in quiz.bank.list_questions(actor_of(accounts["admin"])).items}
    assert statuses == {single: "published", case: "archived"}
    assert trainer.post("/bank/batch", {"action": "explode", "ids": [single]}).status_code == 400


def test_template_import_with_row_report_and_export(trainer, quiz, accounts):
    template = trainer.get("/bank/template.xlsx")
    assert template.status_code == 200 and "filename*=UTF-8''" in template.headers["Content-Disposition"]
    header = [c.value for c in next(load_workbook(io.BytesIO(template.data)).worksheets[0].iter_rows(max_row=1))]
    sheet = make_xlsx([header,
                       ["单选题", "好的一题", "甲", "乙", "", "", "", "", "A", "", "", "", ""],
                       ["判断题", "坏的一题", "", "", "", "", "", "", "也许", "", "", "", ""]])
    response = trainer.client.post("/bank/import", content_type="multipart/form-data",
                                   data={"csrf_token": trainer.token, "sheet": (io.BytesIO(sheet), "试题.xlsx")})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "导入 1 道，跳过重复 0 道，出错 1 道" in page and "第 3 行" in page
    exported = trainer.get("/bank/export.json?q=好的")
    questions = json.loads(exported.data)["questions"]
    assert [q["stem"] for q in questions] == ["好的一题"]
    again = trainer.client.post("/bank/import", content_type="multipart/form-data", data={
        "csrf_token": trainer.token, "sheet": (io.BytesIO(exported.data), "题库.json")})
    assert "跳过重复 1 道" in again.get_data(as_text=True)
    book = load_workbook(io.BytesIO(trainer.get("/bank/export.xlsx").data))
    assert any(row[1] == "好的一题" for row in book.worksheets[0].iter_rows(values_only=True))
    refused = trainer.client.post("/bank/import", content_type="multipart/form-data",
                                  data={"csrf_token": trainer.token, "sheet": (io.BytesIO(b"x"), "a.txt")})
    assert refused.status_code == 400 and "只支持 .xlsx 或 .json" in refused.get_data(as_text=True)


def test_generation_then_accept_and_discard(trainer, quiz, accounts):
    page = trainer.post("/bank/generate", {"extra": "样例审计法"}).get_data(as_text=True)
    created = [q.id for q in quiz.bank.list_questions(actor_of(accounts["trainer"])).items]
    assert created and f"新增 <strong>{len(created)}</strong> 道" in page and "待审阅的候选题" in page
    accepted, discarded = created[0], created[1]
    trainer.post("/bank/batch", {"action": "review", "ids": [accepted], "next": "/bank/generate"})
    trainer.post("/bank/batch", {"action": "archive", "ids": [discarded], "next": "/bank/generate"})
    statuses = {q.id: q.status for q in quiz.bank.list_questions(actor_of(accounts["trainer"])).items}
    assert (statuses[accepted], statuses[discarded]) == ("reviewed", "archived")
    assert f'value="{accepted}"' not in trainer.text("/bank/generate")
    missing = trainer.post("/bank/generate", {"statutes": ["审计法"]}).get_data(as_text=True)
    assert "法规库中没有：审计法" in missing


def test_reports_list_and_resolution(trainer, quiz, accounts, make_question, make_round, browsers):
    question_id = make_question("true_false")
    view = quiz.attempts.start(actor_of(accounts["staff"]), make_round([question_id]))
    staff = browsers["staff"]
    staff.post(f"/questions/{question_id}/report", {"message": "答案应为错误", "next": f"/attempts/{view.attempt_id}"})
    listing = trainer.text("/bank/reports")
    assert "答案应为错误" in listing and "待处理" in listing
    report_id = quiz.question_reports.list_reports(actor_of(accounts["trainer"]))[0].id
    trainer.post(f"/bank/reports/{report_id}/resolve", {"decision": "accept", "resolution": "已更正"})
    assert "已更正" in trainer.text("/bank/reports?status=accepted")
    assert "没有待处理的纠错" in trainer.text("/bank/reports")


def test_staff_cannot_reach_the_bank(browsers):
    assert browsers["staff"].get("/bank").status_code == 403


WRITTEN_FORM = {"type": "case", "stem": "某县审计局审计教育局，发现其未经招标采购设备。", "difficulty": "3",
                "p0_type": "true_false", "p0_stem": "教育局可以不招标。", "p0_ans_tf": "false",
                "p1_type": "short", "p1_stem": "请指出问题并说明定性依据和处理意见。",
                "p1_reference": "违反《样例审计法》第四条。",
                "p1_rub_text_0": "指出问题", "p1_rub_points_0": "3",
                "p1_rub_text_1": "定性依据", "p1_rub_points_1": "5", "p1_rub_articles_1": "《样例审计法》第四条"}


def test_the_editor_writes_a_case_with_a_written_part_and_keeps_rubric_ids(trainer, quiz, accounts):
    response = trainer.post("/bank/new", {**WRITTEN_FORM, "action": "save"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    question_id = int(response.location.rsplit("/", 1)[1])
    key = quiz.bank.get_question(actor_of(accounts["trainer"]), question_id).content.parts[1].written_key
    assert [(p.id, p.text, p.points, len(p.articles)) for p in key.rubric] == [
        ("r1", "指出问题", 3.0, 0), ("r2", "定性依据", 5.0, 1)]
    page = trainer.text(f"/bank/{question_id}/edit")
    assert 'name="p1_rub_id_1" value="r2"' in page and 'value="《样例审计法》第四条"' in page
    shown = trainer.text(f"/bank/{question_id}")
    assert "定性依据" in shown and "《样例审计法》第四条" in shown


@pytest.mark.parametrize("change, message", [
    ({"p1_rub_points_1": ""}, "分值应为 0 至 100 之间的数"),
    ({"p1_rub_articles_1": "《样例审计法》第九十九条"}, "法条依据无效"),
    ({"p1_reference": ""}, "参考答案不能为空"),
])
def test_a_bad_rubric_is_refused_with_what_was_typed(trainer, change, message):
    response = trainer.post("/bank/new", {**WRITTEN_FORM, **change, "action": "save"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page and "请指出问题并说明定性依据和处理意见。" in page


def visible_rubric_rows(page: str, prefix: str = "") -> list[int]:
    rows = re.findall(r'<tr data-rubric-slot( hidden)?>\s*<td><input type="hidden" name="' + prefix
                      + r'rub_id_(\d+)"', page)
    return [int(index) for hidden, index in rows if not hidden]


def test_the_editor_offers_as_many_rubric_rows_as_the_api_takes(trainer, quiz, accounts):
    page = trainer.text("/bank/new?type=short")
    assert 'name="rub_text_19"' in page and 'name="rub_text_20"' not in page
    # Without script a fixed set is shown; the script's button adds the rest.
    assert visible_rubric_rows(page) == list(range(8)) and "data-add-rubric" in page
    assert "最多 20 个评分要点" in page
    rows = {f"rub_{field}_{i}": value for i in range(12)
            for field, value in (("text", f"要点{i + 1}"), ("points", "1"))}
    response = trainer.post("/bank/new", {"type": "short", "stem": "请指出问题。", "difficulty": "3",
                                          "reference": "参考答案", **rows, "action": "save"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    question_id = int(response.location.rsplit("/", 1)[1])
    key = quiz.bank.get_question(actor_of(accounts["trainer"]), question_id).content.body.written_key
    assert [p.text for p in key.rubric] == [f"要点{i + 1}" for i in range(12)] and key.points == 12
    # Editing shows every filled row and one empty row more.
    assert visible_rubric_rows(trainer.text(f"/bank/{question_id}/edit")) == list(range(13))


def test_the_api_refuses_a_21st_rubric_point_with_the_editors_message(trainer):
    rubric = [{"text": f"要点{i}", "points": 1} for i in range(21)]
    body = {"type": "short", "stem": "问", "reference": "答", "rubric": rubric}
    response = trainer.client.post("/api/v1/questions", json=body, headers={"X-CSRFToken": trainer.token})
    assert response.status_code == 400 and "最多 20 个评分要点" in response.get_json()["error"]["message"]
    body["rubric"] = rubric[:20]
    assert trainer.client.post("/api/v1/questions", json=body,
                               headers={"X-CSRFToken": trainer.token}).status_code == 201
