"""The finding-to-law guide as search documents: one per entry (title, keywords,
问题表现 and 审计提示), so the search page can narrow to the guide."""
from __future__ import annotations

from typing import Iterable, Iterator

from sqlalchemy import func, select

from kb.guide.models import GuideEntry
from kb.search.documents import DocumentMeta, IndexDocument

GUIDE_GROUP = "guide:"
KIND_GUIDE = "guide"


def guide_group(entry_id: int) -> str:
    return f"{GUIDE_GROUP}{entry_id}"


class GuideDocuments:
    prefix = GUIDE_GROUP

    def __init__(self, sessions):
        self.sessions = sessions

    def count(self) -> int:
        with self.sessions() as session:
            return session.scalar(select(func.count(GuideEntry.id))) or 0

    def groups(self) -> list[str]:
        with self.sessions() as session:
            return [guide_group(i) for i in
                    session.scalars(select(GuideEntry.id).order_by(GuideEntry.id))]

    def documents(self, groups: Iterable[str]) -> Iterator[IndexDocument]:
        ids = [int(g[len(GUIDE_GROUP):]) for g in groups if g.startswith(GUIDE_GROUP)]
        with self.sessions() as session:
            entries = session.scalars(select(GuideEntry).where(GuideEntry.id.in_(ids))).all()
            docs = [_document(entry) for entry in entries]
        yield from docs


def _document(entry: GuideEntry) -> IndexDocument:
    keywords = list(entry.keywords or ())
    body = "\n".join(p for p in (entry.description, entry.advice) if p)
    meta = DocumentMeta(law_title=entry.title, short_title=entry.category or "问题定性指引",
                        label=entry.category or "问题定性指引",
                        extra={"slug": entry.slug, "keywords": keywords})
    return IndexDocument(kind=KIND_GUIDE, key=f"guide:{entry.id}", group=guide_group(entry.id),
                         title=" ".join([entry.title, *keywords]), body=body or entry.title,
                         heading=entry.category or "", meta=meta)
