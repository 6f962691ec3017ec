"""An `IndexDocument` as Whoosh field values: jieba words, sub-words, filter terms, display.

Word lists bypass the field analyzers (Whoosh indexes a list as given, positions by order),
so each text is cut by jieba exactly once, here, in whichever process indexes it.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from kb.search import schema as f
from kb.search.analysis import cut_words, sub_words
from kb.search.documents import IndexDocument


def article_term(number: int, suffix: int = 0) -> str:
    """The ARTICLE field value: "34", or "10-1" for 第十条之一."""
    return f"{number}-{suffix}" if suffix else str(number)


@lru_cache(maxsize=4096)
def _words_and_parts(text: str) -> tuple[str, ...]:
    """Words and sub-words of a title (so 采购 finds 政府采购法)."""
    words = cut_words(text)
    return tuple(words + sub_words(words))


@lru_cache(maxsize=4096)
def _heading_words(text: str) -> tuple[str, ...]:
    """Words of a heading (a chapter's articles share it, so it is cut once)."""
    return tuple(cut_words(text))


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def display_of(doc: IndexDocument) -> dict:
    meta = doc.meta
    return {
        "law_id": meta.law_id,
        "law_title": meta.law_title,
        "short_title": meta.short_title,
        "branch": meta.branch,
        "version_id": meta.version_id,
        "version_date": _iso(meta.version_date),
        "valid_from": _iso(meta.valid_from),
        "valid_to": _iso(meta.valid_to),
        "article_no": meta.article_no,
        "article_suffix": meta.article_suffix,
        "label": meta.label,
        "chapter": list(meta.chapter),
        "extra": meta.extra,
    }


def whoosh_fields(doc: IndexDocument) -> dict:
    """Keyword arguments for `writer.add_document` (the only place that tokenises documents)."""
    meta = doc.meta
    words = cut_words(doc.body)
    fields = {
        f.KEY: doc.key, f.GROUP: doc.group, f.KIND: doc.kind,
        f.BODY: words, "_stored_" + f.BODY: doc.body, f.BODY_SUB: sub_words(words),
        f.TITLE: _words_and_parts(doc.title), f.HEADING: _heading_words(doc.heading),
        f.DISPLAY: display_of(doc),
    }
    for name, value in ((f.VERSION, meta.version_id),
                        (f.LEVEL, meta.level),
                        (f.BRANCH, meta.branch), (f.STATUS, meta.status)):
        if value is not None:
            fields[name] = str(value)
    if meta.article_no is not None:
        fields[f.ARTICLE] = article_term(meta.article_no, meta.article_suffix)
    return fields
