"""The search index's fields: names, types and why each exists.

ID fields hold one exact value (filtered or looked up, never analysed); TEXT fields are
analysed by `kb.search.analysis` and scored; STORED fields only come back with a hit.
A change here needs a rebuild (`python -m kb index`), hence `SCHEMA_VERSION`.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.formats import Positions

from kb.search.analysis import JiebaTokenizer
from kb.search.whoosh_internals import encode_frequency, encode_positions

# Bump when fields or analysis change, so an old index is reported as needing a rebuild.
SCHEMA_VERSION = 5  # 4: court cases are their own kind (court_case); 5: variant forms folded (analysis.normalise)

# Identity of a document ("article:123"), shown with hits. STORED: never looked up, since
# updates replace whole groups.
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
# 现行有效 / 已修改 / 已废止: current-only by default. ID.
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


class WordsText(TEXT):
    """TEXT that indexes a ready list of words directly.

    Whoosh turns a word list into a Token object per word before counting; for the whole
    corpus that is a fifth of the build.  The postings are the same bytes Whoosh writes
    (Positions: count + pickled position deltas; Frequency: count).  A plain string still
    goes through the analyzer.
    """

    def index(self, value, **kwargs):
        if not isinstance(value, (list, tuple)):
            yield from super().index(value, **kwargs)
        elif isinstance(self.format, Positions):
            positions: dict[str, list[int]] = defaultdict(list)
            for position, word in enumerate(value):
                positions[word].append(position)
            for word, where in positions.items():
                yield (word.encode("utf-8"), len(where), float(len(where)),
                       encode_positions(where))
        else:
            for word, count in Counter(value).items():
                yield word.encode("utf-8"), count, float(count), encode_frequency(count)


class ValueID(ID):
    """ID that indexes its one value without running Whoosh's analyzer chain (the same
    posting: the value, present once); seven such fields per document add up in a build."""

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
        else:
            yield value.encode("utf-8"), 1, self.format.field_boost, b""


def _text(*, phrase: bool = True, sub: bool = False, stored: bool = False) -> TEXT:
    # Without phrase positions Whoosh stores frequencies only: smaller and faster.
    return WordsText(analyzer=JiebaTokenizer(sub=sub), phrase=phrase, stored=stored)


def build_schema() -> Schema:
    return Schema(**{
        KEY: STORED,
        GROUP: ValueID,
        KIND: ValueID(stored=True),
        ARTICLE: ValueID,
        LEVEL: ValueID(stored=True),
        BRANCH: ValueID,
        STATUS: ValueID(stored=True),
        VERSION: ValueID,
        TITLE: _text(phrase=False),
        HEADING: _text(phrase=False),
        BODY: _text(stored=True),
        BODY_SUB: _text(phrase=False, sub=True),
        DISPLAY: STORED,
    })
