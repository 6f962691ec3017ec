"""Finding statute references in Chinese text, without the database.

A reference is an article group (see `grammar`) plus the statute it belongs to, which is
found by looking back from the group's 第:

- a book title: 《中华人民共和国审计法》第三十四条, also with a note in between
  (《…》（以下简称《食品安全法》）第三条, 《…》（法释〔2020〕26号）第三十五条, 《民法典》人格权编第997条);
- a name without 《》 the index knows, or an abbreviation the text declared
  (（以下简称审计法）… 审计法第三十四条);
- 本法/本条例/本规定 (the statute being read, or in a case the statute last quoted) and
  该法/同法 (the statute last named);
- nothing: inside a statute a bare 第N条 is the statute's own article; elsewhere it
  continues the statute last named in the same paragraph (…第四十一条规定：“…”第四十三条规定),
  unless a contract or agreement was named in between (该合同第七条约定).

Names the index does not know are still references when they read like a statute
(《某市会议费管理办法》第十二条): the resolver reports them as unknown, never drops them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.citations.grammar import Group, parse_group
from kb.citations.names import NameIndex, is_statute_like, normalise_name, split_version_note
from laws.numbering import NUMERAL_CLASS

OWN_PRONOUN = re.compile(r"(?<![基根资日文样版副范原脚剧课])本(?:法典|法|实施条例|条例|规定|实施办法|办法|"
                         r"实施细则|细则|解释|决定|规则|准则|规范|制度|意见|通知|编|分编|章|节)$")
LAST_PRONOUN = re.compile(r"(?:该|上述|前述|(?<![合协共混认不相等如赞会])同)(?:法典|法律|法|条例|规定|"
                          r"办法|细则|解释|决定|规则|准则|规范|制度)$")
_DECLARATION = re.compile(
    r"[（(]\s*(?:以下|下文|下)?\s*(?:简称|称)\s*[为：:]?\s*[“\"《〈「]?"
    r"([^（）()“”\"《》〈〉「」，,；;。]{2,30}?)[”\"》〉」]?\s*[）)]")
_ITS_REGULATION = re.compile(r"\s*(?:及其|和它的|及)(实施条例|实施细则|实施办法)")
_VERSION_IN_NOTE = re.compile(r"(\d{4})\s*年\s*(?:修正|修订|修改|版|文本)")
_PART_AFTER_TITLE = re.compile(r"[\u4e00-\u9fff]{1,8}编$")
# Divisions written between a name and its article: 刑法分则第九章第三百九十八条.
_DIVISION = re.compile(rf"(?:第{NUMERAL_CLASS}+[编章节]|分则|总则)$")
_CODE_PARTS = re.compile(r"(?:总则编?|物权编|合同编|人格权编|婚姻家庭编|继承编|侵权责任编|附则)$")
_SPACES = " \u3000\t"
# Words right before a bare 第N条 that make it a clause of something else.
_NOT_STATUTE_BEFORE = re.compile(r"(?:合同|协议书?|章程|约定|公约|其中|标书|文件)[的之]?$")
_CONTRACT_AFTER = re.compile(r"[ \u3000]*(?:之)?约定")
# 条 as a measure word: 第2条生产线, 第三条道路, 第一条建议.
_MEASURE_WORD_AFTER = re.compile(r"(?:生产线|流水线|线路|道路|公路|铁路|街|河|渠|管道|隧道|航线|船|"
                                 r"意见|建议|措施|经验|途径|标语|新闻|消息|短信|信息)")
# A name without 《》 that the index does not know: the run of characters before 第
# that ends like a statute name, after the last word that cannot be part of a name.
_UNKNOWN_BARE = re.compile(r"([\u4e00-\u9fff（）]{3,30}?(?:法|条例|规定|办法|细则|规则))$")
_NAME_BREAK = re.compile(r".*(?:依照|依据|根据|按照|违反了?|适用|参照|对照|符合|执行|落实|贯彻|"
                         r"以及|及|和|与|或|的|了|即|是|对|为|按|依|据|照|由|在|经|凡|将|使|"
                         r"我国|国家|新|原|旧)")
_PRONOUN_START = ("本", "该", "此", "上述", "前述", "同", "其")


@dataclass(frozen=True)
class Reference:
    """One article reference found in a text, its statute still a name."""
    start: int
    end: int
    text: str
    # Normalised statute name ("" when `own`).
    name: str
    # True when the reference is to the statute the text belongs to (本法, bare 第N条).
    own: bool
    article_no: int
    article_suffix: int = 0
    paragraphs: tuple[int, ...] = ()
    items: tuple[int, ...] = ()
    implied: bool = False
    # A version the text names: 《审计法（2006年修正）》 → 2006.
    version_year: int | None = None
    # How the statute was identified: title, name, pronoun, continued, own.
    via: str = "title"


@dataclass
class ScanContext:
    """What a text carries from one call to the next (the articles of one statute)."""
    in_statute: bool = False
    # Inside an amendment (刑法修正案（十一）) bare 第N条 and 本法 mean the amended statute.
    amends: str | None = None
    # Abbreviation → full normalised name, or None for an abbreviated contract or body.
    abbreviations: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    name: str | None   # normalised statute name; None: something that is not a statute
    standalone: bool = False


@dataclass(frozen=True)
class _Head:
    start: int
    name: str | None
    own: bool = False
    via: str = "title"
    version_year: int | None = None


def book_titles(text: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of every 《…》, with 〈〉 allowed inside."""
    titles, pos = [], 0
    while (start := text.find("《", pos)) >= 0:
        end = text.find("》", start + 1)
        nested = text.find("《", start + 1)
        if end < 0:
            break
        if 0 <= nested < end:
            pos = nested
            continue
        if end - start <= 150 and "\n" not in text[start:end]:
            titles.append((start, end + 1, text[start + 1:end]))
        pos = end + 1
    return titles


class ReferenceFinder:
    """Finds references in one text at a time; `index` knows the statute names."""

    def __init__(self, index: NameIndex):
        self.index = index

    def find(self, text: str, context: ScanContext | None = None) -> list[Reference]:
        context = context or ScanContext()
        titles = book_titles(text)
        self._learn_declarations(text, titles, context)
        mentions = self._title_mentions(text, titles, context)
        references: list[Reference] = []
        title_spans = [(s, e) for s, e, _ in titles]
        pos = 0
        while (at := text.find("第", pos)) >= 0:
            group = None if _inside(at, title_spans) else parse_group(text, at)
            if group is None:
                pos = at + 1
                continue
            head = self._head(text, group, context, mentions)
            if head is not None and (head.name or head.own):
                references.extend(_references(text, group, head))
                mentions.append(_Mention(head.start, group.end, head.name or None))
            pos = group.end
        return references

    # -- declarations and mentions -------------------------------------------------
    def _learn_declarations(self, text: str, titles, context: ScanContext) -> None:
        """（以下简称《食品安全法》）after a title or a known name declares an abbreviation."""
        ends = {end: inner for _, end, inner in titles}
        for match in _DECLARATION.finditer(text):
            before = match.start()
            while before > 0 and text[before - 1] in _SPACES:
                before -= 1
            abbreviation = normalise_name(match.group(1))
            if before in ends:
                full, _ = split_version_note(normalise_name(ends[before]))
                statute = full in self.index or is_statute_like(full)
                context.abbreviations[abbreviation] = full if statute else None
            elif (bare := self.index.longest_suffix(text, before)) is not None:
                context.abbreviations[abbreviation] = bare[1]
        # 《中华人民共和国审计法》及其实施条例: a later 实施条例第N条 is the law's regulation.
        for _start, end, inner in titles:
            follower = _ITS_REGULATION.match(text, end)
            if follower:
                law, _ = split_version_note(normalise_name(inner))
                context.abbreviations[follower.group(1)] = law + follower.group(1)

    def _title_mentions(self, text: str, titles, context: ScanContext) -> list[_Mention]:
        mentions = []
        for start, end, inner in titles:
            name = self._statute_name(normalise_name(inner), context)
            after = text[end:end + 2].lstrip(_SPACES)
            mentions.append(_Mention(start, end, name, standalone=not after.startswith(("第", "（", "("))))
        return mentions

    def _statute_name(self, name: str, context: ScanContext) -> str | None:
        """The full name a title or abbreviation stands for, None if it is no statute."""
        name, _ = split_version_note(name)
        if name in context.abbreviations:
            return context.abbreviations[name]
        if name in self.index or is_statute_like(name):
            return name
        return None

    # -- the statute of a group ----------------------------------------------------
    def _head(self, text: str, group: Group, context: ScanContext,
              mentions: list[_Mention]) -> _Head | None:
        pos, year = _skip_notes(text, group.start)
        explicit = self._named_head(text, pos, context, year)
        if explicit is not None and explicit.via == "pronoun" and not explicit.own:
            return _last_named(explicit, mentions)
        if explicit is not None:
            return explicit
        if _is_article_label(text, group):
            return self._label_head(group, mentions, context)
        if context.in_statute:
            # A bare 第N条 in a sentence that named another statute continues it
            # (合同法第七十四条规定的…，第七十五条规定的…); otherwise it is the statute's own.
            continued = self._continued_head(text, group, mentions, breaks="\n。；;")
            return continued or _own_head(group.start, context)
        return self._continued_head(text, group, mentions)

    def _named_head(self, text: str, pos: int, context: ScanContext, year) -> _Head | None:
        if pos > 0 and text[pos - 1] == "》":
            return self._title_head(text, pos, context, year)
        if pos > 0 and text[pos - 1] in "”\"":
            quoted = self._quoted_head(text, pos, year)
            if quoted is not None:
                return quoted
        part = _CODE_PARTS.search(text, max(0, pos - 8), pos)
        for end in (pos, part.start()) if part else (pos,):
            head = self._word_head(text, end, context, year)
            if head is not None:
                return head
        return None

    def _title_head(self, text: str, pos: int, context: ScanContext, year) -> _Head | None:
        start = text.rfind("《", 0, pos)
        while start > 0 and text.count("《", start, pos) > text.count("》", start, pos):
            start = text.rfind("《", 0, start)
        if start < 0:
            return None
        name, noted = split_version_note(normalise_name(text[start:pos]))
        return _Head(start, self._statute_name(name, context), via="title",
                     version_year=noted or year)

    def _quoted_head(self, text: str, pos: int, year) -> _Head | None:
        """“审计法”第四十九条: a known name in quotation marks instead of 《》."""
        start = max(text.rfind("“", max(0, pos - 60), pos - 1), text.rfind('"', max(0, pos - 60), pos - 1))
        if start < 0:
            return None
        name = normalise_name(text[start + 1:pos - 1])
        return _Head(start, name, via="title", version_year=year) if name in self.index else None

    def _word_head(self, text: str, end: int, context: ScanContext, year) -> _Head | None:
        window = text[max(0, end - 8):end]
        own = OWN_PRONOUN.search(window)
        if own and context.in_statute:
            return _own_head(end - len(own.group(0)), context)
        if own:
            return _Head(end - len(own.group(0)), None, via="pronoun")
        last = LAST_PRONOUN.search(window)
        if last:
            return _Head(end - len(last.group(0)), None, via="pronoun")
        declared = _declared_suffix(text, end, context)
        if declared is not None:
            start, name = declared
            return _Head(start, name, via="name", version_year=year) if name else _Head(start, None)
        known = self.index.longest_suffix(text, end)
        if known is not None and _name_boundary(text, known[0]):
            return _Head(known[0], known[1], via="name", version_year=year)
        unknown = _unknown_bare_name(text, end)
        if unknown is not None:
            return _Head(unknown[0], unknown[1], via="name", version_year=year)
        return None

    def _label_head(self, group: Group, mentions: list[_Mention], context) -> _Head | None:
        """第十二条 at the start of a line quotes an article of the statute named alone above;
        inside a statute it is a label the source failed to split, not a reference."""
        if context.in_statute:
            return None
        for mention in reversed(mentions):
            if mention.end <= group.start and mention.standalone:
                return _Head(group.start, mention.name, via="continued") if mention.name else None
        return None

    def _continued_head(self, text: str, group: Group, mentions: list[_Mention],
                        breaks: str = "\n") -> _Head | None:
        if _NOT_STATUTE_BEFORE.search(text, max(0, group.start - 5), group.start):
            return None
        if _CONTRACT_AFTER.match(text, group.end) or _MEASURE_WORD_AFTER.match(text, group.end):
            return None
        previous = max((m for m in mentions if m.end <= group.start), key=lambda m: m.end,
                       default=None)
        between = text[previous.end:group.start] if previous else ""
        if previous is None or previous.name is None or _broken(between, breaks):
            return None
        return _Head(group.start, previous.name, via="continued")


def _broken(between: str, breaks: str) -> bool:
    """True when the text between a mention and a bare reference ends the context: a break
    character outside quotation marks (a quoted article may run over a paragraph break)."""
    depth = 0
    for ch in between:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch in breaks and depth == 0:
            return True
    return False


def _own_head(start: int, context: ScanContext) -> _Head:
    if context.amends:
        return _Head(start, context.amends, via="own")
    return _Head(start, None, own=True, via="own")


def _last_named(head: _Head, mentions: list[_Mention]) -> _Head | None:
    """该法/同法 (and 本法 outside a statute): the statute named last before the pronoun."""
    for mention in sorted(mentions, key=lambda m: m.end, reverse=True):
        if mention.end <= head.start and mention.name:
            return _Head(head.start, mention.name, via="pronoun")
    return None


def _references(text: str, group: Group, head: _Head) -> list[Reference]:
    refs = []
    for i, spec in enumerate(group.articles):
        start = head.start if i == 0 else spec.start
        refs.append(Reference(start, spec.end, text[start:spec.end], head.name or "", head.own,
                              spec.number, spec.suffix, spec.paragraphs, spec.items,
                              spec.implied, head.version_year, head.via))
    return refs


def _inside(pos: int, spans) -> bool:
    return any(s < pos < e for s, e in spans)


def _skip_notes(text: str, pos: int) -> tuple[int, int | None]:
    """Step back over spaces, up to two （…） notes and a part name (人格权编) before 第."""
    year = None
    pos = _skip_spaces(text, pos)
    for _ in range(2):
        if pos == 0 or text[pos - 1] not in "）)":
            break
        opening = max(text.rfind("（", max(0, pos - 80), pos), text.rfind("(", max(0, pos - 80), pos))
        if opening < 0:
            break
        noted = _VERSION_IN_NOTE.search(text, opening, pos)
        year = year or (int(noted.group(1)) if noted else None)
        pos = _skip_spaces(text, opening)
    while division := _DIVISION.search(text, max(0, pos - 8), pos):
        pos = division.start()
    part = _PART_AFTER_TITLE.search(text, max(0, pos - 9), pos)
    if part and part.start() > 0 and text[part.start() - 1] == "》":
        pos = part.start()
    return pos, year


def _skip_spaces(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] in _SPACES:
        pos -= 1
    return pos


def _is_article_label(text: str, group: Group) -> bool:
    """第十二条 followed by a space at the start of a line (or after a space, where a
    source ran articles together) is an article's own label, quoted or misplaced."""
    before = group.start == 0 or text[group.start - 1] in "\n \u3000"
    return before and text[group.end:group.end + 1] in (" ", "\u3000")


def _declared_suffix(text: str, end: int, context: ScanContext):
    for abbreviation in sorted(context.abbreviations, key=len, reverse=True):
        if text.endswith(abbreviation, 0, end):
            start = end - len(abbreviation)
            if start == 0 or text[start - 1] not in "《":
                return start, context.abbreviations[abbreviation]
    return None


def _name_boundary(text: str, start: int) -> bool:
    """A name without 《》 is not the tail of a longer word (某市审计条例 is not 审计条例)."""
    return start == 0 or text[start - 1] not in "省市县区州旗盟乡镇村局厅委办部署院司"


def _unknown_bare_name(text: str, end: int) -> tuple[int, str] | None:
    match = _UNKNOWN_BARE.search(text, max(0, end - 30), end)
    if not match:
        return None
    name, start = match.group(1), match.start(1)
    cut = _NAME_BREAK.match(name)
    if cut:
        name, start = name[cut.end():], start + cut.end()
    if len(name) < 3 or name.startswith(_PRONOUN_START) or OWN_PRONOUN.search(name):
        return None
    return start, normalise_name(name)
