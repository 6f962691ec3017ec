"""The weighted terms a plan is scored with: each word in each field with its boost, the
parts of long words, thesaurus wordings, and the words of quoted phrases."""
from __future__ import annotations

from typing import Callable

from whoosh import query as wq

from kb.search import schema as f
from kb.search.analysis import cut_words, sub_words
from kb.search.associations import associations
from kb.search.query import Concept, QueryPlan, stopwords
from kb.search.scoring import WeightedTerm

# How much a word found in each field counts (BODY = the article's own words).
FIELD_BOOSTS = {f.BODY: 1.0, f.BODY_SUB: 0.4, f.HEADING: 0.4, f.TITLE: 0.8}
# A thesaurus wording counts for less than the word typed; shorter parts of a long typed
# word (审计 for 被审计单位) less still.
ALTERNATIVE_WEIGHT = 0.6
PART_WEIGHT = 0.45
RARE_PART_WEIGHT = 0.9
RARE_WORD_DOCS = 10
# Words the statutes use together with a typed word (`kb.search.associations`, learned from
# the corpus) count for this share of it, times their npmi; the ASSOCIATES best of each.
ASSOCIATION_WEIGHT = 0.3
ASSOCIATES = 3
# A question about consequences (怎么处理) also looks under 法律责任 headings.
PENALTY_HEADING = "法律责任"
PENALTY_HEADING_WEIGHT = 0.5


def _word_terms(word: str, weight: float) -> list[WeightedTerm]:
    fields = (f.BODY, f.HEADING, f.TITLE) + ((f.BODY_SUB,) if len(word) >= 2 else ())
    return [WeightedTerm(name, word, weight * FIELD_BOOSTS[name]) for name in fields]


def _concept_terms(concept: Concept, rare: bool) -> list[WeightedTerm]:
    """Terms for one concept; the parts of a long word count more when the word itself is
    rare in the index (询价采购 is written 询价方式采购)."""
    weight = concept.weight
    terms = _word_terms(concept.word, weight)
    part_weight = weight * (RARE_PART_WEIGHT if rare else PART_WEIGHT)
    terms += [WeightedTerm(f.BODY, part, part_weight) for part in sub_words([concept.word])]
    stop = stopwords()
    for alternative in concept.alternatives:
        words = [w for w in cut_words(alternative) if w not in stop]
        for word in words:
            terms += _word_terms(word, weight * ALTERNATIVE_WEIGHT / len(words))
    for word, npmi in associations().get(concept.word, ())[:ASSOCIATES]:
        terms.append(WeightedTerm(f.BODY, word, weight * ASSOCIATION_WEIGHT * npmi))
    return terms


def query_terms(plan: QueryPlan, doc_frequency: Callable[[str, str], int]) -> list[WeightedTerm]:
    """The weighted terms of a plan (the same term twice counts once, with the larger weight);
    `doc_frequency(field, word)` is the index's."""
    terms: dict[tuple[str, str], WeightedTerm] = {}
    found = []
    for concept in plan.concepts:
        frequency = (doc_frequency(f.BODY, concept.word)
                     + doc_frequency(f.BODY_SUB, concept.word))
        found += _concept_terms(concept, frequency < RARE_WORD_DOCS)
    for phrase in plan.phrases:
        found += [t for w in cut_words(phrase) for t in _word_terms(w, 1.0)]
    if found and "penalty" in plan.intents:
        found.append(WeightedTerm(f.HEADING, PENALTY_HEADING, PENALTY_HEADING_WEIGHT))
    for term in found:
        key = (term.field, term.text)
        if key not in terms or terms[key].boost < term.boost:
            terms[key] = term
    return list(terms.values())


def phrase_query(text: str) -> wq.Query | None:
    """Whoosh query for a quoted phrase: its words at consecutive positions."""
    words = cut_words(text)
    if not words:
        return None
    if len(words) == 1:
        return wq.Or([wq.Term(f.BODY, words[0]), wq.Term(f.BODY_SUB, words[0]),
                      wq.Term(f.TITLE, words[0])])
    return wq.Phrase(f.BODY, words)
