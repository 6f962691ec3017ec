"""The search index's fields: names, types and why each exists.

ID fields hold one exact value (filtered or looked up, never analysed); TEXT fields are
analysed by `kb.search.analysis` and scored; STORED fields only come back with a hit.
A change here needs a rebuild (`python -m kb index`), hence `SCHEMA_VERSION`.
"""
from __future__ import annotations

from whoosh.fields import ID, STORED, TEXT, Schema

from kb.search.analysis import JiebaTokenizer

# Bump when fields or analysis change, so an old index is reported as needing a rebuild.
SCHEMA_VERSION = 1

# Unique identity of a document ("article:123"): updates replace by it. ID: exact, one value.
KEY = "key"
# Owner of a group of documents ("statute:7"): one statute is deleted/re-added as a unit,
# and the statute filter and named-statute look-ups use it. ID.
GROUP = "group"
# Document kind (article, statute, passage; cases add case, guide): the kinds filter. ID.
KIND = "kind"
# Article number with suffix ("34", "10-1"): citation look-up without scoring. ID.
ARTICLE = "article"
# 效力级别: the level filter and the level prior. ID, one of laws.model.LEVELS.
LEVEL = "level"
# 法律部门: the legal-branch filter. ID.
BRANCH = "branch"
# 现行有效 / 已被修改 / 已废止: current-only by default. ID.
STATUS = "status"
# Statute version id: the "in force on a date" filter selects versions, not dates, because
# versions are few (a NUMERIC date field would cost eight terms per document). ID.
VERSION = "version"
# Statute title and aliases on statute documents: finds a statute by its name. TEXT, boosted.
TITLE = "title"
# Chapter/section path (第五章 法律责任): a heading's words describe every article under it. TEXT.
HEADING = "heading"
# The text itself in jieba words with word-order positions: scoring and quoted phrases. TEXT.
BODY = "body"
# Sub-words of the long words in the text, frequencies only: recall for partial words. TEXT.
BODY_SUB = "body_sub"
# What a hit shows: display names, labels and dates; never searched. STORED.
DISPLAY = "display"

SCORED_FIELDS = (TITLE, HEADING, BODY, BODY_SUB)


def _text(*, phrase: bool = True, sub: bool = False, stored: bool = False) -> TEXT:
    # Without phrase positions Whoosh stores frequencies only: smaller and faster.
    return TEXT(analyzer=JiebaTokenizer(sub=sub), phrase=phrase, stored=stored)


def build_schema() -> Schema:
    return Schema(**{
        KEY: ID(unique=True, stored=True),
        GROUP: ID,
        KIND: ID(stored=True),
        ARTICLE: ID,
        LEVEL: ID(stored=True),
        BRANCH: ID,
        STATUS: ID(stored=True),
        VERSION: ID,
        TITLE: _text(phrase=False),
        HEADING: _text(phrase=False),
        BODY: _text(stored=True),
        BODY_SUB: _text(phrase=False, sub=True),
        DISPLAY: STORED,
    })
