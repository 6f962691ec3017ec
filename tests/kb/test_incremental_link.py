"""Issue H: after one statute's intake, or a version replaced or withdrawn, the link redoes
only what the change can reach (CitationStore.link_statutes), and leaves exactly the rows a
full link of the same library would; apply_repeals reads the library in a bounded number of queries; the index refresh
writes only the statute's own documents."""
import datetime as dt

import pytest
from sqlalchemy import event, func, select

from accounts.permissions import system_actor
from kb.citations.models import CitationRecord, StatuteRepeal
from kb.importer import Importer
from kb.intake import IntakeMetadata
from kb.legal_time.apply import apply_repeals
from kb.models import Statute, StatuteVersion
from kb.search import SearchFilters
from kb.search.whoosh_internals import segment_terms
from tests.support.statute_files import write_txt

ADMIN = system_actor("测试")

# Cites 样例预算法 (not in the library) with and without 《》, and the statutes below.
EXECUTION_RULES = """# 样例预算执行办法

2023年3月1日 财政部令第1号公布

<!-- INFO END -->

第一条 为了执行《中华人民共和国样例预算法》（以下简称预算法），制定本办法。

第二条 预算执行应当符合样例预算法第二条和预算法第三条的规定。

第三条 审计文书依照《样例审计署规定》第二条办理；违反样例审计法第四条的，依法处理。
"""

# Names 样例预算法 only in quotation marks, a form the finder knows only for names the
# library holds: nothing is found here until the law is imported.
OPENNESS_RULES = """# 样例预算公开办法

2023年4月1日 财政部令第2号公布

<!-- INFO END -->

第一条 按照“样例预算法”第三条的规定公开预算。
"""

BUDGET_LAW = """# 中华人民共和国样例预算法

2020年1月1日 第十三届全国人民代表大会常务委员会通过

<!-- INFO END -->

第一条 为了规范样例预算，制定本法。

第二条 样例预算实行一级政府一级预算。

第三条 违反本法第二条的，依照《中华人民共和国样例审计法》第三条处理。
"""

# 样例审计法 again, without 第三条之一 and 第四条 (cited by the library, a case and a question).
AUDIT_LAW_2025 = """# 中华人民共和国样例审计法

2025年6月1日 第十四届全国人民代表大会常务委员会第三次修正

<!-- INFO END -->

第一条 为了加强国家的样例审计监督，制定本法。

第二条 国家实行样例审计监督制度。

第三条 审计人员应当具备与其从事的审计工作相适应的专业知识。
"""

DOCUMENT_RULES = """# 样例审计署文书规定

2023年12月1日 审计署令第12号公布

<!-- INFO END -->

第一条 为了规范审计文书，制定本规定。

第二条 本规定自2024年1月1日起施行。《样例审计署规定》同时废止。
"""

SCENARIOS = {
    "a statute cited before it was held": (BUDGET_LAW, IntakeMetadata(
        level="法律", promulgated=dt.date(2020, 1, 1), effective=dt.date(2020, 1, 1))),
    "a new version of a statute cited": (AUDIT_LAW_2025, IntakeMetadata(
        level="法律", new_version_of="样例审计法", promulgated=dt.date(2025, 6, 1),
        effective=dt.date(2025, 7, 1))),
    "a statute that repeals another": (DOCUMENT_RULES, IntakeMetadata(
        level="部门规章", promulgated=dt.date(2023, 12, 1), effective=dt.date(2024, 1, 1))),
}


@pytest.fixture
def linked(citing_kb, tmp_path):
    """The citation fixtures, a rule citing what the scenarios change, a case and a
    question citing it too; linked in full."""
    rules = tmp_path / "corpus" / "部门规章"
    rules.mkdir(parents=True)
    (rules / "样例预算执行办法(2023-03-01).md").write_text(EXECUTION_RULES, encoding="utf-8")
    (rules / "样例预算公开办法(2023-04-01).md").write_text(OPENNESS_RULES, encoding="utf-8")
    Importer(citing_kb.db).import_path(tmp_path / "corpus")
    citing_kb.citations.link_library()
    text = "依照《中华人民共和国样例预算法》第二条、《样例审计法》第四条和《样例审计署规定》第二条。"
    citing_kb.citations.record_text("question", 901, text)
    citing_kb.citations.record_text("case", 902, text, dt.date(2024, 5, 1))
    return citing_kb


def link_state(kb) -> tuple[list, list, list]:
    """Every citation row and repeal row (ids aside) and every statute's repeal."""
    with kb.db.session() as session:
        citations = [tuple(getattr(row, c.key) for c in CitationRecord.__table__.columns if c.key != "id")
                     for row in session.scalars(select(CitationRecord))]
        repeals = [tuple(getattr(row, c.key) for c in StatuteRepeal.__table__.columns if c.key != "id")
                   for row in session.scalars(select(StatuteRepeal))]
        statutes = session.execute(select(Statute.id, Statute.repealed_on, Statute.repealed_by,
                                          Statute.repeal_source)).all()
    return sorted(citations, key=repr), sorted(repeals, key=repr), sorted(statutes, key=repr)


def cited(kb, source_kind: str, name: str) -> list[str]:
    """The statuses of the stored references of a case or question to `name`."""
    with kb.db.session() as session:
        return sorted(session.scalars(select(CitationRecord.status).where(
            CitationRecord.source_kind == source_kind, CitationRecord.cited_name == name)))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_an_intake_links_exactly_as_a_full_link_would(linked, scenario):
    markdown, metadata = SCENARIOS[scenario]
    with linked.db.session() as session:
        versions = session.scalar(select(func.count(StatuteVersion.id)))
    result = linked.intake.save(ADMIN, write_txt(markdown), "导入.txt", metadata)
    link = result.import_outcome.link
    assert result.outcome == "new" and link is not None
    assert link.versions < versions + 1, "the link went over the whole library"
    assert not linked.citations.is_link_pending()
    incremental = link_state(linked)

    linked.citations.link_library()

    assert link_state(linked) == incremental


REPEAL_SENTENCE = "《样例审计署规定》同时废止。"
AUDIT_LAW = "样例审计法"
DOCUMENTS = "样例审计署文书规定"


def version_on(kb, name: str, on: dt.date):
    statute = kb.library.find_statute(name)
    return statute.id, next(v.id for v in kb.library.versions(statute.id) if v.version_date == on)


def intake(kb, markdown: str, filename: str, **metadata) -> None:
    kb.intake.save(ADMIN, write_txt(markdown), filename, IntakeMetadata(**metadata))


def replace_corpus_version(kb):
    """样例审计法's current (corpus) version corrected to a text without 第三条之一 and 第四条."""
    statute = kb.library.find_statute(AUDIT_LAW)
    current = kb.library.current_version(statute.id)
    corrected = AUDIT_LAW_2025.replace("第三次修正", "第二次修正（更正）")
    return kb.versions.replace(ADMIN, statute.id, current.id, write_txt(corrected), "更正.txt", "原文件有误")


def replace_with_a_repeal(kb):
    """An intake's version without its repeal clause, replaced by the text that has it."""
    intake(kb, DOCUMENT_RULES.replace(REPEAL_SENTENCE, ""), "文书规定.txt", level="部门规章",
           promulgated=dt.date(2023, 12, 1), effective=dt.date(2024, 1, 1))
    assert cited(kb, "case", "样例审计署规定") == ["resolved"]
    statute_id, version_id = version_on(kb, DOCUMENTS, dt.date(2023, 12, 1))
    return kb.versions.replace(ADMIN, statute_id, version_id, write_txt(DOCUMENT_RULES), "更正.txt", "漏了废止条款")


def withdraw_a_new_version(kb):
    """A new version of 样例审计法 (without 第四条) withdrawn: the 2021 text is current again."""
    intake(kb, AUDIT_LAW_2025, "审计法.txt", level="法律", new_version_of=AUDIT_LAW,
           promulgated=dt.date(2025, 6, 1), effective=dt.date(2025, 7, 1))
    assert cited(kb, "question", AUDIT_LAW) == ["no_such_article"]
    statute_id, version_id = version_on(kb, AUDIT_LAW, dt.date(2025, 6, 1))
    return kb.versions.withdraw(ADMIN, statute_id, version_id, "误导入征求意见稿")


def withdraw_a_repealing_version(kb):
    """A rule's second version repeals 样例审计署规定; withdrawing it takes the repeal back."""
    intake(kb, DOCUMENT_RULES.replace(REPEAL_SENTENCE, ""), "文书规定.txt", level="部门规章",
           promulgated=dt.date(2023, 12, 1), effective=dt.date(2024, 1, 1))
    intake(kb, DOCUMENT_RULES.replace("2023年12月1日", "2024年12月1日"), "文书规定2024.txt",
           level="部门规章", new_version_of=DOCUMENTS, promulgated=dt.date(2024, 12, 1),
           effective=dt.date(2025, 1, 1))
    assert cited(kb, "case", "样例审计署规定") == ["repealed"]
    statute_id, version_id = version_on(kb, DOCUMENTS, dt.date(2024, 12, 1))
    return kb.versions.withdraw(ADMIN, statute_id, version_id, "该修订未公布")


# Each change, and what the question's and the case's references then are.
VERSION_CHANGES = {
    "a corpus version replaced": (replace_corpus_version, "question", AUDIT_LAW, ["no_such_article"]),
    "a version replaced by a text that repeals another": (
        replace_with_a_repeal, "case", "样例审计署规定", ["repealed"]),
    "an intake's version withdrawn": (withdraw_a_new_version, "question", AUDIT_LAW, ["resolved"]),
    "a repealing version withdrawn": (withdraw_a_repealing_version, "case", "样例审计署规定", ["resolved"]),
}


@pytest.mark.parametrize("change", VERSION_CHANGES)
def test_a_version_replaced_or_withdrawn_links_exactly_as_a_full_link_would(linked, change):
    act, source_kind, name, statuses = VERSION_CHANGES[change]
    outcome = act(linked)
    with linked.db.session() as session:
        versions = session.scalar(select(func.count(StatuteVersion.id)))
    assert outcome.link is not None and outcome.link.versions < versions, "the link went over the whole library"
    assert not linked.citations.is_link_pending()
    assert cited(linked, source_kind, name) == statuses
    incremental = link_state(linked)

    linked.citations.link_library()

    assert link_state(linked) == incremental


def test_each_scenario_changes_what_it_should(linked):
    assert cited(linked, "question", "样例预算法") == ["unknown_statute"]
    assert "“样例预算法”第三条" not in statute_references(linked, "样例预算法")
    linked.intake.save(ADMIN, write_txt(BUDGET_LAW), "预算法.txt", SCENARIOS["a statute cited before it was held"][1])
    assert cited(linked, "question", "样例预算法") == ["resolved"]
    assert statute_references(linked, "样例预算法") == {
        "“样例预算法”第三条": "resolved", "预算法第二条": "resolved", "预算法第三条": "resolved",
        "本法第二条": "resolved"}

    assert cited(linked, "question", "样例审计法") == ["resolved"]
    linked.intake.save(ADMIN, write_txt(AUDIT_LAW_2025), "审计法.txt", SCENARIOS["a new version of a statute cited"][1])
    assert cited(linked, "question", "样例审计法") == ["no_such_article"]

    linked.intake.save(ADMIN, write_txt(DOCUMENT_RULES), "文书规定.txt", SCENARIOS["a statute that repeals another"][1])
    assert cited(linked, "case", "样例审计署规定") == ["repealed"]
    repealed = linked.library.find_statute("样例审计署规定")
    assert (repealed.repealed_on, repealed.repealed_by) == (dt.date(2024, 1, 1), "样例审计署文书规定")


def statute_references(kb, name: str) -> dict[str, str]:
    """Text → status of the references inside statutes to `name`."""
    with kb.db.session() as session:
        return dict(session.execute(select(CitationRecord.text, CitationRecord.status).where(
            CitationRecord.source_kind == "article", CitationRecord.cited_name == name)).all())


def count_queries(kb, work) -> int:
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(kb.db.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(kb.db.engine, "before_cursor_execute", count)
    return len(statements)


def test_apply_repeals_queries_do_not_grow_with_the_library(linked, tmp_path):
    def apply():
        with linked.db.session() as session, session.begin():
            apply_repeals(session)

    small = count_queries(linked, apply)
    rules = tmp_path / "more" / "部门规章"
    rules.mkdir(parents=True)
    for n in range(8):
        (rules / f"样例规定{n}(2023-01-01).md").write_text(
            f"# 样例第{n}号规定\n\n2023年1月1日 发布\n\n<!-- INFO END -->\n\n第一条 本规定自发布之日起施行。\n",
            encoding="utf-8")
    Importer(linked.db).import_path(tmp_path / "more")
    with linked.db.session() as session:
        assert session.scalar(select(func.count(Statute.id))) >= 15
    assert count_queries(linked, apply) == small <= 6


def test_the_index_refresh_writes_only_that_statutes_documents(linked):
    linked.search.rebuild()
    group = f"statute:{linked.library.find_statute('样例审计法').id}"
    before = segment_groups(linked)

    linked.intake.save(ADMIN, write_txt(AUDIT_LAW_2025), "审计法.txt", SCENARIOS["a new version of a statute cited"][1])

    after = segment_groups(linked)
    kept = {name: groups for name, groups in before.items() if name in after}
    written = {name: groups for name, groups in after.items() if name not in before}
    assert kept and all(after[name] == groups - {group} for name, groups in kept.items())
    assert list(written.values()) == [{group}]
    hits = linked.search.search("第十四届全国人民代表大会常务委员会第三次修正",
                                SearchFilters(law="样例审计法")).hits
    assert any(h.version_date == dt.date(2025, 6, 1) for h in hits)


def segment_groups(kb) -> dict[str, set[str]]:
    """Segment → the groups of its live documents."""
    return segment_terms(kb.search.store.open_index(), "group")
