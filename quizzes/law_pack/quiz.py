"""The self-check quiz of a pack: published objective questions of the bank (单选, 多选,
判断, 填空) that test the pack's articles, in print form with the answers kept apart for
the last page.  Options are printed in the order written: a handout is not shuffled."""
from __future__ import annotations

from sqlalchemy import select

from quizzes.bank import PUBLISHED
from quizzes.content import FILL, MULTIPLE, OPTION_LETTERS, SINGLE, TRUE_FALSE, TYPE_NAMES
from quizzes.law_pack.values import PackQuestion, plain
from quizzes.models import Question, QuestionRevision
from quizzes.transactions import SessionFactory, read_session

OBJECTIVE = (SINGLE, MULTIPLE, TRUE_FALSE, FILL)
ArticleKey = tuple[int, int, int]


class PackQuiz:
    def __init__(self, sessions: SessionFactory):
        self.sessions = sessions

    def questions(self, articles: dict[ArticleKey, str], count: int) -> tuple[PackQuestion, ...]:
        """Up to `count` questions on `articles` (key → label as the pack prints it); those
        testing more of the pack's articles first, then the oldest (a stable choice: the
        same pack prints the same quiz)."""
        if count <= 0 or not articles:
            return ()
        with read_session(self.sessions) as session:
            rows = session.execute(
                select(Question.id, QuestionRevision)
                .join(QuestionRevision, (QuestionRevision.question_id == Question.id)
                      & (QuestionRevision.number == Question.published_no))
                .where(Question.status == PUBLISHED, Question.qtype.in_(OBJECTIVE))
                .order_by(Question.id)).all()
            scored = []
            for question_id, revision in rows:
                keys = [tuple(a) for a in revision.articles or () if len(a) == 3]
                hits = [articles[k] for k in keys if k in articles]
                if hits:
                    scored.append((-len(hits), question_id, revision, hits))
        scored.sort(key=lambda row: row[:2])
        return tuple(_printed(number, revision, hits)
                     for number, (_, _, revision, hits) in enumerate(scored[:count], start=1))


def _printed(number: int, revision: QuestionRevision, hits: list[str]) -> PackQuestion:
    options = tuple((OPTION_LETTERS[i], plain(o["text"])) for i, o in enumerate(revision.options or ()))
    # A 判断题 on paper leaves the brackets to write 对 or 错 in.
    stem = plain(revision.stem) + ("（　）" if revision.qtype == TRUE_FALSE else "")
    return PackQuestion(number, TYPE_NAMES[revision.qtype], stem, options,
                        answer_text(revision.qtype, revision.answer, revision.options or ()),
                        plain(revision.explanation), "、".join(dict.fromkeys(hits)))


def answer_text(qtype: str, answer, options) -> str:
    """The answer as a printed key says it: B; A、C、D; 正确; 十日（或 10日）."""
    letters = {o["id"]: OPTION_LETTERS[i] for i, o in enumerate(options)}
    if qtype == SINGLE:
        return letters.get(answer, "")
    if qtype == MULTIPLE:
        return "、".join(sorted(letters[a] for a in answer or () if a in letters))
    if qtype == TRUE_FALSE:
        return "正确" if answer else "错误"
    blanks = []
    for alternatives in answer or ():
        first, *others = alternatives
        blanks.append(first + (f"（或{'、'.join(others)}）" if others else ""))
    return "；".join(blanks)
