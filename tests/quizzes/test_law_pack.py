"""以案释法 packs: the subject's rules and bad inputs, assembly for a meeting's date (the
version in force then, with its 施行 date), findings from the guide, short cases, the
self-check quiz with answers last, reuse at another meeting and copying as a template."""
from __future__ import annotations

import datetime as dt

import pytest

from accounts.permissions import SYSTEM
from accounts.security_log import EventQuery
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, StaleEdit
from kb.cases.values import CaseInput
from kb.guide.values import BasisInput, GuideInput
from quizzes.law_pack.layout import basis_line, pack_blocks
from quizzes.law_pack.values import MeetingInput, PackInput

BEFORE_2022 = dt.date(2021, 6, 1)
AFTER_2022 = dt.date(2022, 6, 1)
CASE_BODY = """## 基本情况

某单位……

## 审计发现

该单位拒绝向审计组提供2021年度会计凭证。

## 定性依据

上述行为违反了《样例审计法》第四条的规定。

## 处理处罚

根据《样例审计法》第四条，审计机关责令改正，给予警告。
"""


@pytest.fixture
def content(engine):
    """A guide entry of 经济责任 on the fixture statute and two published cases."""
    engine.guide.create_entry(SYSTEM, GuideInput(
        "refuse-records", "拒绝提供审计资料", "经济责任", ("拒绝提供",), "被审计单位拒绝提供会计资料。",
        characterisation=(BasisInput("样例审计法", 4, note="有权要求提供资料"),),
        sanction=(BasisInput("样例审计法", 5, note="责令改正"),)))
    for number in (1, 2):
        engine.cases.create_case(SYSTEM, CaseInput(
            f"某局拒绝提供资料案{number}", "经济责任", CASE_BODY, case_date=dt.date(2021, number, 1),
            summary="拒绝提供资料被责令改正。"), publish=True, uid=f"refuse-{number}")
    return engine


def meeting(held_on=AFTER_2022, unit="某县交通运输局", kind="进点会") -> MeetingInput:
    return MeetingInput(unit, kind, held_on)


def pack_input(**overrides) -> PackInput:
    values = dict(title="经济责任审计进点会普法资料", audit_type="经济责任",
                  articles="样例审计法第四条；《样例审计法》第二条", question_count=5)
    values.update(overrides)
    return PackInput(**values)


def test_pack_assembles_articles_in_force_findings_cases_and_quiz(content, trainer, make_question):
    make_question("single")                        # 第二条
    make_question("multiple")                      # 第四条
    make_question("true_false")                    # 第三条之一: not in the pack
    make_question("true_false", articles="样例审计法第四条")
    pack = content.law_packs.create_pack(trainer, pack_input(), meeting())
    document = content.law_packs.assemble(trainer, pack.id, pack.meetings[0].id)
    assert [a.label for a in document.articles] == ["第四条", "第二条", "第五条"]
    first = document.articles[0]
    assert first.version_label == "2021-10-23 版" and first.effective == dt.date(2022, 1, 1)
    assert "财务、会计资料" in "".join(first.paragraphs)
    assert first.source_line == "《中华人民共和国样例审计法》2021-10-23 版，2022-01-01 起施行"
    finding = document.findings[0]
    assert finding.title == "拒绝提供审计资料"
    assert [b.label for b in finding.characterisation] == ["《样例审计法》第四条"]
    assert [b.label for b in finding.sanction] == ["《样例审计法》第五条"]
    assert [c.title for c in document.cases] == ["某局拒绝提供资料案2", "某局拒绝提供资料案1"]
    assert [p[0] for p in document.cases[0].parts] == ["审计发现", "定性依据", "处理处罚"]
    assert [(q.type_name, q.answer) for q in document.questions] == [
        ("单选题", "B"), ("多选题", "A、B、D"), ("判断题", "正确")]
    assert document.questions[2].stem.endswith("应当回避。（　）")


def test_answers_are_on_the_last_page(content, trainer, make_question):
    make_question("single")
    pack = content.law_packs.create_pack(trainer, pack_input(), meeting())
    blocks = pack_blocks(content.law_packs.assemble(trainer, pack.id, pack.meetings[0].id))
    kinds = [b.kind for b in blocks]
    last_break = len(kinds) - 1 - kinds[::-1].index("page_break")
    assert blocks[last_break + 1].text == "自测题参考答案"
    assert [b.text for b in blocks[last_break:] if b.kind == "item"][0].startswith("1. B")
    stem_at = next(i for i, b in enumerate(blocks) if "送达审计通知书" in b.text)
    assert stem_at < last_break


def test_articles_follow_the_meeting_date(content, trainer):
    """A meeting before 2022 gets the 2006 text; the same pack used in 2022 gets the new one."""
    pack = content.law_packs.create_pack(trainer, pack_input(articles="样例审计法第四条"),
                                         meeting(BEFORE_2022))
    old = content.law_packs.assemble(trainer, pack.id, pack.meetings[0].id).articles[0]
    assert old.version_label == "2006-02-28 版"
    assert "责令改正" in old.paragraphs[0]
    later = content.law_packs.add_meeting(trainer, pack.id, meeting(AFTER_2022, kind="反馈会"))
    new = content.law_packs.assemble(trainer, pack.id, later.id).articles[0]
    assert new.version_label == "2021-10-23 版" and "财务、会计资料" in "".join(new.paragraphs)


def test_an_empty_pack_is_refused(content, trainer):
    with pytest.raises(InvalidInput, match="资料包是空的"):
        content.law_packs.create_pack(trainer, PackInput("空资料包"), meeting())
    assert content.law_packs.list_packs(trainer) == []


def test_an_article_that_does_not_exist_is_refused(content, trainer):
    with pytest.raises(InvalidInput, match="2022-06-01 施行的版本中没有第九十三条"):
        content.law_packs.create_pack(trainer, pack_input(articles="样例审计法第九十三条"), meeting())
    with pytest.raises(InvalidInput, match="2021-06-01 施行的版本中没有第三条之一"):
        content.law_packs.create_pack(trainer, pack_input(articles="样例审计法第三条之一"),
                                      meeting(BEFORE_2022))
    with pytest.raises(InvalidInput, match="法规库中没有这部法规"):
        content.law_packs.create_pack(trainer, pack_input(articles="《不存在的法》第一条"), meeting())
    with pytest.raises(InvalidInput, match="无法识别的法条"):
        content.law_packs.create_pack(trainer, pack_input(articles="随便写的字"), meeting())
    assert content.law_packs.list_packs(trainer) == []


def test_an_article_missing_at_a_later_meeting_is_refused(content, trainer):
    pack = content.law_packs.create_pack(trainer, pack_input(articles="样例审计法第三条之一"), meeting())
    with pytest.raises(InvalidInput, match="第三条之一"):
        content.law_packs.add_meeting(trainer, pack.id, meeting(BEFORE_2022))
    assert len(content.law_packs.get_pack(trainer, pack.id).meetings) == 1


def test_unknown_guide_entry_case_or_draft_case_is_refused(content, trainer):
    with pytest.raises(InvalidInput, match="没有找到问题定性指引条目“nothing”"):
        content.law_packs.create_pack(trainer, pack_input(guide_slugs=("nothing",)), meeting())
    with pytest.raises(InvalidInput, match="没有找到编号为“nope”的案例"):
        content.law_packs.create_pack(trainer, pack_input(case_uids=("nope",)), meeting())
    content.cases.create_case(SYSTEM, CaseInput("草稿案例", "经济责任", CASE_BODY), uid="draft-1")
    with pytest.raises(InvalidInput, match="尚未发布"):
        content.law_packs.create_pack(trainer, pack_input(case_uids=("draft-1",)), meeting())


@pytest.mark.parametrize("bad, message", [
    (MeetingInput("", "进点会", AFTER_2022), "被审计单位名称不能为空"),
    (MeetingInput("某局", "茶话会", AFTER_2022), "会议只能是"),
    (MeetingInput("某局", "进点会", None), "请填写会议日期"),
])
def test_bad_meetings_are_refused(content, trainer, bad, message):
    with pytest.raises(InvalidInput, match=message):
        content.law_packs.create_pack(trainer, pack_input(), bad)


def test_too_many_cases_or_questions_are_refused(content, trainer):
    with pytest.raises(InvalidInput, match="案例最多 3 个"):
        content.law_packs.create_pack(trainer, pack_input(case_uids=("a", "b", "c", "d")), meeting())
    with pytest.raises(InvalidInput, match="自测题数量应在 0 到 20 之间"):
        content.law_packs.create_pack(trainer, pack_input(question_count=21), meeting())


def test_copy_as_template_lists_the_meetings_it_was_used_at(content, trainer):
    template = content.law_packs.create_pack(trainer, pack_input(), meeting())
    copy = content.law_packs.create_pack(
        trainer, pack_input(title="水务局进点会普法资料"), meeting(unit="某县水务局"),
        copied_from=template.id)
    assert copy.copied_from == (template.id, "经济责任审计进点会普法资料")
    shown = content.law_packs.get_pack(trainer, template.id)
    assert [c.meetings[0].unit_name for c in shown.copies] == ["某县水务局"]
    listed = content.law_packs.list_packs(trainer)
    assert {p.title: [m.label for m in p.meetings] for p in listed} == {
        "经济责任审计进点会普法资料": ["某县交通运输局·进点会（2022-06-01）"],
        "水务局进点会普法资料": ["某县水务局·进点会（2022-06-01）"]}


def test_editing_keeps_meetings_and_checks_their_dates(content, trainer):
    pack = content.law_packs.create_pack(trainer, pack_input(), meeting(BEFORE_2022))
    with pytest.raises(InvalidInput, match="第三条之一"):
        content.law_packs.update_pack(trainer, pack.id, pack_input(articles="样例审计法第三条之一"), 1)
    saved = content.law_packs.update_pack(trainer, pack.id, pack_input(title="新名称", question_count=0), 1)
    assert saved.title == "新名称" and len(saved.meetings) == 1 and saved.revision == 2
    document = content.law_packs.assemble(trainer, pack.id, saved.meetings[0].id)
    assert document.questions == ()


def test_staff_may_not_use_packs(content, trainer, staff):
    pack = content.law_packs.create_pack(trainer, pack_input(), meeting())
    with pytest.raises(PermissionDenied):
        content.law_packs.list_packs(staff)
    with pytest.raises(PermissionDenied):
        content.law_packs.create_pack(staff, pack_input(), meeting())
    with pytest.raises(PermissionDenied):
        content.law_packs.docx(staff, pack.id, pack.meetings[0].id)


def test_unknown_pack_or_meeting_is_not_found(content, trainer):
    pack = content.law_packs.create_pack(trainer, pack_input(), meeting())
    with pytest.raises(NotFound):
        content.law_packs.assemble(trainer, pack.id + 1, pack.meetings[0].id)
    with pytest.raises(NotFound):
        content.law_packs.assemble(trainer, pack.id, pack.meetings[0].id + 1)


def test_audit_type_alone_draws_its_guide_entries_and_cases(content, trainer):
    pack = content.law_packs.create_pack(trainer, PackInput("只选审计类型", audit_type="经济责任"), meeting())
    document = content.law_packs.assemble(trainer, pack.id, pack.meetings[0].id)
    assert [f.title for f in document.findings] == ["拒绝提供审计资料"]
    assert [a.label for a in document.articles] == ["第四条", "第五条"]
    assert len(document.cases) == 2


def test_audit_type_without_content_is_an_empty_pack(content, trainer):
    with pytest.raises(InvalidInput, match="资料包没有可用的内容"):
        content.law_packs.create_pack(trainer, PackInput("金融", audit_type="金融"), meeting())


def test_chosen_entries_and_cases_are_used_and_named(content, trainer):
    pack = content.law_packs.create_pack(trainer, pack_input(
        audit_type="", guide_slugs=("refuse-records",), case_uids=("refuse-1",)), meeting())
    assert pack.guide_titles == ("拒绝提供审计资料",) and pack.case_titles == ("某局拒绝提供资料案1",)
    document = content.law_packs.assemble(trainer, pack.id, pack.meetings[0].id)
    assert [c.title for c in document.cases] == ["某局拒绝提供资料案1"]
    assert [f.title for f in document.findings] == ["拒绝提供审计资料"]


def test_saving_and_using_a_pack_is_in_the_audit_log(content, trainer):
    pack = content.law_packs.create_pack(trainer, pack_input(), meeting())
    content.law_packs.add_meeting(trainer, pack.id, meeting(kind="反馈会"))
    events = list(content.security_log.iter_events(EventQuery(area="law_pack")))
    assert [(e.action, e.detail) for e in events] == [
        ("law_pack_saved", "新建"), ("law_pack_used", "某县交通运输局·进点会（2022-06-01）"),
        ("law_pack_used", "某县交通运输局·反馈会（2022-06-01）")]
    assert all(e.target == f"资料包 {pack.id}《经济责任审计进点会普法资料》" for e in events)


def test_a_guide_article_not_yet_in_force_on_the_meeting_date_is_marked(content, trainer):
    """样例审计法第五条 came with the 2022 text: a 2021 meeting's pack says so beside it."""
    pack = content.law_packs.create_pack(trainer, PackInput("2021年进点会", audit_type="经济责任"),
                                         meeting(BEFORE_2022))
    document = content.law_packs.assemble(trainer, pack.id, pack.meetings[0].id)
    assert [a.label for a in document.articles] == ["第四条"]
    sanction = document.findings[0].sanction[0]
    assert not sanction.found
    assert basis_line(sanction) == "《样例审计法》第五条：责令改正（会议当日施行的文本中没有该条）"


def test_a_meeting_entered_by_mistake_is_removed_but_not_the_last(content, trainer):
    pack = content.law_packs.create_pack(trainer, pack_input(), meeting())
    extra = content.law_packs.add_meeting(trainer, pack.id, meeting(unit="填错的单位"))
    assert content.law_packs.remove_meeting(trainer, pack.id, extra.id).unit_name == "填错的单位"
    assert [m.unit_name for m in content.law_packs.get_pack(trainer, pack.id).meetings] == ["某县交通运输局"]
    with pytest.raises(Conflict, match="资料包至少要有一次会议"):
        content.law_packs.remove_meeting(trainer, pack.id, pack.meetings[0].id)
    with pytest.raises(NotFound):
        content.law_packs.remove_meeting(trainer, pack.id, extra.id)
    events = list(content.security_log.iter_events(EventQuery(action="law_pack_meeting_removed")))
    assert [e.detail for e in events] == ["填错的单位·进点会（2022-06-01）"]


def test_an_edit_from_an_older_revision_is_refused(content, trainer):
    pack = content.law_packs.create_pack(trainer, pack_input(), meeting())
    content.law_packs.update_pack(trainer, pack.id, pack_input(title="甲改的"), pack.revision)
    with pytest.raises(StaleEdit, match="当前为第2版"):
        content.law_packs.update_pack(trainer, pack.id, pack_input(title="乙改的"), pack.revision)
    assert content.law_packs.get_pack(trainer, pack.id).title == "甲改的"
