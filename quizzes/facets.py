"""What the question bank covers: the statutes its questions test and the topics (tags)
they carry, with counts — the choices of the bank's filters and of 自测."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizzes.models import Question, QuestionRevision


@dataclass(frozen=True)
class Facet:
    key: str            # statute id (as text) or the tag itself
    label: str
    count: int


@dataclass(frozen=True)
class BankFacets:
    statutes: tuple[Facet, ...]
    tags: tuple[Facet, ...]


def revision_facets(session: Session, number_column, statuses: Iterable[str],
                    statute_name: Callable[[int], str]) -> BankFacets:
    """Facets over one revision per question (`number_column`: Question.latest_no or
    Question.published_no) of the questions in `statuses`."""
    rows = session.execute(
        select(QuestionRevision.articles, QuestionRevision.tags)
        .join(Question, (Question.id == QuestionRevision.question_id)
              & (QuestionRevision.number == number_column))
        .where(Question.status.in_(list(statuses)))).all()
    statutes: Counter = Counter()
    tags: Counter = Counter()
    for articles, item_tags in rows:
        statutes.update({a[0] for a in articles or ()})
        tags.update(set(item_tags or ()))
    statute_rows = sorted((Facet(str(s), statute_name(s), n) for s, n in statutes.items()),
                          key=lambda f: (-f.count, f.label))
    tag_rows = sorted((Facet(t, t, n) for t, n in tags.items()), key=lambda f: (-f.count, f.label))
    return BankFacets(tuple(statute_rows), tuple(tag_rows))
