import pytest

from quizzes.normalise import blank_matches, normalise_blank


@pytest.mark.parametrize("given, key", [
    ("3日", "三日"),
    ("３日", "三日"),                 # full-width digit
    (" 三 日 ", "三日"),              # spaces
    ("20%", "百分之二十"),
    ("２０％", "百分之二十"),
    ("百分之20", "百分之二十"),
    ("2/3", "三分之二"),
    ("50000元", "五万元"),
    ("5万元", "五万元"),
    ("15天", "十五日"),
    ("审计通知书", "审计通知书。"),    # trailing punctuation
    ("ABC", "abc"),
    ("两年", "2年"),
    ("一百零二条", "102条"),
])
def test_equivalent_spellings_match(given, key):
    assert normalise_blank(given) == normalise_blank(key)
    assert blank_matches(given, [key])


@pytest.mark.parametrize("given, key", [
    ("5日", "三日"), ("30%", "百分之二十"), ("3/2", "三分之二"), ("审计报告", "审计通知书"),
    ("", "三日"), ("   ", "三日"),
])
def test_different_answers_do_not_match(given, key):
    assert not blank_matches(given, [key])


def test_listed_alternatives():
    assert blank_matches("本级人大常委会", ["本级人民代表大会常务委员会", "本级人大常委会"])
