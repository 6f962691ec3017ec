"""Fill-in-the-blank and true/false candidates from one article.

The statement shown is the sentence holding the value (an item with its lead-in
sentence).  A candidate is refused — with the reason recorded — when the article alone
would not decide its answer or it would read badly:

* 挖空值在本条出现不止一次: the value occurs twice in the article (which one is blanked?);
* 替换值在本条中也出现: the wrong value of a 判断题 occurs elsewhere in the article, so the
  changed statement might be true there;
* 替换后的说法见于本法其他条文: the changed statement occurs in another article;
* 法律责任条款中不替换主体: in a penalty clause another person may be liable too;
* a number is only changed in the direction that makes the statement false on any
  reading (values.wrong_direction: 可以处3万元以下罚款 is not false where the law says 5万元);
* 原值在句中出现多次 / 无合适的替换值 / 语句过长 / 施行或解释条款.

A sentence gives at most one 填空题 and one 判断题, on its numbers before its key terms;
whether the 判断题 states the article correctly or with a value changed is decided by a
stable coin per sentence, so no two generated 判断题 give each other away.  (A rejected change is counted, and the sentence is asked as a true
statement instead.)
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from quizzes.generation.values import (SYNONYMS, Value, arabic_form, find_values, replacements,
                                       wrong_direction)
from quizzes.normalise import normalise_blank
from quizzes.topics import GENERATED_TAG

MAX_STATEMENT = 160
MIN_STATEMENT = 12
_ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_LEAD_ENDS = ("：", ":")
# A penalty usually reaches whoever does the act: swapping who does it may stay true.
_LIABILITY = re.compile(r"处分|罚款|追究|处罚|责令|没收|打击报复")
_NOT_FOR_QUESTIONS = re.compile(r"^本(?:法|条例|规定|办法|细则)(?:自.{0,30}施行|由.{0,40}解释)")


@dataclass(frozen=True)
class ArticleText:
    statute_id: int
    title: str
    short_title: str
    version_id: int
    article_no: int
    suffix: int
    label: str
    text: str

    @property
    def ref(self) -> list[int]:
        return [self.statute_id, self.article_no, self.suffix]

    @property
    def explanation(self) -> str:
        quoted = "\n".join(f"> {line}" for line in self.text.split("\n"))
        return f"依据《{self.title}》{self.label}：\n\n{quoted}"


@dataclass(frozen=True)
class Generated:
    kind: str            # fill / true_false / locate
    source_key: str
    data: dict


@dataclass(frozen=True)
class Rejection:
    kind: str
    label: str
    value: str
    reason: str


@dataclass
class Outcome:
    questions: list[Generated] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    def extend(self, other: "Outcome") -> None:
        self.questions.extend(other.questions)
        self.rejections.extend(other.rejections)


def statements(article_text: str) -> list[tuple[str, int]]:
    """Sentences of the article as questions show them, each with the length of the
    lead-in it starts with.  An item carries the lead-in sentence of its paragraph (only
    the first item may test a value of the lead-in); a lead-in alone is no statement."""
    out, lead = [], ""
    for line in article_text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if _ITEM.match(line):
            out.append((f"{lead}{line}", len(lead)))
            continue
        sentences = [s for s in re.findall(r"[^。]+。?", line) if s.strip()]
        lead = sentences[-1] if sentences and sentences[-1].endswith(_LEAD_ENDS) else ""
        out.extend((s, 0) for s in sentences if not s.endswith(_LEAD_ENDS))
    return out


def fit(sentence: str, value: Value) -> str | None:
    """The sentence, or the clause (between ；) holding the value when the sentence is long."""
    if len(sentence) <= MAX_STATEMENT:
        return sentence if len(sentence) >= MIN_STATEMENT else None
    offset = 0
    for clause in re.findall(r"[^；]+；?", sentence):
        if offset <= sentence.index(value.text) < offset + len(clause):
            text = ("……" if offset else "") + clause.rstrip("；")
            return text if MIN_STATEMENT <= len(text) <= MAX_STATEMENT else None
        offset += len(clause)
    return None


def is_generic(article: ArticleText) -> bool:
    """施行 and 解释 clauses test nothing worth a question."""
    return bool(_NOT_FOR_QUESTIONS.match(article.text))


def _asks_true(key: str) -> bool:
    """A stable coin: one sentence in three is asked as stated (the rest changed, where a
    sound change exists), since a changed value tests more than a recital."""
    return hashlib.sha256(key.encode()).digest()[0] % 3 == 0


def value_questions(article: ArticleText, statute_texts: list[str]) -> Outcome:
    """At most one 填空题 and one 判断题 per sentence, on its numbers before its terms.
    `statute_texts` are the statute's other articles (a changed statement must not be
    true there)."""
    outcome = Outcome()
    if is_generic(article):
        outcome.rejections.append(Rejection("all", article.label, "", "施行或解释条款"))
        return outcome
    counts: dict[str, int] = {}
    for value in find_values(article.text):
        counts[value.key] = counts.get(value.key, 0) + 1
    leads_used: set[str] = set()
    for index, (sentence, lead) in enumerate(statements(article.text)):
        # The lead-in's values are tested with its first item only.
        values = [v for v in find_values(sentence) if v.start >= lead or sentence[:lead] not in leads_used]
        leads_used.add(sentence[:lead])
        values.sort(key=lambda v: (v.is_term, v.start))
        if values:
            key = f"{article.version_id}:{article.article_no}-{article.suffix}:{index}"
            outcome.extend(_for_sentence(article, sentence, values, counts, statute_texts, key))
    return outcome


def _for_sentence(article: ArticleText, sentence: str, values: list[Value], counts: dict[str, int],
                  statute_texts: list[str], key: str) -> Outcome:
    outcome = Outcome()
    reasons: dict[str, str] = {}
    fill = next((v for v in values if counts[v.key] == 1 and fit(sentence, v)), None)
    if fill is not None:
        outcome.questions.append(_fill(article, fit(sentence, fill), fill, f"{key}:{fill.text}"))
    else:
        reasons["fill"] = ("挖空值在本条出现不止一次" if all(counts[v.key] > 1 for v in values)
                           else "语句过长或过短")
    usable = [v for v in values if fit(sentence, v)]
    if not usable:
        reasons["true_false"] = "语句过长或过短"
    elif _asks_true(key):
        value = usable[0]
        outcome.questions.append(_true_false(article, fit(sentence, value), value, None, f"{key}:{value.text}"))
    else:
        for value in usable:
            changed, reason = _changed(article, fit(sentence, value), value, counts, statute_texts,
                                       wrong_direction(sentence, value))
            if changed is not None:
                outcome.questions.append(_true_false(article, changed, value, changed, f"{key}:{value.text}"))
                break
            reasons.setdefault("true_false", reason)
        else:   # no value could be changed soundly: the true statement is asked instead
            value = usable[0]
            outcome.questions.append(_true_false(article, fit(sentence, value), value, None, f"{key}:{value.text}"))
    outcome.rejections.extend(Rejection(kind, article.label, values[0].text, reason)
                              for kind, reason in reasons.items())
    return outcome


def _changed(article: ArticleText, sentence: str, value: Value, counts: dict[str, int],
             statute_texts: list[str], direction: int) -> tuple[str | None, str]:
    if sentence.count(value.text) > 1:
        return None, "原值在句中出现多次"
    if value.is_term and _LIABILITY.search(sentence):
        return None, "法律责任条款中不替换主体（换人后仍可能成立）"
    options = replacements(value, direction)
    if not options:
        return None, "无合适的替换值（改后仍可能成立或无同类值）"
    for wrong in options:
        if counts.get(normalise_blank(wrong)) or any(other in article.text for other in SYNONYMS.get(wrong, ())):
            continue
        changed = sentence.replace(value.text, wrong, 1)
        around = _around(changed, sentence.index(value.text), len(wrong))
        if any(around in text for text in statute_texts):
            return None, "替换后的说法见于本法其他条文"
        return changed, ""
    return None, "替换值在本条中也出现"


def _around(text: str, start: int, length: int, margin: int = 8) -> str:
    return text[max(0, start - margin): start + length + margin]


def _finish(sentence: str) -> str:
    sentence = sentence.rstrip("：；，")
    return sentence if sentence.endswith("。") else sentence + "。"


def _fill(article: ArticleText, sentence: str, value: Value, key: str) -> Generated:
    blanked = sentence.replace(value.text, "____", 1)
    answers = [value.text] + ([arabic_form(value)] if arabic_form(value) else [])
    stem = f"根据《{article.title}》{article.label}的规定，{_finish(blanked)}"
    return Generated("fill", f"gen:fill:{key}", {
        "type": "fill", "stem": stem, "answer": [answers], "explanation": article.explanation,
        "articles": [article.ref], "difficulty": 3,
        "tags": [article.short_title, value.kind, GENERATED_TAG]})


def _true_false(article: ArticleText, statement: str, value: Value, changed: str | None,
                key: str) -> Generated:
    is_true = changed is None
    explanation = article.explanation
    if not is_true:
        explanation += f"\n\n题中所述与条文不符：条文规定为“{value.text}”。"
    return Generated("true_false", f"gen:tf:{key}", {
        "type": "true_false", "stem": f"根据《{article.title}》的规定，{_finish(statement)}",
        "answer": is_true, "explanation": explanation, "articles": [article.ref], "difficulty": 2,
        "tags": [article.short_title, value.kind, GENERATED_TAG]})
