import datetime as dt

from laws.header import (classify_clause, commencement_date, dates_of, effective_date_of,
                         parse_date, parse_events, version_date_of)
from laws.model import EFFECTIVE_HEADER, EFFECTIVE_NONE, EFFECTIVE_TEXT


def test_dates_in_every_notation():
    assert parse_date("2021年10月23日 通过") == dt.date(2021, 10, 23)
    assert parse_date("２０１８年１月１日 公布") == dt.date(2018, 1, 1)
    assert parse_date("一九九九年十二月二十五日 通过") == dt.date(1999, 12, 25)
    assert parse_date("2021年2月30日") is None
    assert parse_date("没有日期") is None


def test_event_kinds():
    assert classify_clause("1994年8月31日 第八届全国人民代表大会常务委员会第九次会议通过") == "通过"
    assert classify_clause("2006年2月28日 …《关于修改〈中华人民共和国审计法〉的决定》第一次修正") == "修正"
    assert classify_clause("2019年4月23日 第十三届…会议修订") == "修订"
    assert classify_clause("1993年3月31日 中华人民共和国主席令第三号公布") == "公布"
    assert classify_clause("2021年1月1日 施行") == "施行"
    assert classify_clause("1999年12月25日 …会议通过的《中华人民共和国刑法修正案》") == "修正"


def test_one_line_with_several_events_and_a_mid_line_date():
    events = parse_events(["1997年10月21日 国务院令第231号发布　2010年2月2日国务院第100次常务会议修订通过"
                           "　2010年2月11日 国务院令第571号公布　自2010年5月1日起施行"])
    assert [(e.date, e.kind) for e in events] == [
        (dt.date(1997, 10, 21), "发布"), (dt.date(2010, 2, 2), "通过"),
        (dt.date(2010, 2, 11), "公布"), (dt.date(2010, 5, 1), "施行")]
    assert events[-1].text == "自2010年5月1日起施行"


def test_wrapped_lines_are_joined():
    events = parse_events(["2021年10月23日 第十三届…《关于修改〈中华人民",
                           "共和国审计法〉的决定》第二次修正"])
    assert len(events) == 1
    assert events[0].kind == "修正"
    assert events[0].text.endswith("第二次修正")


def test_version_and_effective_dates():
    events = parse_events(["1994年8月31日 通过", "2021年10月23日 修正", "2022年1月1日 施行"])
    version = version_date_of(events)
    assert version == dt.date(2021, 10, 23)
    assert effective_date_of(events, version) == dt.date(2022, 1, 1)
    # A 施行 date before the version date belongs to an older version: not recorded.
    old = parse_events(["1995年1月1日 施行", "2021年10月23日 修正"])
    assert effective_date_of(old, version_date_of(old)) is None


AUDIT_LAW = ["1994年8月31日 第八届全国人民代表大会常务委员会第九次会议通过",
             "2021年10月23日 第十三届…《关于修改〈中华人民共和国审计法〉的决定》第二次修正"]


def test_an_amended_text_keeps_its_original_commencement_clause_which_is_not_its_date():
    events = parse_events(AUDIT_LAW)
    closing = ["第六十条 本法自1995年1月1日起施行。1988年11月30日国务院发布的《中华人民共和国审计条例》同时废止。"]
    assert dates_of(events, dt.date(2021, 10, 23), closing) == (
        dt.date(2021, 10, 23), None, EFFECTIVE_NONE)


def test_a_revised_text_states_its_own_date():
    events = parse_events(["1996年3月17日 通过", "2021年1月22日 第十三届…会议修订"])
    closing = ["本法自2021年7月15日起施行。"]
    assert dates_of(events, dt.date(2021, 1, 22), closing) == (
        dt.date(2021, 1, 22), dt.date(2021, 7, 15), EFFECTIVE_TEXT)
    # Even a revised text's clause cannot precede the version (a State Council omnibus
    # 修订 keeps the original date).
    assert dates_of(events, dt.date(2021, 1, 22), ["本法自1996年10月1日起施行。"])[1] is None


def test_a_decision_in_force_on_promulgation_and_a_header_line():
    events = parse_events(["2021年9月24日 北京市…会议通过"])
    assert commencement_date(["一、废止《某条例》", "本决定自公布之日起施行。"],
                             dt.date(2021, 9, 24)) == dt.date(2021, 9, 24)
    events = parse_events(["2010年2月11日 国务院令第571号公布", "2010年5月1日 施行"])
    assert dates_of(events, dt.date(2010, 2, 11), [])[1:] == (dt.date(2010, 5, 1), EFFECTIVE_HEADER)


def test_header_without_dates():
    events = parse_events(["某省人民代表大会常务委员会公告"])
    assert events[0].date is None
    assert version_date_of(events) is None
