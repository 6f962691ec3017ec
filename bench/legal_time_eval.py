"""Dated facts about the audit statutes, answered by `python -m kb show` and `kb cite`.

    python -m bench.legal_time_eval [--verbose]

bench/legal_time_facts.json holds the facts: each one an argv of `python -m kb` (show or
cite, always --json) and the fields its answer must carry (effective dates and their
source, statuses, repeals, the version in force on a date, what a citation resolves to).
Every fact is run through the command line's own `main`, against the whole corpus; the
score is printed per part (dev, heldout: written before any run, never tuned on).

Needs a database with the corpus imported and linked: KB_DATA_DIR if it holds one, else
the corpus (KB_CORPUS or ../shared/corpus) is imported into a temporary directory first.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench.cite_eval import open_library
from kb.cli import main as kb_main
from core.settings import Settings

FACTS = Path(__file__).resolve().parent / "legal_time_facts.json"


def answer(argv: list[str]) -> dict:
    """Run one `python -m kb` command and read its JSON (a cite's first reference)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = kb_main(argv)
    if status != 0 or not out.getvalue().strip():
        return {"error": f"exit {status}: {err.getvalue().strip()[:200]}"}
    data = json.loads(out.getvalue())
    if isinstance(data, list):
        return data[0] if data else {"error": "no reference found"}
    return data


def mismatches(fact: dict, got: dict) -> list[str]:
    return [f"{key}: expected {want!r}, got {got.get(key, '<missing>')!r}"
            for key, want in fact["expect"].items() if got.get(key, "<missing>") != want]


def evaluate(facts: list[dict], verbose: bool) -> Counter:
    score: Counter = Counter()
    for fact in facts:
        wrong = mismatches(fact, answer(fact["argv"]))
        score[(fact["part"], "total")] += 1
        score[(fact["part"], "right")] += not wrong
        if wrong or verbose:
            mark = "✗" if wrong else "✓"
            print(f"{mark} {fact['id']} {' '.join(fact['argv'][:4])}", *wrong, sep="\n    ")
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    facts = json.loads(FACTS.read_text(encoding="utf-8"))["facts"]
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as tmp:
        if not (settings.sqlite_path and settings.sqlite_path.exists()):
            settings = Settings(Path(tmp), f"sqlite:///{tmp}/kb.sqlite3", settings.corpus_path)
            os.environ["KB_DATA_DIR"] = tmp
            os.environ["KB_DATABASE_URL"] = settings.database_url
        open_library(settings).close()
        score = evaluate(facts, args.verbose)
    for part in ("dev", "heldout"):
        right, total = score[(part, "right")], score[(part, "total")]
        print(f"{part}: {right}/{total} correct ({right / max(total, 1):.0%})")
    return 0 if all(score[(p, "right")] == score[(p, "total")] for p in ("dev", "heldout")) else 1


if __name__ == "__main__":
    sys.exit(main())
