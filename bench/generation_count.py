"""How many sound questions the generator makes from the audit statutes, and why it
refused the others.

    python -m bench.generation_count [--sample 40] [--seed 7]

Imports the nine statutes from the corpus (../shared/corpus or KB_CORPUS) into a
temporary database, runs the generator without storing anything, prints the counts per
kind, per statute and per rejection reason, and writes a random sample of the candidates
to bench/out/generation_sample.md for reading.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from kb.importer import Importer
from quizzes.services import Services, open_services
from core.settings import Settings, sqlite_url
from quizzes.composition import AUDIT_STATUTES
from quizzes.generation.service import KIND_NAMES, GenerationReport

# Corpus files of the nine statutes (the version in force is the newest of each).
FILES = ("经济法/审计法(2021-10-23).md", "行政法规/审计法实施条例(2010-02-11).md",
         "经济法/预算法(2018-12-29).md", "行政法规/预算法实施条例(2020-08-03).md",
         "经济法/政府采购法(2014-08-31).md", "行政法规/政府采购法实施条例(2015-01-30).md",
         "民法商法/招标投标法(2017-12-27).md", "经济法/会计法(2017-11-04).md",
         "经济法/会计法(2024-06-28).md", "行政法/行政处罚法(2021-01-22).md")
OUT = Path(__file__).resolve().parent / "out"


def load_statutes(data_dir: Path) -> Services:
    corpus = Settings.from_env().corpus_path
    kb = open_services(Settings(data_dir=data_dir, database_url=sqlite_url(data_dir),
                                     corpus_path=corpus))
    for name in FILES:
        Importer(kb.db).import_path(corpus / name)
    return kb


def print_report(report: GenerationReport, seconds: float) -> None:
    print(f"法规：{'、'.join(report.statutes)}；缺失：{'、'.join(report.missing) or '无'}")
    print(f"合格候选题共 {report.total} 道（用时 {seconds:.1f} 秒）")
    for kind, count in report.candidates.most_common():
        print(f"  {KIND_NAMES[kind]}：{count}")
    print("按法规：")
    for statute, count in report.per_statute.most_common():
        print(f"  {statute}：{count}")
    print(f"剔除 {sum(report.rejections.values())} 个：")
    for (kind, reason), count in report.rejections.most_common():
        print(f"  [{KIND_NAMES.get(kind, '全部')}] {reason}：{count}")


def write_sample(questions, size: int, seed: int) -> Path:
    sample = random.Random(seed).sample(questions, min(size, len(questions)))
    lines = []
    for number, generated in enumerate(sample, 1):
        data = generated.data
        lines.append(f"## {number}. {KIND_NAMES[generated.kind]}  `{generated.source_key}`\n")
        lines.append(data["stem"] + "\n")
        for option in data.get("options") or ():
            lines.append(f"- {option['id']}: {option['text']}")
        lines.append(f"\n**答案**：{data['answer']}\n")
        lines.append(data["explanation"] + "\n")
    OUT.mkdir(exist_ok=True)
    path = OUT / "generation_sample.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        kb = load_statutes(Path(tmp))
        generator = kb.generator
        report = GenerationReport()
        started = time.perf_counter()
        outcome = generator.candidates(AUDIT_STATUTES, report)
        print_report(report, time.perf_counter() - started)
        print(f"样本：{write_sample(outcome.questions, args.sample, args.seed)}")
        kb.close()


if __name__ == "__main__":
    main()
