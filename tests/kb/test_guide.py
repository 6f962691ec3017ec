"""The finding-to-law guide: seeding, editing by trainers, articles checked against the
library, related cases and matching a finding's words."""
import pytest

from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, StaleEdit
from kb.importer import Importer
from kb.guide.seed import read_seed, seed_guide
from kb.guide.values import BasisInput, GuideInput
from tests.support.environment import FIXTURES

SEED = FIXTURES / "guide" / "findings.toml"


@pytest.fixture
def guide_kb(citing_kb):
    summary = seed_guide(citing_kb.guide, SEED)
    assert (summary.created, summary.errors) == (2, [])
    return citing_kb


def entry_input(**overrides):
    fields = dict(slug="false-spending", title="虚假列支", category="预算执行",
                  keywords=("虚假列支", "虚列支出"), description="没有真实业务的支出。",
                  characterisation=(BasisInput("样例财政法", 2, paragraph=2),),
                  sanction=(BasisInput("样例财政法", 3, item=2),))
    fields.update(overrides)
    return GuideInput(**fields)


def test_seeding_creates_missing_entries_only(guide_kb):
    assert [e.slug for e in guide_kb.guide.list_entries()] == ["no-budget", "refusing-documents"]
    again = seed_guide(guide_kb.guide, SEED)
    assert (again.created, again.kept) == (0, 2)
    overwritten = seed_guide(guide_kb.guide, SEED, overwrite=True)
    assert overwritten.updated == 2


def test_an_entry_shows_its_articles_resolved(guide_kb):
    entry = guide_kb.guide.get_entry("no-budget")
    (char,), (sanction,) = entry.characterisation, entry.sanction
    assert char.resolved and char.law_title == "中华人民共和国样例财政法"
    assert "未列入预算的不得支出" in char.text and char.role_name == "定性依据"
    assert sanction.basis.label == "《样例财政法》第三条第（一）项"


def test_trainers_create_update_and_delete_entries(guide_kb, trainer, staff):
    heard = []
    guide_kb.guide.listeners.append(lambda event, entry_id: heard.append(event))
    with pytest.raises(PermissionDenied):
        guide_kb.guide.create_entry(staff, entry_input())
    created = guide_kb.guide.create_entry(trainer, entry_input())
    assert created.revision == 1 and [b.basis.label for b in created.basis] == [
        "《样例财政法》第二条第二款", "《样例财政法》第三条第（二）项"]
    updated = guide_kb.guide.update_entry(trainer, created.id, entry_input(title="虚列支出"), 1)
    assert updated.title == "虚列支出" and updated.revision == 2
    with pytest.raises(StaleEdit):
        guide_kb.guide.update_entry(trainer, created.id, entry_input(title="又改"), 1)
    with pytest.raises(Conflict):
        guide_kb.guide.create_entry(trainer, entry_input())
    guide_kb.guide.delete_entry(trainer, created.id, 2)
    assert "false-spending" not in [e.slug for e in guide_kb.guide.list_entries()]
    assert heard == ["saved", "saved", "deleted"]


def test_articles_must_exist_in_the_library(guide_kb, trainer):
    bad = entry_input(sanction=(BasisInput("样例财政法", 99),))
    with pytest.raises(InvalidInput, match="《样例财政法》第九十九条"):
        guide_kb.guide.create_entry(trainer, bad)
    with pytest.raises(InvalidInput, match="不存在法"):
        guide_kb.guide.create_entry(trainer, entry_input(characterisation=(BasisInput("不存在法", 1),)))
    with pytest.raises(InvalidInput, match="至少需要一条处理处罚依据"):
        guide_kb.guide.create_entry(trainer, entry_input(sanction=()))
    with pytest.raises(InvalidInput, match="编号"):
        guide_kb.guide.create_entry(trainer, entry_input(slug="带空格 的编号"))


def test_related_cases_attached_and_citing(guide_kb, trainer, staff, make_case_input):
    attached = guide_kb.cases.create_case(trainer, make_case_input(title="附上的案例", body="正文"),
                                          publish=True, uid="case-a")
    citing = guide_kb.cases.create_case(trainer, make_case_input(title="引用的草稿"))
    entry = guide_kb.guide.get_entry("no-budget")
    guide_kb.guide.update_entry(trainer, "no-budget", GuideInput(
        entry.slug, entry.title, entry.category, entry.keywords, entry.description, entry.advice,
        tuple(b.basis for b in entry.characterisation), tuple(b.basis for b in entry.sanction),
        ("case-a",)), entry.revision)
    related = guide_kb.guide.get_entry("no-budget", trainer).cases
    assert [(c.case_id, c.attached) for c in related] == [(attached.id, True), (citing.id, False)]
    assert [c.case_id for c in guide_kb.guide.get_entry("no-budget", staff).cases] == [attached.id]


def test_related_questions_come_from_their_citations(guide_kb):
    guide_kb.citations.record_text("question", 31, "依据《样例财政法》第二条，下列哪项支出不合规？")
    assert guide_kb.guide.get_entry("no-budget").question_ids == (31,)


def test_matching_a_findings_words(guide_kb):
    assert [m.entry.slug for m in guide_kb.guide.match("无预算支出")][:1] == ["no-budget"]
    assert [m.entry.slug for m in guide_kb.guide.match("拖延提供")] == ["refusing-documents"]
    assert [m.entry.slug for m in guide_kb.guide.match("预算")] == ["no-budget"]
    assert guide_kb.guide.match("与指南无关的话") == []
    assert guide_kb.guide.match("") == []
    found = guide_kb.guide.find_in_text("该局存在无预算支出的问题，且拒绝提供资料。")
    assert {m.entry.slug for m in found} == {"no-budget", "refusing-documents"}


def test_the_seed_file_names_the_bad_entry(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[[finding]]\nslug = "x"\n[[finding.sanction]]\nlaw = "法"\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="指南条目“x”"):
        read_seed(path)
    path.write_text("不是 toml = [", encoding="utf-8")
    with pytest.raises(InvalidInput, match="无法读取"):
        read_seed(path)


def test_the_summary_above_search_hits_follows_edits_and_the_library(guide_kb, trainer, tmp_path):
    guide = guide_kb.guide
    created = guide.create_entry(trainer, entry_input())
    first = guide.get_entry(created.id, related=False)
    assert first.title == "虚假列支" and "未列入预算的不得支出" in first.characterisation[0].text
    assert guide.get_entry(created.id, related=False) is first  # kept between searches
    guide.update_entry(trainer, created.id, entry_input(title="虚列支出"), 1)
    assert guide.get_entry(created.id, related=False).title == "虚列支出"
    # A new version of the statute with another wording of the article the entry rests on.
    source = FIXTURES / "citations" / "经济法" / "样例财政法(2022-01-01).md"
    amended = tmp_path / "经济法" / "样例财政法(2024-01-01).md"
    amended.parent.mkdir()
    amended.write_text(source.read_text(encoding="utf-8").replace(
        "未列入预算的不得支出", "预算以外的支出一律不得列支"), encoding="utf-8")
    Importer(guide_kb.db).import_path(tmp_path)
    assert "预算以外的支出一律不得列支" in guide.get_entry(created.id, related=False).characterisation[0].text
    guide.delete_entry(trainer, created.id, 2)
    with pytest.raises(NotFound):
        guide.get_entry(created.id, related=False)
