"""案例评比's documents: the results sheet (.xlsx) and the 案例汇编 (.docx: cover, contents,
each winner with the texts of the articles it cites), read back with openpyxl and
python-docx; both exports are in the security log and are trainers' only."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from accounts.security_log import EventQuery
from core.errors import PermissionDenied
from kb.cases.values import CaseInput
from quizzes.case_contest.compilation_docx import markdown_blocks
from quizzes.case_contest.values import ContestInput, EntryInput, ReviewInput
from tests.support.environment import START

BODY = ("## 审计发现\n\n某单位拒绝提供**会计资料**。\n\n## 定性依据\n\n"
        "违反《中华人民共和国样例审计法》第四条。\n\n- 责令改正\n- 通报批评")


@pytest.fixture
def published(engine, make_user, as_actor, clock):
    """A contest with two scored entries, 甲案 一等奖 and 乙案 二等奖, published."""
    trainer = as_actor(make_user("t1", role="trainer"))
    judges = [as_actor(make_user(f"j{i}", display_name=f"评委{i}")) for i in range(3)]
    s1 = as_actor(make_user("s1", display_name="张三", department="审计一科"))
    s2 = as_actor(make_user("s2", display_name="李四", department="审计二科"))
    contest_id = engine.case_contests.open_contest(trainer, ContestInput(
        "2026年度案例评比", START - dt.timedelta(hours=1), START + dt.timedelta(days=1),
        judges=("j0", "j1", "j2")))
    ids = [engine.contest_entries.submit(author, contest_id, EntryInput(CaseInput(
        title, "预算执行", BODY, (), dt.date(2026, 1, 5), "", f"{title}摘要"))).id
        for author, title in ((s1, "甲案"), (s2, "乙案"))]
    clock.set(START + dt.timedelta(days=2))
    criteria = engine.contest_judging.criteria(trainer, contest_id)
    for judge in judges:
        for entry_id, points in zip(ids, ((30, 28, 20, 18), (20, 20, 15, 15))):
            engine.contest_judging.score(judge, entry_id, ReviewInput(
                {c.id: p for c, p in zip(criteria, points)}, f"{judge.display_name}的评语"))
    engine.case_contests.set_awards(trainer, contest_id, {ids[0]: "一等奖", ids[1]: "二等奖"})
    engine.case_contests.publish(trainer, contest_id)
    return engine, trainer, s1, contest_id


def test_the_results_sheet_lists_ranks_scores_and_progress(published):
    engine, trainer, _, contest_id = published
    book = load_workbook(io.BytesIO(engine.contest_documents.results_workbook(trainer, contest_id)))
    assert book.sheetnames == ["成绩排名", "评分明细", "评委进度"]
    ranking = list(book["成绩排名"].values)
    assert ranking[1][:9] == (1, "甲案", "张三", "审计一科", "预算执行", 3, 96, "平均", "一等奖")
    assert ranking[2][1] == "乙案" and ranking[2][6] == 70
    details = list(book["评分明细"].values)
    assert details[0][:6] == ("案例标题", "评委", "定性准确（30分）", "依据充分（30分）", "处理恰当（20分）", "示范价值（20分）")
    assert details[1][:7] == ("甲案", "评委0", 30, 28, 20, 18, 96) and details[1][7] == "评委0的评语"
    assert list(book["评委进度"].values)[1] == ("评委0", "j0", 2, 2)
    events = list(engine.security_log.iter_events(EventQuery(action="contest_exported")))
    assert events[0].detail == "成绩表：2 个参评案例"


def test_the_compilation_holds_cover_contents_cases_and_cited_articles(published):
    engine, trainer, _, contest_id = published
    compiled = engine.contest_documents.compilation(trainer, contest_id)
    assert [(c.number, c.title, c.award) for c in compiled.cases] == [(1, "甲案", "一等奖"), (2, "乙案", "二等奖")]
    article = compiled.cases[0].articles[0]
    assert (article.law_title, article.label) == ("中华人民共和国样例审计法", "第四条")
    assert "审计机关有权要求被审计单位提供下列资料" in article.text
    document = Document(io.BytesIO(engine.contest_documents.compilation_docx(trainer, contest_id)))
    lines = [(p.style.name, p.text) for p in document.paragraphs]
    texts = [text for _, text in lines]
    assert texts[:4] == ["2026年度案例评比", "优秀案例汇编", "收录获奖案例 2 篇", "2026年3月"]
    assert "一、甲案（一等奖）　张三" in texts and "二、乙案（二等奖）　李四" in texts
    assert ("汇编案例标题", "一、甲案") in lines and ("汇编案例标题", "二、乙案") in lines
    assert "一等奖　作者：张三（审计一科）" in texts
    assert ("汇编小标题", "附：引用条文") in lines
    assert any(t.startswith("《中华人民共和国样例审计法》第四条") for t in texts)
    assert any("审计机关有权要求被审计单位提供下列资料" in t for t in texts)
    assert "某单位拒绝提供会计资料。" in texts and "· 责令改正" in texts
    assert document.sections[0].footer.paragraphs[0]._p.xml.count("PAGE") == 1


def test_documents_are_for_trainers(published):
    engine, _, staff, contest_id = published
    with pytest.raises(PermissionDenied):
        engine.contest_documents.results_workbook(staff, contest_id)
    with pytest.raises(PermissionDenied):
        engine.contest_documents.compilation(staff, contest_id)


def test_markdown_becomes_headings_and_paragraphs():
    assert markdown_blocks("## 基本情况\n\n第一行\n第二行\n\n1. 一项\n> 引文") == [
        ("汇编小标题", "基本情况"), ("汇编正文", "第一行第二行"), ("汇编正文", "· 一项"),
        ("汇编正文", "引文")]
