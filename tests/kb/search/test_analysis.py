"""Word cutting for the index: word-order positions, the user dictionary, sub-words."""
import pickle

import pytest

from kb.search.analysis import (JiebaTokenizer, _jieba_cut, cut_words, normalise, sub_words,
                                tokenizer)


def test_user_dictionary_keeps_audit_terms_whole():
    assert cut_words("被审计单位拒绝提供资料") == ["被审计单位", "拒绝", "提供", "资料"]
    assert "化整为零" in cut_words("不得化整为零规避公开招标")


def test_punctuation_and_spaces_are_not_words():
    assert cut_words("拒绝、拖延， 提供。") == ["拒绝", "拖延", "提供"]
    assert cut_words("？？！！……") == []


def test_full_width_forms_fold_without_changing_length():
    text = "ＡＢＣ１２３　审计"
    assert normalise(text) == "abc123 审计"
    assert len(normalise(text)) == len(text)
    assert cut_words("第３４条") == cut_words("第34条")


def test_sub_words_are_the_dictionary_words_inside_long_words():
    assert set(sub_words(["审计机关"])) >= {"审计", "机关"}
    # A part the text also has as a word of its own is left to the words field.
    assert "审计" not in sub_words(["审计机关", "审计"])
    assert sub_words(["审计"]) == []


def test_the_most_common_function_words_are_not_indexed():
    assert cut_words("依法必须进行招标的项目") == cut_words("依法必须进行招标项目")
    assert "的" not in cut_words("审计机关的职责")


@pytest.mark.parametrize("text", [
    "中华人民共和国政府采购法实施条例", "采购人不得将应当以公开招标方式采购的货物化整为零",
    "处3.5%以下罚款", "ABC公司和abc123签订合同", "2021年10月23日 第十三届", "Hello World 你好 ①②",
    "α β γ", "  多个   空格 ", "a", "", "审计法第三十四条第二款",
])
def test_segmentation_is_exactly_jiebas(text):
    assert _jieba_cut(text) == list(tokenizer().cut(text, HMM=False))


def test_tokenizer_positions_count_words_and_survive_pickling():
    tokenizer = pickle.loads(pickle.dumps(JiebaTokenizer()))
    tokens = [(t.text, t.pos) for t in tokenizer("因正当防卫造成损害的后果", positions=True)]
    assert tokens == [("因", 0), ("正当防卫", 1), ("造成", 2), ("损害", 3), ("后果", 4)]
    assert JiebaTokenizer(sub=True) == pickle.loads(pickle.dumps(JiebaTokenizer(sub=True)))
