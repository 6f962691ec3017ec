import json
from collections import Counter

import pytest

from accounts.permissions import actor_of
from accounts.user import ROLE_ADMIN, User
from quizzes.content import parse_content
from quizzes.sample import SAMPLE_BANK


def sample_questions():
    return json.loads(SAMPLE_BANK.read_text(encoding="utf-8"))["questions"]


def test_the_sample_bank_is_well_formed():
    questions = sample_questions()
    types = Counter(q["type"] for q in questions)
    assert len(questions) >= 40 and types["case"] >= 5 and set(types) == {"single", "multiple", "true_false", "fill", "case"}
    assert len({q["key"] for q in questions}) == len(questions)
    for question in questions:
        content = parse_content(question)           # answers, options, blanks all valid
        assert question["articles"] and content.explanation


@pytest.mark.corpus
def test_the_sample_bank_loads_once_against_the_real_statutes(corpus_kb):
    with corpus_kb.db.session() as session, session.begin():
        admin = User(username="sample-loader-admin", display_name="样例管理员", role=ROLE_ADMIN, password_hash="!")
        session.add(admin)
        session.flush()
        admin_id = admin.id
    engine = corpus_kb
    admin = actor_of(engine.users.get_user(admin_id))
    first = engine.samples.load(admin)
    assert first.errors == [] and len(first.created) == len(sample_questions())
    second = engine.samples.load(admin)
    assert (second.created, second.existing) == ([], len(sample_questions()))
    question = engine.bank.get_question(admin, first.created[0])
    assert question.status == "published" and question.citations[0].short_title == "审计法"
