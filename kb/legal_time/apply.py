"""Writing legal time onto the library's rows: the shipped data file and administrators'
corrections onto versions (after every import), repeals onto statutes (after every link
run).  Readers then see one set of columns (kb.library, the resolver, search)."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.actor import Actor
from kb.citations.models import StatuteRepeal
from kb.citations.names import normalise_name
from kb.legal_time.data import LegalTimeData
from kb.legal_time.models import (FIELD_EFFECTIVE, FIELD_PROMULGATED, FIELD_REPEAL,
                                  LegalTimeCorrection)
from kb.legal_time.rules import start_of
from kb.library_changes import record_repeal_change
from kb.models import Statute
from kb.search.documents import statute_group
from kb.search.feed import record_search_change
from laws.model import EFFECTIVE_ADMIN, EFFECTIVE_DATA, EFFECTIVE_NONE

# StatuteRepeal.source values, most trusted last.
REPEAL_DATA = "data"           # kb/data/repeals.toml
REPEAL_CLAUSE = "clause"       # …同时废止 in a statute of the library
REPEAL_DECISION = "decision"   # a 关于废止…的决定 in the library
REPEAL_ADMIN = "admin"
REPEAL_SOURCES = {REPEAL_DATA: "内置数据", REPEAL_CLAUSE: "新法废止条款",
                  REPEAL_DECISION: "废止决定", REPEAL_ADMIN: "管理员更正"}
_RANK = {REPEAL_DATA: 0, REPEAL_CLAUSE: 1, REPEAL_DECISION: 1, REPEAL_ADMIN: 2}


def latest_corrections(session: Session, keys: Iterable[str] | None = None) -> dict:
    """(statute key, version date, field) → the newest correction."""
    query = select(LegalTimeCorrection).order_by(LegalTimeCorrection.id)
    if keys is not None:
        query = query.where(LegalTimeCorrection.statute_key.in_(list(keys)))
    return {(c.statute_key, c.version_date, c.field): c for c in session.scalars(query)}


def refresh_dates(session: Session, data: LegalTimeData,
                  statute_ids: Iterable[int] | None = None) -> None:
    """Fill 施行日期 the texts do not state from the data file, then apply corrections."""
    query = select(Statute)
    if statute_ids is not None:
        query = query.where(Statute.id.in_(list(statute_ids)))
    statutes = session.scalars(query).all()
    corrections = latest_corrections(session, [s.key for s in statutes])
    for statute in statutes:
        name = normalise_name(statute.title)
        for version in statute.versions:
            entry = data.amendments.get((name, version.version_date))
            if entry is not None and version.effective_source in (EFFECTIVE_NONE, EFFECTIVE_DATA):
                version.effective_date = entry.effective
                version.effective_source = EFFECTIVE_DATA
                version.effective_note = f"{entry.decision}：“{entry.clause}”"[:300]
            fixed = corrections.get((statute.key, version.version_date, FIELD_PROMULGATED))
            if fixed is not None:
                version.promulgated = fixed.value
            fixed = corrections.get((statute.key, version.version_date, FIELD_EFFECTIVE))
            if fixed is not None:
                version.effective_date = fixed.value
                version.effective_source = EFFECTIVE_ADMIN
                version.effective_note = fixed.note[:300]


def data_repeal_rows(data: LegalTimeData) -> list[dict]:
    return [{"name": name, "title": entry.statute[:300], "repealed_on": entry.repealed_on,
             "by_title": entry.by[:300], "source": REPEAL_DATA, "note": entry.source[:300],
             "by_statute_id": None, "by_version_id": None, "by_article_no": None}
            for name, entry in data.repeals.items()]


def repeal_precedence(row) -> tuple:
    """Which of several repeals of one name stands: the most trusted source, then the
    latest date; the remaining fields only make the choice independent of the order the
    rows were stored in (a full link and an intake's incremental one store them differently)."""
    return (_RANK.get(row.source, 0), row.repealed_on or dt.date.min, row.by_version_id or 0,
            row.by_article_no or 0, row.title, row.by_title or "")


def apply_repeals(session: Session, statute_ids: Iterable[int] | None = None,
                  actor: Actor | None = None) -> None:
    """Set each statute's repeal from the repeal table and the corrections.

    A repeal dated before one of the statute's stored versions took effect concerns an
    older namesake (a new 条例 repealing the old one of the same title) and is ignored.
    A bounded number of queries, however many statutes (the versions are loaded at once)."""
    found: dict[str, list[StatuteRepeal]] = {}
    for row in session.scalars(select(StatuteRepeal)):
        found.setdefault(row.name, []).append(row)
    corrections = {key[0]: c for key, c in latest_corrections(session).items()
                   if key[2] == FIELD_REPEAL}
    titles = dict(session.execute(select(Statute.id, Statute.title)).all())
    query = select(Statute).options(selectinload(Statute.versions))
    if statute_ids is not None:
        query = query.where(Statute.id.in_(list(statute_ids)))
    for statute in session.scalars(query):
        repealed_on, by, source = None, None, None
        starts = [start_of(v) for v in statute.versions if start_of(v)]
        rows = [r for r in found.get(normalise_name(statute.title), ())
                if r.by_statute_id != statute.id
                and (r.repealed_on is None or all(s < r.repealed_on for s in starts))]
        if rows:
            best = max(rows, key=repeal_precedence)
            repealed_on = best.repealed_on
            by = titles.get(best.by_statute_id) or best.by_title
            source = REPEAL_SOURCES.get(best.source, best.source) + (
                f"：{best.note}" if best.note else "")
        fixed = corrections.get(statute.key)
        if fixed is not None:
            repealed_on, by = fixed.value, fixed.by_title if fixed.value else None
            source = f"{REPEAL_SOURCES[REPEAL_ADMIN]}：{fixed.note}" if fixed.value else None
        before = statute.repealed_on
        statute.repealed_on, statute.repealed_by = repealed_on, by
        statute.repeal_source = source[:300] if source else None
        record_repeal_change(session, statute, before, actor)
        if before != repealed_on:
            record_search_change(session, statute_group(statute.id))
