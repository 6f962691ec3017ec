import pytest

from core.errors import PermissionDenied
from quizzes.generation.candidates import ArticleText, statements, value_questions
from quizzes.generation.locate import locate_questions
from quizzes.generation.values import find_values, replacements


def article(no, text, title="中华人民共和国样例法"):
    from laws.numbering import format_article_label
    return ArticleText(1, title, "样例法", 9, no, 0, format_article_label(no), text)


def test_values_and_what_is_not_a_value():
    text = ("依照第三十四条（一）的规定，自2010年5月1日起，上一年度结余，应当在实施审计三日前送达；"
            "处5万元以下罚款，并处1倍以上5倍以下罚款；不少于二人；百分之二十；三分之二以上；公历1月1日；审计通知书")
    found = [(v.kind, v.text) for v in find_values(text)]
    assert found == [("时限", "三日"), ("金额", "5万元"), ("倍数", "1倍"), ("倍数", "5倍"), ("人数", "二人"),
                     ("比例", "百分之二十"), ("比例", "三分之二"), ("日期", "1月1日"), ("术语", "审计通知书")]


def test_replacements_keep_the_numeral_style():
    by_text = {v.text: v for v in find_values("三日前，10日内，5万元，单一来源采购，采购代理机构")}
    assert replacements(by_text["三日"])[:2] == ["二日", "一日"]
    assert replacements(by_text["10日"])[0] == "7日"
    assert replacements(by_text["5万元"])[0] == "3万元"
    assert "询价" in replacements(by_text["单一来源采购"])
    assert replacements(by_text["采购代理机构"]) == []        # blanked, never swapped


def test_amounts_keep_their_scale_and_percentages_have_an_arabic_form():
    from quizzes.generation.values import arabic_form
    by_text = {v.text: v for v in find_values("处五万元以上二十五万元以下罚款，百分之三，2000元以上")}
    assert replacements(by_text["二十五万元"])[:2] == ["二十万元", "三十万元"]
    assert replacements(by_text["2000元"])[:2] == ["1000元", "3000元"]
    assert arabic_form(by_text["百分之三"]) == "3%" and arabic_form(by_text["五万元"]) == "5万元"


def test_statements_carry_lead_ins_for_items():
    text = "有下列情形之一的，处二万元以下罚款：\n（一）拒绝检查的；\n（二）拖延的。\n审计人员不少于二人。"
    assert statements(text) == [("有下列情形之一的，处二万元以下罚款：（一）拒绝检查的；", 18),
                                ("有下列情形之一的，处二万元以下罚款：（二）拖延的。", 18),
                                ("审计人员不少于二人。", 0)]


def test_fill_and_true_false_from_a_sound_value():
    outcome = value_questions(article(42, "审计机关应当在实施审计三日前，向被审计单位送达审计通知书。"), [])
    fill = next(q for q in outcome.questions if q.kind == "fill")
    assert fill.data["stem"] == "根据《中华人民共和国样例法》第四十二条的规定，审计机关应当在实施审计____前，向被审计单位送达审计通知书。"
    assert fill.data["answer"] == [["三日", "3日"]]
    assert fill.data["articles"] == [[1, 42, 0]] and "法条生成" in fill.data["tags"]
    assert fill.data["explanation"].startswith("依据《中华人民共和国样例法》第四十二条：")
    assert [q.kind for q in outcome.questions].count("true_false") == 1


def test_a_value_twice_in_the_article_is_not_blanked():
    outcome = value_questions(article(39, "被审计单位应当自接到报告之日起10日内提出意见；10日内未提出的，视同无异议。"), [])
    assert not [q for q in outcome.questions if q.kind == "fill"]
    assert ("fill", "挖空值在本条出现不止一次") in {(r.kind, r.reason) for r in outcome.rejections}


def test_a_change_that_may_still_be_true_is_refused():
    # 五日 is also in the article: changing 三日 to 五日 might describe the other rule.
    text = "审计组应当在实施审计三日前送达通知书，遇有特殊情况可以在五日前报告。"
    for key in range(12):    # whichever the coin picks, a false statement never says 五日 for 三日
        outcome = value_questions(article(40 + key, text), [])
        for question in outcome.questions:
            if question.kind == "true_false" and question.data["answer"] is False:
                assert "五日前送达" not in question.data["stem"]


def test_no_subject_swaps_in_penalty_clauses():
    text = "单位负责人对依法履行职责的会计人员实行打击报复的，依法给予处分。"
    for no in range(1, 9):
        outcome = value_questions(article(no, text), [])
        assert all(q.data["answer"] is True for q in outcome.questions if q.kind == "true_false")


def test_commencement_clauses_are_skipped():
    outcome = value_questions(article(60, "本法自2022年1月1日起施行。"), [])
    assert outcome.questions == [] and outcome.rejections[0].reason == "施行或解释条款"


def test_which_article_with_similar_distractors():
    texts = ["审计机关应当在实施审计三日前送达审计通知书。", "审计组应当征求被审计单位的意见。",
             "审计机关应当出具审计报告并送达被审计单位。", "审计决定自送达之日起生效。",
             "被审计单位应当配合审计机关的工作。", "审计人员应当保守秘密。"]
    outcome = locate_questions([article(i + 1, t) for i, t in enumerate(texts)])
    first = next(q for q in outcome.questions if q.source_key.endswith(":1-0"))
    assert first.data["type"] == "single" and len(first.data["options"]) == 4
    assert first.data["answer"] == "a1-0" and "三日前送达审计通知书" in first.data["stem"]


def test_which_article_refuses_repeated_or_short_quotations():
    texts = ["构成犯罪的，依法追究刑事责任。", "审计人员滥用职权的，构成犯罪的，依法追究刑事责任。", "短条。",
             "审计机关应当建立健全审计档案制度。", "审计机关应当加强审计队伍建设。"]
    outcome = locate_questions([article(i + 1, t) for i, t in enumerate(texts)])
    reasons = {r.label: r.reason for r in outcome.rejections}
    assert reasons["第一条"] == "引文在其他条文中也出现" and reasons["第三条"] == "条文过短"


def test_generate_stores_drafts_once(engine, quiz_kb, trainer, staff):
    generator = engine.generator
    first = generator.generate(trainer, ["样例审计法"])
    assert first.created and first.statutes == ["样例审计法"]
    stored = engine.bank.get_question(trainer, first.created[0])
    assert (stored.status, stored.origin, stored.author_id) == ("draft", "generated", trainer.id)
    again = generator.generate(trainer, ["样例审计法", "不存在的法"])
    assert (again.created, again.existing, again.missing) == ([], len(first.created), ["不存在的法"])
    with pytest.raises(PermissionDenied):
        generator.generate(staff, ["样例审计法"])


@pytest.mark.corpus
def test_at_least_500_sound_candidates_from_the_audit_statutes(corpus_kb):
    generator = corpus_kb.generator
    outcome = generator.candidates()
    assert len(outcome.questions) >= 500
    assert len({q.source_key for q in outcome.questions}) == len(outcome.questions)


@pytest.mark.parametrize("sentence, value, expected", [
    ("可以处5万元以下的罚款", "5万元", ["10万元", "20万元"]),            # a cap only grows
    ("处二万元以上五万元以下的罚款", "二万元", ["一万元"]),               # a minimum fine only shrinks
    ("应当在二十日内批复预算", "二十日", ["十五日", "十日"]),              # a duty's deadline shrinks
    ("可以在知道之日起七个工作日内提出质疑", "七个工作日", ["十个工作日", "十五个工作日"]),  # a right's grows
    ("审计人员应当不少于二人", "二人", ["三人", "五人"]),
    ("应当在实施审计三日前送达", "三日", ["五日", "七日"]),                # lead time grows
    ("参加政府采购活动前三年内没有重大违法记录", "三年", ["五年", "十年"]),  # look-back grows
    ("财政部于每年6月15日前部署", "6月15日", ["1月1日", "3月31日"]),       # a date to meet moves earlier
    ("比例超过50%的", "50%", ["40%", "30%"]),                               # inclusion threshold shrinks
    ("连续两年未用完的结转资金", "两年", []),                               # a bare duration stays
])
def test_numbers_change_only_where_the_statement_becomes_false(sentence, value, expected):
    from quizzes.generation.values import wrong_direction
    found = next(v for v in find_values(sentence) if v.text == value)
    assert replacements(found, wrong_direction(sentence, found))[:2] == expected


def test_a_synonym_in_the_article_blocks_a_swap():
    text = "审计机关发现问题的，应当向本级人民代表大会常务委员会报告，并通报本级政府。"
    for no in range(1, 9):
        for question in value_questions(article(no, text), []).questions:
            assert "本级人民政府" not in question.data["stem"]
