import datetime as dt

from sqlalchemy import select

from quizzes.models import ReviewItem
from quizzes.review import INTERVAL_DAYS, record_result

T0 = dt.datetime(2025, 3, 3, 1, 0)


def entry(session, user_id, question_id):
    return session.scalars(select(ReviewItem).where(ReviewItem.user_id == user_id,
                                                    ReviewItem.question_id == question_id)).first()


def test_leitner_boxes(quiz_kb, make_question, staff):
    qid = make_question("true_false")
    with quiz_kb.db.session() as session, session.begin():
        record_result(session, staff.id, qid, 1, True, T0)
        assert entry(session, staff.id, qid) is None              # right at once: nothing to review
        record_result(session, staff.id, qid, 1, False, T0)
        item = entry(session, staff.id, qid)
        assert (item.box, item.due_at) == (1, T0 + dt.timedelta(days=1))
        when = T0
        for box in range(2, 6):
            when += dt.timedelta(days=INTERVAL_DAYS[box - 1])
            record_result(session, staff.id, qid, 1, True, when)
            assert (item.box, item.due_at) == (box, when + dt.timedelta(days=INTERVAL_DAYS[box]))
        record_result(session, staff.id, qid, 1, True, when + dt.timedelta(days=30))
        assert item.mastered_at is not None
        record_result(session, staff.id, qid, 1, False, when + dt.timedelta(days=60))
        assert (item.box, item.mastered_at, item.wrong_count) == (1, None, 2)
