"""Check the labels of bench/plain_eval.json against the corpus text itself.

Usage: python -m bench.plain_eval_check [--corpus DIR] [--show] [--only ID,ID…]
       python -m bench.plain_eval_check --article 劳动合同法 38
       python -m bench.plain_eval_check --find 劳动合同法 经济补偿

The corpus is parsed with the project's own parser (laws.corpus), not read from a library:
each expected statute is found the way kb.library.find_statute finds it (full title, short
title or alias; on a tie the higher level of force), its newest version is the file with
the latest date (what the importer marks 现行有效), and each expected article must exist
in that version.  The split rule is checked too: every third question of each domain, in
file order, is "held".  --show prints the text of every labelled article under its
question, to be read: a label stays only when its article answers the question.
--article and --find print one article, or the articles of a statute holding a word,
for writing labels from the text rather than from memory.

How the set was written and why "held" is never tuned on: see bench/README-plain-eval.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kb.library import level_rank
from laws.corpus import classify, file_stem_and_date, find_sources, load_documents
from laws.model import Article
from laws.numbering import parse_numeral
from laws.titles import derive_aliases, derive_short_title, normalise_title

EVAL_FILE = Path(__file__).resolve().parent / "plain_eval.json"
DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
DOMAINS = ("civil", "labour", "land", "family", "administrative", "criminal", "tax", "audit",
           "consumer")
HELD_EVERY = 3


@dataclass(frozen=True)
class SourceFile:
    path: Path
    key: str
    level: str
    date: dt.date | None


class Corpus:
    """The corpus's statute files by name, parsed on demand (newest version only)."""

    def __init__(self, root: Path):
        self.by_alias: dict[str, set[str]] = defaultdict(set)
        self.files: dict[str, list[SourceFile]] = defaultdict(list)
        for path in find_sources(root):
            with path.open("rb") as handle:
                first = handle.readline().decode("utf-8-sig", "replace").lstrip("# ").strip()
            stem, date = file_stem_and_date(path)
            title = normalise_title(first or stem)
            source = SourceFile(path, title, classify(path, first).level, date)
            self.files[title].append(source)
            for alias in derive_aliases(title, derive_short_title(title, stem), stem):
                self.by_alias[alias].add(title)
        self._parsed: dict[str, dict[tuple[int, int], Article]] = {}
        self._shown: dict[str, str] = {}

    def resolve(self, name: str) -> str | None:
        """The statute key (normalised full title) a name means, as find_statute picks it."""
        key = normalise_title(name.strip().strip("《》〈〉"))
        candidates = self.by_alias.get(key) or ({key} if key in self.files else set())
        if not candidates:
            return None
        return min(candidates, key=lambda k: (min(level_rank(f.level) for f in self.files[k]), k))

    def newest(self, key: str) -> SourceFile:
        files = self.files[key]
        return max(files, key=lambda f: (f.date is not None, f.date or dt.date.min, str(f.path)))

    def articles(self, key: str) -> dict[tuple[int, int], Article]:
        if key not in self._parsed:
            loaded = next(load_documents(self.newest(key).path))
            doc = loaded.document
            self._shown[key] = loaded.name
            self._parsed[key] = {(a.number, a.suffix): a for a in doc.articles} if doc else {}
        return self._parsed[key]

    def shown(self, key: str) -> str:
        """The file (or, for a code in parts, the folder) the newest version was read from."""
        self.articles(key)
        return self._shown.get(key, self.newest(key).path.name)


def check_split(entries: list[dict]) -> list[str]:
    """Problems with the set's rules: known domains, unique ids, every third of a domain held."""
    problems, seen = [], defaultdict(int)
    for entry in entries:
        if entry["domain"] not in DOMAINS:
            problems.append(f"{entry['id']}: 未知领域 {entry['domain']}")
        position = seen[entry["domain"]]
        seen[entry["domain"]] += 1
        want = "held" if position % HELD_EVERY == HELD_EVERY - 1 else "tune"
        if entry["split"] != want:
            problems.append(f"{entry['id']}: split 应为 {want}")
    ids = [e["id"] for e in entries]
    problems += [f"{i}: id 重复" for i in sorted({i for i in ids if ids.count(i) > 1})]
    return problems


def check_labels(corpus: Corpus, entry: dict, show: bool) -> list[str]:
    problems = []
    if not 1 <= len(entry["expect"]) <= 5:
        problems.append(f"{entry['id']}: 应有 1–5 个条文")
    if show:
        print(f"\n== {entry['id']} [{entry['domain']}/{entry['split']}] {entry['query']}")
    for law, number, *suffix in entry["expect"]:
        key = corpus.resolve(law)
        label = f"{law} {number}{'之' + str(suffix[0]) if suffix else ''}"
        if key is None:
            problems.append(f"{entry['id']}: 找不到法规 {law}")
            continue
        article = corpus.articles(key).get((number, suffix[0] if suffix else 0))
        if article is None:
            problems.append(f"{entry['id']}: {label} 在最新版本"
                            f"（{corpus.shown(key)}）中不存在")
            continue
        if show:
            print(f"-- {label}  ({corpus.shown(key)})\n{article.label} {article.text}")
    return problems


def print_article(corpus: Corpus, law: str, number: str) -> int:
    key = corpus.resolve(law)
    if key is None:
        print(f"找不到法规 {law}", file=sys.stderr)
        return 1
    no = int(number) if number.isdigit() else parse_numeral(number)
    for (n, _suffix), article in sorted(corpus.articles(key).items()):
        if n == no:
            print(f"{corpus.shown(key)} {article.label} {article.text}")
    return 0


def find_word(corpus: Corpus, law: str, words: list[str]) -> int:
    key = corpus.resolve(law)
    if key is None:
        print(f"找不到法规 {law}", file=sys.stderr)
        return 1
    for (number, suffix), article in sorted(corpus.articles(key).items()):
        if all(w in article.text for w in words):
            text = article.text.replace("\n", " ")
            print(f"[{number}{'-' + str(suffix) if suffix else ''}] {article.label} {text[:300]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show", action="store_true", help="print each labelled article")
    parser.add_argument("--only", help="comma-separated question ids")
    parser.add_argument("--article", nargs=2, metavar=("LAW", "NO"))
    parser.add_argument("--find", nargs="+", metavar=("LAW", "WORD"))
    args = parser.parse_args(argv)
    corpus = Corpus(args.corpus)
    if args.article:
        return print_article(corpus, *args.article)
    if args.find:
        return find_word(corpus, args.find[0], args.find[1:])
    entries = json.loads(EVAL_FILE.read_text(encoding="utf-8"))
    problems = check_split(entries)
    only = set(args.only.split(",")) if args.only else None
    for entry in entries:
        if only is None or entry["id"] in only:
            problems += check_labels(corpus, entry, args.show)
    counts = defaultdict(lambda: defaultdict(int))
    for entry in entries:
        counts[entry["domain"]][entry["split"]] += 1
    print(f"\n{len(entries)} 题：" + "，".join(
        f"{d} {sum(counts[d].values())}（held {counts[d]['held']}）" for d in DOMAINS))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} 个问题" if problems else "全部标注均在语料中找到")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
