"""The case service: who may see and change what, revisions, optimistic locking."""
import datetime as dt

import pytest

from kb.cases.models import STATUS_DRAFT, STATUS_PUBLISHED
from core.errors import InvalidInput, NotFound, PermissionDenied, StaleEdit


def test_a_trainer_creates_a_draft_that_staff_cannot_see(citing_kb, trainer, staff, make_case_input):
    case = citing_kb.cases.create_case(trainer, make_case_input())
    assert case.status == STATUS_DRAFT and case.revision == 1 and case.uid
    assert case.created_by == "trainer1（trainer）"
    with pytest.raises(NotFound):
        citing_kb.cases.get_case(staff, case.id)
    assert citing_kb.cases.list_cases(staff).total == 0
    assert citing_kb.cases.list_cases(trainer).total == 1
    assert citing_kb.cases.get_case(trainer, case.uid).title == "某局无预算支出案"


def test_staff_may_not_write(citing_kb, staff, trainer, make_case_input):
    with pytest.raises(PermissionDenied, match="培训管理员"):
        citing_kb.cases.create_case(staff, make_case_input())
    case = citing_kb.cases.create_case(trainer, make_case_input(), publish=True)
    with pytest.raises(PermissionDenied):
        citing_kb.cases.update_case(staff, case.id, make_case_input(title="改"), 1)
    with pytest.raises(PermissionDenied):
        citing_kb.cases.list_revisions(staff, case.id)
    with pytest.raises(PermissionDenied):
        citing_kb.cases.preview(staff, "正文")
    assert citing_kb.cases.get_case(staff, case.id).status == STATUS_PUBLISHED


def test_input_is_checked_with_every_problem_named(citing_kb, trainer, make_case_input):
    with pytest.raises(InvalidInput) as error:
        citing_kb.cases.create_case(trainer, make_case_input(title=" ", tags=tuple(f"t{i}" for i in range(30))))
    assert "标题不能为空" in str(error.value) and "标签不能超过20个" in str(error.value)
    with pytest.raises(InvalidInput, match="没有名为“不存在的类型”的审计类型"):
        citing_kb.cases.create_case(trainer, make_case_input(audit_type="不存在的类型"))
    with pytest.raises(InvalidInput, match="正文为空"):
        citing_kb.cases.create_case(trainer, make_case_input(body=""), publish=True)


def test_tags_are_trimmed_and_deduplicated(citing_kb, trainer, make_case_input):
    case = citing_kb.cases.create_case(trainer, make_case_input(tags="化整为零, 政府采购，化整为零 #招标"))
    assert case.tags == ("化整为零", "政府采购", "招标")
    updated = citing_kb.cases.update_case(trainer, case.id, make_case_input(tags=("招标", "化整为零")), 1)
    assert updated.tags == ("招标", "化整为零")
    assert citing_kb.cases.list_tags(trainer)[0] in (("招标", 1), ("化整为零", 1))


def test_every_edit_is_a_revision_with_author_time_and_changes(citing_kb, trainer, other_trainer,
                                                              make_case_input, clock):
    case = citing_kb.cases.create_case(trainer, make_case_input())
    clock.advance(hours=1)
    body = make_case_input().body + "\n\n## 整改情况\n\n已整改。"
    second = citing_kb.cases.update_case(other_trainer, case.id, make_case_input(body=body), 1,
                                         note="补充整改情况")
    assert second.revision == 2 and second.updated_by == "trainer2（trainer）"
    revisions = citing_kb.cases.list_revisions(trainer, case.id)
    assert [r.number for r in revisions] == [2, 1]
    assert revisions[0].changed == ("body",) and revisions[0].changed_names == ("正文",)
    assert revisions[0].note == "补充整改情况" and revisions[0].author == "trainer2（trainer）"
    assert revisions[0].created_at - revisions[1].created_at == dt.timedelta(hours=1)
    diff = citing_kb.cases.diff_revisions(trainer, case.id, 1)
    assert not diff.fields and [line.text for line in diff.body if line.kind == "+"] == ["", "## 整改情况", "", "已整改。"]


def test_saving_without_changes_makes_no_revision(citing_kb, trainer, make_case_input):
    case = citing_kb.cases.create_case(trainer, make_case_input())
    same = citing_kb.cases.update_case(trainer, case.id, make_case_input(), 1)
    assert same.revision == 1 and len(citing_kb.cases.list_revisions(trainer, case.id)) == 1


def test_an_edit_based_on_an_old_revision_is_refused_and_nothing_is_lost(
        citing_kb, trainer, other_trainer, make_case_input):
    case = citing_kb.cases.create_case(trainer, make_case_input())
    citing_kb.cases.update_case(other_trainer, case.id, make_case_input(title="第二位培训管理员的标题"), 1)
    with pytest.raises(StaleEdit) as error:
        citing_kb.cases.update_case(trainer, case.id, make_case_input(title="第一位的标题"), 1)
    assert error.value.current_revision == 2 and error.value.based_on == 1
    assert "已被trainer2（trainer）" in str(error.value) and "第2版" in str(error.value)
    current = citing_kb.cases.get_case(trainer, case.id)
    assert current.title == "第二位培训管理员的标题" and current.revision == 2
    with pytest.raises(StaleEdit):
        citing_kb.cases.publish_case(trainer, case.id, 1)
    with pytest.raises(StaleEdit):
        citing_kb.cases.delete_case(trainer, case.id, 1)


def test_restoring_an_old_revision_makes_a_new_one(citing_kb, trainer, make_case_input):
    case = citing_kb.cases.create_case(trainer, make_case_input(title="原标题"))
    citing_kb.cases.update_case(trainer, case.id, make_case_input(title="改后的标题", body="新正文"), 1)
    restored = citing_kb.cases.restore_revision(trainer, case.id, 1, expected_revision=2)
    assert restored.title == "原标题" and restored.revision == 3
    assert citing_kb.cases.list_revisions(trainer, case.id)[0].note == "恢复自第1版"
    assert citing_kb.cases.get_revision(trainer, case.id, 2).content.title == "改后的标题"
    diff = citing_kb.cases.diff_revisions(trainer, case.id, 2, 3)
    assert [(f.label, f.old, f.new) for f in diff.fields] == [("标题", "改后的标题", "原标题")]
    with pytest.raises(NotFound, match="第9版"):
        citing_kb.cases.get_revision(trainer, case.id, 9)


def test_publishing_and_withdrawing(citing_kb, trainer, staff, make_case_input):
    case = citing_kb.cases.create_case(trainer, make_case_input())
    published = citing_kb.cases.publish_case(trainer, case.id, 1)
    assert published.status == STATUS_PUBLISHED and published.published_at is not None
    assert citing_kb.cases.get_case(staff, case.id).title
    withdrawn = citing_kb.cases.unpublish_case(trainer, case.id, published.revision)
    assert withdrawn.status == STATUS_DRAFT
    with pytest.raises(NotFound):
        citing_kb.cases.get_case(staff, case.id)


def test_saving_links_citations_and_lists_the_unresolved(citing_kb, trainer, staff, make_case_input):
    body = "违反了《样例财政法》第二条，依据《不存在的办法》第五条处理。"
    case = citing_kb.cases.create_case(trainer, make_case_input(body=body))
    assert [c.short_title for c in case.unresolved] == ["不存在的办法"]
    finance = citing_kb.library.find_statute("样例财政法").id
    assert [c.case_id for c in citing_kb.backlinks.backlinks(finance, 2, viewer=trainer).cases] == [case.id]
    assert citing_kb.backlinks.backlinks(finance, 2, viewer=staff).cases == ()
    citing_kb.cases.update_case(trainer, case.id, make_case_input(body="改为不引用"), 1)
    assert citing_kb.backlinks.backlinks(finance, 2, viewer=trainer).cases == ()


def test_rendering_a_case_links_for_its_date(citing_kb, trainer, make_case_input):
    case = citing_kb.cases.create_case(
        trainer, make_case_input(body="依据《样例审计法》第四条", case_date=dt.date(2015, 6, 1)))
    rendered = citing_kb.cases.render_case(trainer, case.id, lambda c: f"/v/{c.version_id}")
    (citation,) = rendered.citations
    assert citation.version_date == dt.date(2006, 2, 28)
    assert f'href="/v/{citation.version_id}"' in rendered.html and rendered.case.id == case.id


def test_the_list_filters_and_pages(citing_kb, trainer, make_case_input):
    for i in range(5):
        citing_kb.cases.create_case(trainer, make_case_input(
            title=f"案例{i}", audit_type="政府采购" if i % 2 else "预算执行",
            case_date=dt.date(2020 + i, 1, 1), tags=("甲",) if i < 2 else ("乙",)), publish=True)
    page = citing_kb.cases.list_cases(trainer, per_page=2, page=2)
    assert page.total == 5 and page.pages == 3 and [c.title for c in page.items] == ["案例2", "案例1"]
    assert citing_kb.cases.list_cases(trainer, audit_type="政府采购").total == 2
    assert citing_kb.cases.list_cases(trainer, tag="甲").total == 2
    assert citing_kb.cases.list_cases(trainer, text="案例3").total == 1


def test_deleting_a_case_removes_its_citations(citing_kb, trainer, make_case_input):
    case = citing_kb.cases.create_case(trainer, make_case_input())
    citing_kb.cases.delete_case(trainer, case.id, 1)
    with pytest.raises(NotFound):
        citing_kb.cases.get_case(trainer, case.id)
    finance = citing_kb.library.find_statute("样例财政法").id
    assert citing_kb.backlinks.backlinks(finance, 2, viewer=trainer).cases == ()


def test_audit_types_are_an_editable_list(citing_kb, trainer, staff, make_case_input):
    types = citing_kb.audit_types
    names = [t.name for t in types.list_types()]
    assert names[:7] == ["预算执行", "经济责任", "政府投资", "自然资源资产", "民生资金", "国有企业", "金融"]
    added = types.add_type(trainer, "  社会保障 ")
    assert added.name == "社会保障"
    with pytest.raises(PermissionDenied):
        types.add_type(staff, "其他类型")
    from core.errors import Conflict
    with pytest.raises(Conflict):
        types.add_type(trainer, "金融")
    types.rename_type(trainer, added.id, "社会保险")
    reordered = types.reorder(trainer, [added.id])
    assert reordered[0].name == "社会保险"
    case = citing_kb.cases.create_case(trainer, make_case_input(audit_type="社会保险"))
    types.set_active(trainer, added.id, False)
    assert "社会保险" not in [t.name for t in types.list_types()]
    with pytest.raises(InvalidInput, match="已停用"):
        citing_kb.cases.create_case(trainer, make_case_input(audit_type="社会保险"))
    # A case keeps its retired type through later edits.
    edited = citing_kb.cases.update_case(trainer, case.id, make_case_input(audit_type="社会保险",
                                                                           title="新标题"), 1)
    assert edited.audit_type == "社会保险"
    assert [t.case_count for t in types.list_types(include_inactive=True) if t.id == added.id] == [1]


def test_listeners_hear_committed_saves_and_deletes(citing_kb, trainer, make_case_input):
    heard = []
    citing_kb.cases.listeners.append(lambda event, case_id: heard.append((event, case_id)))
    case = citing_kb.cases.create_case(trainer, make_case_input())
    citing_kb.cases.update_case(trainer, case.id, make_case_input(), 1)  # no change: silent
    citing_kb.cases.publish_case(trainer, case.id, 1)
    with pytest.raises(StaleEdit):
        citing_kb.cases.publish_case(trainer, case.id, 1)
    citing_kb.cases.delete_case(trainer, case.id, 2)
    assert heard == [("saved", case.id), ("saved", case.id), ("deleted", case.id)]
