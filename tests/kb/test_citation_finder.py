"""Finding references and their statutes in text, without a database."""
import pytest

from kb.citations.finder import ReferenceFinder, ScanContext
from kb.citations.names import NameIndex, is_statute_like, normalise_name

NAMES = ["中华人民共和国审计法", "审计法", "中华人民共和国审计法实施条例", "审计法实施条例",
         "中华人民共和国民法典", "民法典", "中华人民共和国劳动法", "劳动法", "反垄断法",
         "中华人民共和国食品安全法", "食品安全法", "预算法", "中华人民共和国预算法",
         "最高人民法院关于适用《民事诉讼法》的解释", "财政违法行为处罚处分条例", "合同法",
         "最高人民法院关于审理食品安全民事纠纷案件适用法律若干问题的解释（一）", "刑法"]


@pytest.fixture(scope="module")
def finder():
    return ReferenceFinder(NameIndex((name, i) for i, name in enumerate(NAMES)))


def refs(finder, text, **context):
    return [(r.name or ("<own>" if r.own else ""), r.article_no)
            for r in finder.find(text, ScanContext(**context))]


def test_book_titles_short_titles_and_names_without_brackets(finder):
    text = "根据《中华人民共和国审计法》第三十四条、《审计法实施条例》第四十九条和预算法第十三条"
    assert refs(finder, text) == [("审计法", 34), ("审计法实施条例", 49), ("预算法", 13)]


def test_spans_cover_name_and_number(finder):
    text = "依照《民法典》第153条第2款处理"
    (ref,) = finder.find(text)
    assert ref.text == "《民法典》第153条第2款" and text[ref.start:ref.end] == ref.text
    assert ref.paragraphs == (2,)


def test_lists_and_ranges_keep_the_statute(finder):
    text = "《审计法》第34条、第35条及第三十六条至第三十八条"
    assert refs(finder, text) == [("审计法", n) for n in (34, 35, 36, 37, 38)]
    implied = [r.implied for r in finder.find(text)]
    assert implied == [False, False, False, True, False]


def test_notes_and_parts_between_name_and_article(finder):
    assert refs(finder, "《最高人民法院关于审理食品安全民事纠纷案件适用法律若干问题的解释（一）》"
                        "（法释〔2020〕26号）第三十五条") == [
        ("最高人民法院关于审理食品安全民事纠纷案件适用法律若干问题的解释（一）", 35)]
    assert refs(finder, "《民法典》人格权编第997条") == [("民法典", 997)]
    assert refs(finder, "刑法分则第九章第三百九十八条") == [("刑法", 398)]


def test_a_version_note_is_kept(finder):
    (ref,) = finder.find("《中华人民共和国审计法》（2006年修正）第四十一条")
    assert (ref.name, ref.article_no, ref.version_year) == ("审计法", 41, 2006)


def test_inner_angle_brackets_and_the_national_prefix_are_normalised(finder):
    text = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二百二十六条及第二百二十八条"
    assert refs(finder, text) == [("最高人民法院关于适用《民事诉讼法》的解释", 226),
                                  ("最高人民法院关于适用《民事诉讼法》的解释", 228)]


def test_declared_abbreviations(finder):
    text = ("《中华人民共和国食品安全法》（以下简称《食品安全法》）第三条规定……"
            "《食品安全法》第九十六条第一款规定")
    assert refs(finder, text) == [("食品安全法", 3), ("食品安全法", 96)]
    text = "《某市征收集体所有土地房屋补偿条例》（以下简称《集补条例》）……《集补条例》第二十条第二款"
    assert refs(finder, text) == [("某市征收集体所有土地房屋补偿条例", 20)]


def test_its_regulation(finder):
    assert refs(finder, "根据《中华人民共和国审计法》及其实施条例第四十九条") == [("审计法实施条例", 49)]


def test_pronouns_refer_to_the_statute_named_last(finder):
    text = "违反了《食品安全法》第三条……该法第二十八条第（八）项规定，依据同法第九十六条"
    assert refs(finder, text) == [("食品安全法", 3), ("食品安全法", 28), ("食品安全法", 96)]


def test_bare_articles_continue_a_statute_in_the_same_paragraph(finder):
    text = "《中华人民共和国劳动法》第四十一条规定：“用人单位……。”第四十三条规定：“……”"
    assert refs(finder, text) == [("劳动法", 41), ("劳动法", 43)]
    text = "我国民法典第七条规定,民事主体应当遵循诚信原则。第八条规定民事主体不得违反法律"
    assert refs(finder, text) == [("民法典", 7), ("民法典", 8)]


def test_a_quotation_may_run_over_a_paragraph_break(finder):
    text = "《劳动法》第四十一条规定：“用人单位……\n\n”第四十三条规定：“……”"
    assert refs(finder, text) == [("劳动法", 41), ("劳动法", 43)]


def test_bare_articles_do_not_cross_paragraphs_or_contracts(finder):
    assert refs(finder, "《劳动法》第四十一条规定了加班时限。\n\n第四十三条另有规定") == [("劳动法", 41)]
    assert refs(finder, "违反《劳动法》第四十一条。双方签有《汽车销售合同》。该合同第七条约定：……") == [
        ("劳动法", 41)]
    assert refs(finder, "依据《审计法》第三十四条，根据施工合同第十二条约定付款") == [("审计法", 34)]
    assert refs(finder, "《安置协议》（以下简称《协议》）第六条第一项约定") == []


def test_contracts_are_not_statutes_but_unknown_statutes_are_kept(finder):
    assert refs(finder, "《汽车销售合同》第七条") == []
    assert refs(finder, "违反了《党政机关厉行节约反对浪费条例》第二十条") == [
        ("党政机关厉行节约反对浪费条例", 20)]
    assert refs(finder, "依照合同法第五十二条") == [("合同法", 52)]
    assert refs(finder, "违反了会议费管理办法第十二条") == [("会议费管理办法", 12)]


def test_known_names_in_quotation_marks(finder):
    assert refs(finder, "依据“审计法”第四十九条处理") == [("审计法", 49)]
    assert refs(finder, "所谓“依法审计”第三条") == []


def test_tiao_as_a_measure_word_is_not_an_article(finder):
    assert refs(finder, "违反了《劳动法》第四十一条，该厂第2条生产线停工，第一条建议已采纳") == [("劳动法", 41)]


def test_a_name_inside_a_longer_word_is_not_that_statute(finder):
    assert refs(finder, "依据某市审计条例第十条") == [("某市审计条例", 10)]


def test_article_labels_quote_the_statute_named_alone_above(finder):
    text = ("《最高人民法院关于审理食品安全民事纠纷案件适用法律若干问题的解释（一）》。\n\n"
            "第十二条 进口的食品……依据食品安全法第一百四十八条规定承担赔偿责任\n\n第十条 食品不符合……")
    title = "最高人民法院关于审理食品安全民事纠纷案件适用法律若干问题的解释（一）"
    assert refs(finder, text) == [(title, 12), ("食品安全法", 148), (title, 10)]


def test_inside_a_statute_bare_articles_and_ben_fa_are_its_own(finder):
    text = "依照第四十九条的规定处理；本法第三条所称……本条例第十五条"
    assert refs(finder, text, in_statute=True) == [("<own>", 49), ("<own>", 3), ("<own>", 15)]
    text = "被审计单位对审计机关依照审计法第十六条、第十七条和本条例第十五条规定"
    assert refs(finder, text, in_statute=True) == [("审计法", 16), ("审计法", 17), ("<own>", 15)]


def test_inside_a_statute_a_sentence_naming_another_law_continues_it(finder):
    text = "触犯刑法第三百九十八条规定的，但依法构成第三百九十七条规定的犯罪的；依照第十条处理"
    assert refs(finder, text, in_statute=True) == [("刑法", 398), ("刑法", 397), ("<own>", 10)]


def test_an_amendment_refers_to_the_amended_statute(finder):
    assert refs(finder, "将第八条修改为……本法第九条", in_statute=True, amends="刑法") == [
        ("刑法", 8), ("刑法", 9)]


def test_labels_a_source_ran_together_are_not_references(finder):
    text = "制定本规则。 第二条 凡辖有航空器的单位必须遵守本规则。"
    assert refs(finder, text, in_statute=True) == []


def test_abbreviations_carry_from_one_article_to_the_next(finder):
    context = ScanContext(in_statute=True)
    finder.find("根据《中华人民共和国样例财政管理法》（以下简称财管法）的规定，制定本条例。", context)
    assert refs(finder, "违反财管法第三条的", in_statute=True) == [("财管法", 3)]
    assert [(r.name, r.article_no) for r in finder.find("违反财管法第三条的", context)] == [
        ("样例财政管理法", 3)]


def test_numbers_inside_titles_and_document_numbers_are_not_references(finder):
    assert refs(finder, "《全国人民代表大会常务委员会关于〈中华人民共和国刑法〉第九十三条第二款的解释》") == []
    assert refs(finder, "《工资支付暂行规定》（劳部发〔1994〕489号）") == []


@pytest.mark.parametrize("name, expected", [
    ("中华人民共和国审计法", "审计法"), ("《审计法》", "审计法"),
    ("最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释", "最高人民法院关于适用《民事诉讼法》的解释"),
    ("行政事业单位内部控制规范(试行)", "行政事业单位内部控制规范（试行）")])
def test_normalise_name(name, expected):
    assert normalise_name(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("党政机关国内公务接待管理规定", True), ("行政事业单位内部控制规范（试行）", True),
    ("财政部关于加强资产管理的通知", True), ("汽车销售合同", False), ("补偿安置协议书", False),
    ("审计决定书", False), ("公司章程", False)])
def test_statute_like_titles(name, expected):
    assert is_statute_like(name) is expected
