"""Query understanding: what an auditor's typed text asks for, before Whoosh sees it.

Any string is accepted.  It is cleaned (control characters out, full-width folded, length
capped at 500 characters), then read for quoted phrases, citations, statute names, misspelt
statute names and finally the words to search for; a long text (a pasted story) is searched
by its key words (`kb.search.keywords`).  Question words and particles are dropped; everything else
is optional, so no query needs AND/OR, and Whoosh syntax (AND, field:value, *, ranges) is
plain text here because no query parser ever runs.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from kb.search.analysis import DATA_DIR, cut_words, normalise
from kb.search.citation import CitationTarget, find_citations
from kb.search.keywords import IndexStats, is_long, keyword_note, weigh_keywords
from kb.search.lexicon import NAME_ENDINGS, Lexicon, StatuteEntry

# People paste whole stories; beyond this the text is cut (and the reader told).
MAX_QUERY_CHARS = 500
# Without index statistics, a long query keeps this many words, the longest.
MAX_CONCEPTS = 24
_QUOTED = re.compile(r"[\"“”「『]([^\"“”「」『』]{1,60})[\"“”」』]")
_SPACES = re.compile(r"\s+")
_CHUNK_SPLIT = re.compile(r"[\s，。；：、！？,.;:!?（）()\[\]【】\"“”'‘’「」『』]+")
# What kind of answer a question asks for, read from its question words before those go.
INTENTS = {
    "penalty": re.compile(r"(?:怎么|如何|怎样)(?:处理|处罚|罚|处分|追责|定罪)|怎么办|什么责任|哪些责任"
                          r"|承担.{0,4}责任|法律后果|什么后果|罚多少|什么罪|定什么罪"),
    "duration": re.compile(r"几天|多少天|几日|多少日|多久|多长时间|期限|几年|多少年|几个月"
                           r"|多少个工作日|几个工作日|时效|多长"),
    "amount": re.compile(r"多少(?!天|日|年|个|人|次|名)|比例|百分之几|不得超过|最多|上限|数额"),
    "count": re.compile(r"几人|几个人|多少人|几名|不少于几|不得少于几"),
    "definition": re.compile(r"是什么|什么是|指什么|定义|含义|概念"),
    "list": re.compile(r"哪些|哪几|几种|有什么|包括什么"),
}
# Units a duration question asks in (几年 → 年), for matching the answer's unit.
DURATION_UNITS = re.compile(r"(?:几|多少)个?(工作日|年|月|天|日|小时)")
# Words starting like a question (哪些方面, 什么样, 多少钱, 几天) are never search words.
_QUESTION_WORD = re.compile(r"^(?:哪|什么|怎|如何|多少|几|是否|能否|可否|有没有|为什么)")
# Words that name the kind of answer wanted; kept as search words, but weakly.
_ANSWER_WORDS = frozenset({"期限", "时效", "比例", "数额", "上限", "定义", "含义", "概念",
                           "条件", "情形", "程序", "方式", "措施", "时间", "标准"})
WEAK_WEIGHT = 0.3


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    words = set()
    for line in (DATA_DIR / "stopwords.txt").read_text(encoding="utf-8").splitlines():
        words.update(line.split("#", 1)[0].split())
    return frozenset(normalise(w) for w in words)


@lru_cache(maxsize=1)
def thesaurus() -> dict[str, tuple[str, ...]]:
    entries: dict[str, tuple[str, ...]] = {}
    for line in (DATA_DIR / "thesaurus.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        if "=" in line:
            word, alternatives = line.split("=", 1)
            entries[normalise(word.strip())] = tuple(
                normalise(a.strip()) for a in alternatives.split(";") if a.strip())
    return entries


@dataclass
class Concept:
    """One thing asked about: a word as typed, with the statute wordings that mean the same."""
    word: str
    alternatives: list[str] = field(default_factory=list)
    # Words that only say what kind of answer is wanted (期限, 比例) count for less.
    weight: float = 1.0

    @property
    def forms(self) -> list[str]:
        return [self.word, *self.alternatives]


@dataclass
class QueryPlan:
    text: str
    notes: list[str] = field(default_factory=list)
    citations: list[CitationTarget] = field(default_factory=list)
    # Statutes named in the query (their articles come first).
    named: list[StatuteEntry] = field(default_factory=list)
    # The query is nothing but a statute's name.
    name_only: StatuteEntry | None = None
    suggestions: list[str] = field(default_factory=list)
    # Statutes guessed for a query that is only a misspelt name (shown with a note).
    guessed: list[StatuteEntry] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    intents: set[str] = field(default_factory=set)
    # The unit a duration question asks in (年, 月, 日, 天, 工作日), if it names one.
    duration_unit: str | None = None
    # The query without citations and statute names, for verbatim matching.
    core_text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.citations or self.name_only or self.guessed or self.phrases
                    or self.concepts)


def _clean_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cf":
        return ""  # zero-width and other format characters are not text
    return " " if category[0] in "CZ" else ch


def clean(text: str) -> tuple[str, bool]:
    """Text without control or format characters, half-width, single-spaced; (text, truncated)."""
    kept = "".join(map(_clean_char, text or ""))
    kept = _SPACES.sub(" ", normalise(kept)).strip()
    if len(kept) > MAX_QUERY_CHARS:
        return kept[:MAX_QUERY_CHARS], True
    return kept, False


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def understand(raw: str, lexicon: Lexicon, default_statute: StatuteEntry | None = None,
               stats: IndexStats | None = None) -> QueryPlan:
    """The plan of a query; `stats` (the index's document frequencies) picks the key words
    of a long one."""
    text, truncated = clean(raw)
    plan = QueryPlan(text)
    if truncated:
        plan.notes.append(f"查询内容超过 {MAX_QUERY_CHARS} 字，只按前 {MAX_QUERY_CHARS} 个字检索")
    rest = text
    for match in _QUOTED.finditer(text):
        plan.phrases.append(match.group(1).strip())
        rest = _blank(rest, match.start(), match.end())
    before = rest
    rest = _read_citations(rest, plan, lexicon, default_statute)
    rest = _read_names(rest, plan, lexicon, cited=rest != before)
    plan.intents = {name for name, pattern in INTENTS.items() if pattern.search(rest)}
    unit = DURATION_UNITS.search(rest)
    plan.duration_unit = unit.group(1) if unit else None
    plan.core_text = _CHUNK_SPLIT.sub("", rest)
    _read_words(rest, plan, stats)
    if plan.named and not (plan.concepts or plan.citations or plan.phrases):
        plan.name_only = plan.named[0]  # 审计法全文, 预算法的规定: the statute itself
        plan.named = []
    return plan


def _read_citations(text: str, plan: QueryPlan, lexicon: Lexicon,
                    default: StatuteEntry | None) -> str:
    for found in find_citations(text, lexicon, default):
        if found.target is not None:
            plan.citations.append(found.target)
            if found.by_default:
                plan.notes.append(f"未指明法规，按《{found.target.law_title}》查找")
        elif found.unknown_name:
            plan.notes.append(f"没有名为“{found.unknown_name}”的法规")
            plan.suggestions.extend(s for s in lexicon.suggest(found.unknown_name)
                                    if s not in plan.suggestions)
        text = _blank(text, found.start, found.end)
    return text


def _read_names(text: str, plan: QueryPlan, lexicon: Lexicon, cited: bool) -> str:
    bare = _CHUNK_SPLIT.sub("", text.replace("《", "").replace("》", ""))
    whole = lexicon.resolve(bare) if bare else None
    if whole and not plan.citations and not plan.phrases:
        plan.name_only = whole
        return ""
    standalone = set(_CHUNK_SPLIT.split(text))
    for start, end, entry in lexicon.names_in(text):
        # Two-character names (刑法, 宪法) only quoted or standing alone, not inside words.
        alone = text[max(0, start - 1):start] == "《" or text[start:end] in standalone
        if end - start >= 3 or alone:
            if entry not in plan.named:
                plan.named.append(entry)
            text = _blank(text, start, end)
    chunks = [c for c in _CHUNK_SPLIT.split(text.replace("《", " ").replace("》", " ")) if c]
    for chunk in chunks:
        if len(chunk) >= 3 and chunk.endswith(NAME_ENDINGS) and not cited:
            plan.suggestions.extend(s for s in lexicon.suggest(chunk) if s not in plan.suggestions)
    if len(chunks) == 1 and plan.suggestions and not (plan.citations or plan.named or cited):
        guess = lexicon.resolve(plan.suggestions[0])
        plan.guessed = [guess] if guess else []
        plan.notes.append(f"没有名为“{chunks[0]}”的法规，以下是“{plan.suggestions[0]}”的结果")
        return ""
    return text


def _read_words(text: str, plan: QueryPlan, stats: IndexStats | None) -> None:
    stop = stopwords()
    seen: dict[str, Concept] = {}
    for word in cut_words(text):
        if word not in stop and word not in seen and not _QUESTION_WORD.match(word):
            seen[word] = Concept(word, weight=WEAK_WEIGHT if word in _ANSWER_WORDS else 1.0)
    synonyms = thesaurus()
    for key, alternatives in synonyms.items():
        if key in text:
            for concept in seen.values():
                if concept.word in key or key in concept.word:
                    concept.alternatives.extend(a for a in alternatives
                                                if a not in concept.forms)
    concepts = list(seen.values())
    if stats is not None and is_long(concepts):
        concepts = weigh_keywords(concepts, text, stats)
        if concepts:
            plan.notes.append(keyword_note(concepts))
        # A story is no wording to find verbatim, and matching 500 characters against every
        # candidate would cost more than the rest of the search.
        plan.core_text = ""
    elif len(concepts) > MAX_CONCEPTS:
        plan.notes.append(f"词语较多，只按其中 {MAX_CONCEPTS} 个检索")
        keep = set(sorted(seen, key=len, reverse=True)[:MAX_CONCEPTS])
        concepts = [c for c in concepts if c.word in keep]
    plan.concepts = concepts
