"""The citation linker: finds the references in a text and resolves each one.

`CitationLinker.cite(text, on)` is what every caller uses (rendering, the citation check,
the backlinks of cases and questions, `python -m kb cite`).  It keeps a snapshot of the
library and re-reads it when an import or a link run has changed the library.
"""
from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from kb.citations.finder import Reference, ReferenceFinder, ScanContext, book_titles
from kb.citations.resolver import (STATUS_NAMES, STATUS_NOT_HELD, STATUS_REPEALED,
                                   LibrarySnapshot, Resolution, library_stamp, resolve)
from core.clock import Clock
from kb.legal_time.rules import version_status
from kb.models import STATUS_AMENDED, STATUS_CURRENT
from kb.models import STATUS_REPEALED as STATUS_WORD_REPEALED
from kb.citations.names import INNER_QUOTES, normalise_name
from laws.titles import normalise_title
from laws.numbering import format_article_label


@dataclass(frozen=True)
class Citation:
    """A reference found in a text, with where it resolves to."""
    text: str
    start: int
    end: int
    cited_name: str
    law_title: str
    short_title: str
    statute_id: int | None
    article_no: int
    article_suffix: int
    paragraphs: tuple[int, ...]
    items: tuple[int, ...]
    implied: bool
    status: str
    resolved: bool
    version_id: int | None
    version_date: dt.date | None
    exact_version: bool
    unit_id: int | None
    repealed_on: dt.date | None = None
    repealed_by: str | None = None
    version_year: int | None = None
    # Why the version is not the one in force on the text's date, or what the library
    # knows of a statute it holds no text of (库中没有 2021-12-01 时有效的版本；…).
    notice: str = ""
    # The cited statute's status on the text's date (现行有效/已修改/已废止/尚未施行; "" when
    # the library knows nothing of the statute).
    statute_status: str = ""

    @property
    def paragraph(self) -> int | None:
        return self.paragraphs[0] if self.paragraphs else None

    @property
    def item(self) -> int | None:
        return self.items[0] if self.items else None

    @property
    def article_label(self) -> str:
        return format_article_label(self.article_no, self.article_suffix)

    @property
    def status_text(self) -> str:
        return STATUS_NAMES[self.status]

    def to_json(self) -> dict:
        return {
            "text": self.text, "start": self.start, "end": self.end,
            "law_title": self.law_title, "short_title": self.short_title,
            "statute_id": self.statute_id, "article_no": self.article_no,
            "article_suffix": self.article_suffix, "article_label": self.article_label,
            "paragraph": self.paragraph, "item": self.item,
            "paragraphs": list(self.paragraphs), "items": list(self.items),
            "resolved": self.resolved, "status": self.status,
            "version_id": self.version_id,
            "version_date": self.version_date.isoformat() if self.version_date else None,
            "exact_version": self.exact_version, "implied": self.implied,
            "repealed_on": self.repealed_on.isoformat() if self.repealed_on else None,
            "repealed_by": self.repealed_by, "successor": self.repealed_by,
            "statute_status": self.statute_status, "notice": self.notice,
        }

    @property
    def version_absent(self) -> bool:
        return self.version_id is not None and not self.exact_version


def make_citation(ref: Reference, res: Resolution, on: dt.date | None = None) -> Citation:
    statute, version = res.statute, res.version
    if statute is not None:
        title, short = statute.title, statute.short_title
    elif res.repeal is not None:
        title, short = res.repeal.title, normalise_name(res.repeal.title)
    else:
        title, short = written_title(ref), ref.name
    repeal = res.repeal
    return Citation(
        text=ref.text, start=ref.start, end=ref.end, cited_name=ref.name,
        law_title=title, short_title=short, statute_id=statute.id if statute else None,
        article_no=ref.article_no, article_suffix=ref.article_suffix,
        paragraphs=ref.paragraphs, items=ref.items, implied=ref.implied,
        status=res.status, resolved=res.resolved,
        version_id=version.id if version else None,
        version_date=version.version_date if version else None,
        exact_version=res.exact_version if version else False, unit_id=res.unit_id,
        repealed_on=repeal.repealed_on if repeal else None,
        repealed_by=(repeal.by_title or None) if repeal else None,
        version_year=ref.version_year, notice=res.notice, statute_status=legal_status(res, on))


def legal_status(res: Resolution, on: dt.date | None) -> str:
    """The cited statute's status on the text's date (today's when no date is given)."""
    if res.status == STATUS_REPEALED:
        return STATUS_WORD_REPEALED
    if res.status == STATUS_NOT_HELD:
        return STATUS_CURRENT
    if res.statute is None or res.version is None:
        return ""
    versions = list(res.statute.versions)
    if on is None:
        return STATUS_CURRENT if res.version is versions[-1] else STATUS_AMENDED
    return version_status(versions, res.version, on, res.statute.repealed_on) \
        if res.exact_version else STATUS_CURRENT


def written_title(ref: Reference) -> str:
    """An unknown statute's title as the text writes it (with 中华人民共和国 if given)."""
    titles = book_titles(ref.text)
    if titles:
        written = normalise_title(titles[0][2]).translate(INNER_QUOTES)
        if normalise_name(written) == ref.name:
            return written
    return ref.name


class CitationLinker:
    """Finds and resolves references.  Takes a session factory (`Database.session`)."""

    def __init__(self, sessions, clock: Clock | None = None):
        self.sessions = sessions
        self.clock = clock or Clock()
        self._snapshot: LibrarySnapshot | None = None
        self._lock = threading.Lock()

    def snapshot(self, refresh: bool = False) -> LibrarySnapshot:
        """The library snapshot, re-read when the library has changed since."""
        with self.sessions() as session:
            stamp = library_stamp(session)
            with self._lock:
                if refresh or self._snapshot is None or self._snapshot.stamp != stamp:
                    self._snapshot = LibrarySnapshot.load(session, self.sessions)
                self._snapshot.today = self.clock.today_local()
                return self._snapshot

    def cite(self, text: str, on: dt.date | None = None, *,
             own_statute_id: int | None = None, own_version_id: int | None = None,
             context: ScanContext | None = None) -> list[Citation]:
        """Every reference in `text`, resolved for the date `on` (None: current versions).

        Inside a statute pass its id and version: bare 第N条 and 本法 then refer to it."""
        snapshot = self.snapshot()
        own = None
        if own_statute_id is not None:
            statute = snapshot.statutes.get(own_statute_id)
            version = next((v for v in statute.versions if v.id == own_version_id),
                           statute.versions[-1]) if statute else None
            own = (statute, version) if statute and version else None
        context = context or ScanContext(in_statute=own is not None)
        refs = ReferenceFinder(snapshot.names).find(text, context)
        return [make_citation(ref, resolve(snapshot, ref, on, own), on or snapshot.today)
                for ref in refs]
