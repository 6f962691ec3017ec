"""Search quality on bench/search_eval.json: recall@10, MRR, citation rank-1, suggestions.

Usage: python -m bench.search_eval [--build] [--split tune|held|all] [--failures] [--json]

Needs the whole corpus imported and indexed in KB_DATA_DIR (`python -m kb import …`, then
`python -m kb index`, or pass --build).  Every third query of each type is held out: tune
nothing on it, and print its failures only when reporting (--failures --split held).
Query types: question (natural language), keyword (phrases), citation, name (a statute's
name: its statute document must come first), suggest (a misspelt or partial name: the
statute must be among the "did you mean" suggestions).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from core.progress import progress_bar
from kb.search import SearchResponse
from quizzes.services import Services, open_services
from core.settings import Settings

EVAL_FILE = Path(__file__).resolve().parent / "search_eval.json"
TOP = 10


def load_queries(path: Path = EVAL_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def expected_keys(kb: Services, entry: dict) -> set[tuple]:
    """(law id, article no, suffix) of each expected article, or (law id, None, 0) for a statute."""
    if entry["type"] in ("name", "suggest"):
        return {(kb.library.find_statute(entry["law"]).id, None, 0)}
    keys = set()
    for law, number, *suffix in entry["expect"]:
        keys.add((kb.library.find_statute(law).id, number, suffix[0] if suffix else 0))
    return keys


def rank_of(response: SearchResponse, keys: set[tuple], statute: bool) -> int | None:
    for position, hit in enumerate(response.hits, 1):
        if statute and hit.kind != "statute":
            continue
        if not statute and hit.kind != "article":
            continue
        if (hit.law_id, hit.article_no, hit.article_suffix) in keys:
            return position
    return None


def evaluate(kb: Services, queries: list[dict]) -> list[dict]:
    rows = []
    for entry in queries:
        response = kb.search.search(entry["query"], per_page=TOP)
        row = {**entry, "rank": None, "ok": False}
        if entry["type"] == "suggest":
            row["ok"] = entry["law"] in response.suggestions
            row["got"] = response.suggestions
        else:
            row["rank"] = rank_of(response, expected_keys(kb, entry), entry["type"] == "name")
            row["ok"] = row["rank"] is not None
            row["got"] = [f"{h.short_title}{h.article_label or '（法规）'}" for h in response.hits[:5]]
        rows.append(row)
    return rows


def summarise(rows: list[dict]) -> dict:
    ranked = [r for r in rows if r["type"] != "suggest"]
    citations = [r for r in rows if r["type"] == "citation"]
    suggest = [r for r in rows if r["type"] == "suggest"]
    return {
        "queries": len(rows),
        "recall@10": sum(r["ok"] for r in ranked) / len(ranked) if ranked else None,
        "mrr": sum(1 / r["rank"] for r in ranked if r["rank"]) / len(ranked) if ranked else None,
        "citation_rank1": (sum(r["rank"] == 1 for r in citations) / len(citations)
                           if citations else None),
        "suggest_ok": sum(r["ok"] for r in suggest) / len(suggest) if suggest else None,
    }


def report(rows: list[dict]) -> dict:
    out = {}
    for split in ("all", "tune", "held"):
        chosen = [r for r in rows if split == "all" or r["split"] == split]
        out[split] = {"overall": summarise(chosen)}
        by_type = defaultdict(list)
        for r in chosen:
            by_type[r["type"]].append(r)
        for kind, items in sorted(by_type.items()):
            out[split][kind] = summarise(items)
    return out


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def print_report(summary: dict) -> None:
    print(f"{'split':6} {'type':10} {'n':>4} {'recall@10':>10} {'MRR':>7} {'cite@1':>7} "
          f"{'suggest':>8}")
    for split, groups in summary.items():
        for kind, s in groups.items():
            print(f"{split:6} {kind:10} {s['queries']:>4} {_fmt(s['recall@10']):>10} "
                  f"{_fmt(s['mrr']):>7} {_fmt(s['citation_rank1']):>7} {_fmt(s['suggest_ok']):>8}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="rebuild the index first")
    parser.add_argument("--split", choices=("tune", "held", "all"), default="tune",
                        help="whose failures --failures prints (default: tune only)")
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    kb = open_services(Settings.from_env())
    try:
        if args.build or not kb.search.is_built():
            with progress_bar("建立检索索引") as update:
                kb.search.rebuild(update)
        rows = evaluate(kb, load_queries())
    finally:
        kb.close()
    summary = report(rows)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print_report(summary)
    if args.failures:
        for r in rows:
            chosen = args.split == "all" or r["split"] == args.split
            if chosen and (not r["ok"] or (r["rank"] or 1) > 1):
                print(f"{r['id']} {r['type']:9} rank={r['rank']} {r['query']} → {r['got']}",
                      file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
