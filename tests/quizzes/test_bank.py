import pytest

from core.errors import InvalidInput, NotFound, PermissionDenied
from quizzes.bank import QuestionFilter
from tests.support.questions import CASE_DATA, SINGLE_DATA


def test_create_validates_articles_against_the_library(engine, trainer):
    question = engine.bank.create_question(trainer, SINGLE_DATA)
    assert question.status == "draft" and question.revision_no == 1 and question.author_name == "张培训"
    assert [c.text for c in question.citations] == ["《样例审计法》第二条"]
    with pytest.raises(InvalidInput, match="法条依据无效"):
        engine.bank.create_question(trainer, dict(SINGLE_DATA, articles="《样例审计法》第九十九条"))
    with pytest.raises(InvalidInput, match="法条依据无效：《不存在法》第一条（法规库中没有这部法规）"):
        engine.bank.create_question(trainer, dict(SINGLE_DATA, articles="《不存在法》第一条"))


@pytest.mark.parametrize("articles, expected", [
    ("《样例审计法》第二条、第三条之一；《样例审计法》第4条", ["第二条", "第三条之一", "第四条"]),
    ([{"statute": "样例审计法", "article": "三"}], ["第三条"]),
    (["样例审计法第五条"], ["第五条"]),
])
def test_article_reference_forms(engine, trainer, articles, expected):
    question = engine.bank.create_question(trainer, dict(SINGLE_DATA, articles=articles))
    assert [c.label for c in question.citations] == expected


def test_only_trainers_write(engine, staff):
    with pytest.raises(PermissionDenied):
        engine.bank.create_question(staff, SINGLE_DATA)


def test_review_needs_a_second_trainer_and_publish_needs_review(engine, trainer, reviewer, admin):
    qid = engine.bank.create_question(trainer, SINGLE_DATA).id
    assert engine.bank.publish(trainer, [qid]).refused == [(qid, f"试题 {qid} 尚未审核，审核后才能发布")]
    refused = engine.bank.review(trainer, [qid]).refused
    assert "需由其他培训管理员审核" in refused[0][1]
    assert engine.bank.review(reviewer, [qid]).done == [qid]
    assert engine.bank.publish(trainer, [qid]).done == [qid]
    detail = engine.bank.get_question(trainer, qid)
    assert (detail.status, detail.published_no) == ("published", 1)
    own = engine.bank.create_question(admin, SINGLE_DATA).id
    assert engine.bank.review(admin, [own]).done == [own]       # admins may review their own


def test_edit_makes_a_new_revision_and_keeps_the_published_one(engine, trainer, make_question):
    qid = make_question()
    edited = engine.bank.update_question(trainer, qid, dict(SINGLE_DATA, stem="改过的题干？"), note="修改题干")
    assert (edited.status, edited.revision_no, edited.published_no) == ("draft", 2, 1)
    revisions = engine.bank.revisions(trainer, qid)
    assert [r.content.stem for r in revisions] == [SINGLE_DATA["stem"], "改过的题干？"]
    assert revisions[1].note == "修改题干"
    with pytest.raises(InvalidInput, match="不能修改已有试题的题型"):
        engine.bank.update_question(trainer, qid, CASE_DATA)


def test_archive_and_return_to_draft(engine, trainer, make_question):
    qid = make_question()
    assert engine.bank.archive(trainer, [qid]).done == [qid]
    assert "已停用" in engine.bank.archive(trainer, [qid]).refused[0][1]
    assert engine.bank.return_to_draft(trainer, [qid]).done == [qid]
    assert engine.bank.get_question(trainer, qid).status == "draft"


def test_listing_filters(engine, trainer, make_question):
    single = make_question("single")
    case = make_question("case", publish=False)
    bank = engine.bank
    assert [q.id for q in bank.list_questions(trainer).items] == [case, single]
    assert [q.id for q in bank.list_questions(trainer, QuestionFilter(status="draft")).items] == [case]
    assert [q.id for q in bank.list_questions(trainer, QuestionFilter(qtype="case")).items] == [case]
    assert [q.id for q in bank.list_questions(trainer, QuestionFilter(tag="审计程序")).items] == [single]
    assert [q.id for q in bank.list_questions(trainer, QuestionFilter(text="教育局")).items] == [case]
    statute = engine.bank.resolver.library.find_statute("样例审计法").id
    assert {q.id for q in bank.list_questions(trainer, QuestionFilter(statute_id=statute)).items} == {single, case}
    page = bank.list_questions(trainer, QuestionFilter(page=2, page_size=1))
    assert (page.total, [q.id for q in page.items]) == (2, [single])


def test_unknown_question(engine, trainer):
    with pytest.raises(NotFound):
        engine.bank.get_question(trainer, 999)


def test_references_in_the_text_become_backlinks(engine, trainer, quiz_kb):
    data = dict(SINGLE_DATA, explanation="依据《样例审计法》第二条，审计机关……")
    qid = engine.bank.create_question(trainer, data).id
    statute = quiz_kb.library.find_statute("样例审计法").id
    assert [q.question_id for q in quiz_kb.backlinks.backlinks(statute, 2).questions] == [qid]
    engine.bank.update_question(trainer, qid, dict(data, explanation="见《样例审计法》第四条。"))
    assert quiz_kb.backlinks.backlinks(statute, 2).questions == ()
    assert [q.question_id for q in quiz_kb.backlinks.backlinks(statute, 4).questions] == [qid]


def test_a_case_question_may_name_a_case_of_the_library(engine, trainer, quiz_kb):
    from kb.cases.models import AuditType, Case
    with pytest.raises(InvalidInput, match="案例 99 不存在"):
        engine.bank.create_question(trainer, dict(CASE_DATA, case_id=99))
    with quiz_kb.db.session() as session, session.begin():
        kind = AuditType(name="预算执行审计")
        session.add(kind)
        session.flush()
        case = Case(uid="demo-1", title="某县教育局预算执行审计", audit_type_id=kind.id)
        session.add(case)
        session.flush()
        case_id = case.id
    question = engine.bank.create_question(trainer, dict(CASE_DATA, case_id=case_id))
    assert question.content.case_id == case_id
