"""Precision and recall of the citation linker against the labelled sets in bench/data.

    python -m bench.cite_eval [--verbose] [--set corpus|samples|report]

Sets: the 52 court cases of the corpus (cite_corpus_cases.json), the sample audit cases
shipped in kb/cases/samples (labels in each file's companion entry of
cite_sample_cases.json), and sentences in the style of audit reports and decisions
(cite_report_sentences.json).

A found reference counts as correct when its statute, article number and resolution
(linked or not) all match a label of the same document; each label is used once.
Needs a database with the corpus imported: KB_DATA_DIR if it holds one, else the corpus
(KB_CORPUS or ../shared/corpus) is imported into a temporary directory first.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.labels import load
from kb.cases.casefile import parse_case_file
from kb.cases.courtcases import parse_court_case
from kb.cases.samples import SAMPLES_DIR
from kb.citations.linker import CitationLinker
from kb.citations.names import normalise_name
from kb.importer import Importer
from kb.library import library_counts
from quizzes.services import Services, open_services
from core.settings import Settings

SETS = {"corpus": "cite_corpus_cases.json", "samples": "cite_sample_cases.json",
        "report": "cite_report_sentences.json"}
# Court-case dates are read from the text relative to a fixed day, so results do not
# depend on when the evaluation runs.
TODAY = dt.date(2026, 1, 1)


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    correct: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def document_text(doc: dict, corpus: Path) -> tuple[str, dt.date | None]:
    if "text" in doc:
        return doc["text"], dt.date.fromisoformat(doc["date"]) if doc.get("date") else None
    if "sample" in doc:
        case = parse_case_file((SAMPLES_DIR / doc["sample"]).read_text(encoding="utf-8")).data
        return case.body, case.case_date
    relative = doc["source"]
    case = parse_court_case((corpus / relative).read_text(encoding="utf-8"), relative, TODAY)
    return case.data.body, case.data.case_date


def expected_keys(doc: dict, linker: CitationLinker) -> Counter:
    snapshot = linker.snapshot()
    keys = Counter()
    for ref in doc["references"]:
        resolved = ref.get("in_library", True)
        statute = snapshot.statute_for(normalise_name(ref["law"])) if resolved else None
        if resolved and statute is None:
            raise SystemExit(f"标注错误：法规库中没有“{ref['law']}”（{doc.get('id') or doc.get('source')}）")
        target = statute.id if statute else "name:" + normalise_name(ref["law"])
        keys[(target, ref["article"], ref.get("suffix", 0), resolved)] += 1
    return keys


def found_keys(citations) -> Counter:
    return Counter((c.statute_id if c.statute_id else "name:" + normalise_name(c.short_title),
                    c.article_no, c.article_suffix, c.resolved) for c in citations)


def evaluate(linker: CitationLinker, data: dict, corpus: Path) -> Score:
    score = Score()
    for doc in data["documents"]:
        text, on = document_text(doc, corpus)
        found = found_keys(linker.cite(text, on))
        expected = expected_keys(doc, linker)
        score.expected += sum(expected.values())
        score.found += sum(found.values())
        score.correct += sum((found & expected).values())
        name = doc.get("id") or doc.get("sample") or doc.get("source")
        for key in (found - expected).elements():
            score.mistakes.append(f"{name}: 多余或解析错误 {key}")
        for key in (expected - found).elements():
            score.mistakes.append(f"{name}: 漏掉 {key}")
    return score


def open_library(settings: Settings) -> Services:
    kb = open_services(settings)
    with kb.db.session() as session:
        statutes = library_counts(session)[0]
    if statutes == 0:
        print(f"导入语料库 {settings.corpus_path} …", file=sys.stderr)
        Importer(kb.db).import_path(settings.corpus_path)
        kb.citations.link_library()
    return kb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), action="append")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as tmp:
        if not (settings.sqlite_path and settings.sqlite_path.exists()):
            settings = Settings(Path(tmp), f"sqlite:///{tmp}/kb.sqlite3", settings.corpus_path)
        kb = open_library(settings)
        try:
            for name in args.set or list(SETS):
                score = evaluate(kb.linker, load(SETS[name]), settings.corpus_path)
                print(f"{name:8s} 标注 {score.expected:4d}  找到 {score.found:4d}  正确 {score.correct:4d}"
                      f"  precision {score.precision:.3f}  recall {score.recall:.3f}")
                if args.verbose:
                    for mistake in score.mistakes:
                        print("   ", mistake)
        finally:
            kb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
