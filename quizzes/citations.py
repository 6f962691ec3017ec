"""The references a question's text makes (《审计法》第四十二条 in a stem or a 专家解题),
found by the citation linker of kb and stored as the question's citations, so that an
article's page lists the questions citing it (kb.citations.backlinks).

References are found before the write transaction (the linker may read the library) and
stored inside it, with the question, so the two never disagree.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from kb.citations.linker import Citation, CitationLinker
from kb.citations.models import SOURCE_QUESTION
from kb.citations.store import CitationStore
from quizzes.content import Content


def question_text(content: Content) -> str:
    """Every text of the question that may cite an article, one per line."""
    texts = [content.stem, content.explanation]
    for part in content.parts:
        texts += [part.stem, part.explanation]
    return "\n".join(t for t in texts if t)


class QuestionCitations:
    def __init__(self, linker: CitationLinker, store: CitationStore):
        self.linker = linker
        self.store = store

    def find(self, content: Content) -> list[Citation]:
        return self.linker.cite(question_text(content))

    def record(self, session: Session, question_id: int, citations: list[Citation]) -> None:
        self.store.record(session, SOURCE_QUESTION, question_id, citations, None)
