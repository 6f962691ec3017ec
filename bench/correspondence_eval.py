"""Scores the correspondence tables against bench/correspondence_facts.json (facts checked
by reading the texts): how many facts each split gets right, and which it misses.

Usage: python -m bench.correspondence_eval [--data-dir DIR] [--corpus PATH]
(the data directory of bench.legal_time_bench, imported once and reused)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from pathlib import Path

from bench.legal_time_bench import ROOT, prepare
from core.settings import Settings

FACTS = Path(__file__).resolve().parent / "correspondence_facts.json"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default=str(ROOT / "bench" / "out" / "legal-time-data"))
    parser.add_argument("--corpus", default=str(Settings.from_env().corpus_path))
    args = parser.parse_args()
    kb = prepare(Path(args.data_dir), Path(args.corpus))
    right, total = Counter(), Counter()
    for pair in json.loads(FACTS.read_text(encoding="utf-8"))["pairs"]:
        statute = kb.library.find_statute(pair["law"])
        table = kb.correspondence.table_on_dates(statute.id, dt.date.fromisoformat(pair["from"]),
                                                 dt.date.fromisoformat(pair["to"]))
        found = {(r["old"], r["new"], r["change"]) for r in table.to_json()}
        for fact in pair["facts"]:
            total[pair["split"]] += 1
            if (fact["old"], fact["new"], fact["change"]) in found:
                right[pair["split"]] += 1
            else:
                got = sorted(f"{r[0]}→{r[1]} {r[2]}" for r in found
                             if fact["old"] is not None and r[0] == fact["old"]
                             or fact["new"] is not None and r[1] == fact["new"])
                print(f"  miss [{pair['split']}] {pair['law']} {fact['old']}→{fact['new']} "
                      f"{fact['change']}; table: {', '.join(got) or '—'}")
    for split in total:
        print(f"{split}: {right[split]}/{total[split]} facts ({right[split] / total[split]:.0%})")
    kb.close()


if __name__ == "__main__":
    main()
