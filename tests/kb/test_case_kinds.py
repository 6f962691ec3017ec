"""审计案例 apart from 裁判案例: the kind of a case, its list filter, the search scopes that
hold one kind each, the tags a court case gets from its own text, and backlinks."""
from __future__ import annotations

import pytest

from core.errors import InvalidInput
from kb.cases.court_tags import case_cause, court_case_tags, court_level, series
from kb.cases.kinds import COURT_CASE_TYPE

RULING = ("## 基本案情\n\n某公司虚列支出，虚列支出多次，虚列支出金额巨大，被诉至法院。\n\n"
          "## 裁判结果\n\n北京市朝阳区人民法院一审判决，北京市第二中级人民法院二审维持。")


@pytest.fixture
def both_kinds(citing_kb, trainer, make_case_input):
    """One audit case and one court ruling, both about 虚列支出, published and indexed; the
    ruling says it more often, so it would outrank the audit case if the two were mixed."""
    audit = citing_kb.cases.create_case(trainer, make_case_input(
        title="某局虚列支出案", body="## 审计发现\n\n该局虚列支出十二万元。",
        tags=("虚列支出",)), publish=True)
    court = citing_kb.cases.create_case(trainer, make_case_input(
        title="某公司虚列支出纠纷案", audit_type=COURT_CASE_TYPE, body=RULING,
        tags=("合同纠纷", "中级法院")), publish=True)
    citing_kb.search.rebuild()
    return citing_kb, audit, court


def test_a_case_of_type_court_is_a_court_case(both_kinds, staff):
    kb, audit, court = both_kinds
    assert (audit.kind, audit.kind_label) == ("audit", "审计案例")
    assert (court.kind, court.kind_label) == ("court", "裁判案例")
    assert kb.cases.get_case(staff, court.id).to_json()["kind"] == "court"


def test_the_list_filters_by_kind(both_kinds, staff):
    kb, audit, court = both_kinds
    assert [c.id for c in kb.cases.list_cases(staff, kind="audit").items] == [audit.id]
    assert [c.id for c in kb.cases.list_cases(staff, kind="court").items] == [court.id]
    assert {c.id for c in kb.cases.list_cases(staff).items} == {audit.id, court.id}
    with pytest.raises(InvalidInput, match="案例类别只能是"):
        kb.cases.list_cases(staff, kind="judicial")


def test_each_case_scope_holds_one_kind(both_kinds):
    kb, audit, court = both_kinds
    audit_hits = kb.finder.find("虚列支出", "cases").response.hits
    court_hits = kb.finder.find("虚列支出", "court_cases").response.hits
    assert [(h.kind, h.details["case_id"]) for h in audit_hits] == [("case", audit.id)]
    assert [(h.kind, h.details["case_id"]) for h in court_hits] == [("court_case", court.id)]
    assert court_hits[0].details["case_kind"] == "court"
    everything = kb.finder.find("虚列支出", "all").response.hits
    assert {("case", audit.id), ("court_case", court.id)} <= {
        (h.kind, h.details.get("case_id")) for h in everything}


def test_backlinks_show_the_kind_audit_cases_first(citing_kb, trainer, make_case_input):
    court = citing_kb.cases.create_case(trainer, make_case_input(
        title="某公司财政纠纷案", audit_type=COURT_CASE_TYPE), publish=True)
    audit = citing_kb.cases.create_case(trainer, make_case_input(title="某局无预算支出案"),
                                        publish=True)
    finance = citing_kb.library.find_statute("样例财政法").id
    links = citing_kb.backlinks.backlinks(finance, 2, viewer=trainer)
    assert [(c.case_id, c.kind) for c in links.cases] == [(audit.id, "audit"), (court.id, "court")]
    assert [c["kind"] for c in links.to_json()["cases"]] == ["audit", "court"]


@pytest.mark.parametrize("name, cause", [
    ("吴某与某电子商务有限公司买卖合同纠纷案", "买卖合同"),
    ("张某某诉某物业公司等财产损害赔偿案", "财产损害赔偿"),
    ("孙银山诉南京欧尚超市有限公司江宁店买卖合同纠纷案", "买卖合同"),
    ("江某诉某信息技术有限公司网络购物合同纠纷一案", "网络购物合同"),
    ("赵某某诉山东省济南市历城区人民政府不履行拆迁安置补偿协议案", "不履行拆迁安置补偿协议"),
    ("徐某某诉张某某婚姻家庭案", "婚姻家庭"),
    ("加班费的仲裁时效应当如何认定", None),      # a question, not a case name
    ("张三诉李四借款案", None),                  # parties not recognisable: no guess
])
def test_the_cause_is_read_from_the_case_name(name, cause):
    assert case_cause(name) == cause


def test_the_court_level_is_the_highest_court_that_heard_the_case():
    assert court_level(RULING) == "中级法院"
    assert court_level("北京市朝阳区人民法院判决驳回。") == "基层法院"
    assert court_level("陕西省高级人民法院二审，向最高人民法院申请再审。") == "最高人民法院"
    # A court named as an interpretation's author or as publisher heard nothing.
    assert court_level("依照《最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释》") is None
    assert court_level("最高人民法院发布典型案例。") is None
    assert court_level("双方协商解决。") is None


def test_court_case_tags_keep_what_the_text_holds():
    header = ["", "消费者权益保护典型案例", "最高人民法院发布", "2022-03-15"]
    assert series(header) == "消费者权益保护典型案例"
    assert court_case_tags("消费购物", "李某诉某书店信息网络买卖合同纠纷案", header, RULING) == (
        "消费购物", "信息网络买卖合同", "中级法院", "消费者权益保护典型案例")
    assert court_case_tags("劳动人事", "加班费如何认定", [], "用人单位安排加班。") == ("劳动人事",)
