""""Which article says this" (单选题): a characteristic sentence of an article, with the
article's number among three distractors — the articles of the same statute most similar
to it (character bigrams), so that knowing the statute's subject is not enough.

Refused: 施行/解释 clauses; quotations too short to place (条文过短); quotations that also
occur in another article of the statute (引文在其他条文中也出现); and statutes or
articles without three distractors that do not themselves contain the quotation
(相似条文不足).
"""
from __future__ import annotations

import math
import re
from collections import Counter

from quizzes.generation.candidates import ArticleText, Generated, Outcome, Rejection, is_generic
from quizzes.normalise import normalise_blank
from quizzes.topics import GENERATED_TAG, LOCATE_TAG

MIN_QUOTE, MAX_QUOTE = 14, 110
DISTRACTORS = 3


def bigrams(text: str) -> Counter:
    text = re.sub(r"\W", "", text)
    return Counter(text[i:i + 2] for i in range(len(text) - 1))


def cosine(a: Counter, b: Counter) -> float:
    common = sum(a[k] * b[k] for k in a.keys() & b.keys())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return common / norm if norm else 0.0


def quotation(article: ArticleText) -> str:
    """The article's first sentence, cut at a comma when long."""
    first = article.text.split("\n")[0]
    sentence = re.match(r"[^。；：]+[。；：]?", first).group(0)
    if len(sentence) > MAX_QUOTE:
        cut = sentence.rfind("，", 0, MAX_QUOTE)
        sentence = sentence[:cut] + "……" if cut >= MIN_QUOTE else ""
    return sentence.rstrip("；：，")


def locate_questions(articles: list[ArticleText]) -> Outcome:
    outcome = Outcome()
    profiles = [bigrams(a.text) for a in articles]
    flat = [normalise_blank(a.text) for a in articles]
    for index, article in enumerate(articles):
        quote = quotation(article)

        def reject(reason: str, article=article, quote=quote) -> None:
            outcome.rejections.append(Rejection("locate", article.label, quote[:20], reason))
        if is_generic(article):
            reject("施行或解释条款")
            continue
        if len(quote.rstrip("…")) < MIN_QUOTE:
            reject("条文过短")
            continue
        probe = normalise_blank(quote.rstrip("…"))
        if any(probe in text for i, text in enumerate(flat) if i != index):
            reject("引文在其他条文中也出现")
            continue
        ranked = sorted((i for i in range(len(articles)) if i != index),
                        key=lambda i: (-cosine(profiles[index], profiles[i]), i))
        # A distractor must not say the same thing in other words (near-duplicate articles).
        # A distractor the quotation itself names (本法第九十二条…) would only confuse.
        chosen = [i for i in ranked if cosine(bigrams(quote), profiles[i]) < 0.6
                  and articles[i].label not in quote][:DISTRACTORS]
        if len(chosen) < DISTRACTORS:
            reject("相似条文不足")
            continue
        outcome.questions.append(_question(article, quote, [articles[i] for i in chosen]))
    return outcome


def _question(article: ArticleText, quote: str, distractors: list[ArticleText]) -> Generated:
    ordered = sorted([article, *distractors], key=lambda a: (a.article_no, a.suffix))
    options = [{"id": f"a{a.article_no}-{a.suffix}", "text": a.label} for a in ordered]
    stem = f"《{article.title}》中，规定下列内容的是哪一条？\n\n> {quote}"
    return Generated("locate", f"gen:locate:{article.version_id}:{article.article_no}-{article.suffix}", {
        "type": "single", "stem": stem, "options": options,
        "answer": f"a{article.article_no}-{article.suffix}", "explanation": article.explanation,
        "articles": [article.ref], "difficulty": 4,
        "tags": [article.short_title, LOCATE_TAG, GENERATED_TAG]})
