"""Command line of the knowledge base: `python -m kb import|check|show|correspondence|index|search …`.

Exit status: 0 success, 1 the command ran but found a problem (lost text, no such
article), 2 the input cannot be used (missing path, malformed argument).
"""
from __future__ import annotations

import argparse
import html
import json
import sys
from contextlib import ExitStack, contextmanager
from typing import Iterator
from pathlib import Path

from tqdm import tqdm

from kb.cli_content import add_commands, print_link
from core.errors import InvalidInput, KbError, NotFound
from kb.fidelity import FidelityChecker
from kb.library import parse_date_arg
from kb.library_import import PhaseProgress
from kb.search import SearchFilters
# The command line opens the whole domain in its one composition root (tests/test_layers.py
# lets the command-line modules of kb reach it, and nothing else above kb).
from quizzes.services import Services, open_services
from core.settings import Settings
from laws.corpus import CorpusError

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


@contextmanager
def progress_bar(description: str):
    """A tqdm bar on stderr fed by the (done, total, name) callbacks the domain calls."""
    bar = None

    def update(done: int, total: int, name: str) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=description, unit="件", file=sys.stderr,
                       dynamic_ncols=True, mininterval=0.5)
        bar.n = done
        bar.set_postfix_str(name[-30:], refresh=False)
        bar.refresh() if done == total else bar.update(0)

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()


@contextmanager
def phase_bars() -> Iterator[PhaseProgress]:
    """One progress bar per phase of a domain operation, each closed when the next starts."""
    with ExitStack() as bars:
        def phase(title: str):
            bars.close()
            return bars.enter_context(progress_bar(title))
        yield phase


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_import(kb: Services, args) -> int:
    with phase_bars() as progress:
        outcome = kb.library_import.import_path(args.path, progress, relink=args.link)
    summary = outcome.summary
    for warning in summary.warnings:
        print(f"警告：{warning}", file=sys.stderr)
    print(f"导入完成：读取文件 {summary.files} 个，解析文档 {summary.documents} 个"
          f"（新版本 {summary.new_versions}，更新 {summary.updated_versions}，"
          f"重复文件 {summary.duplicates}），未变化 {summary.unchanged} 个，跳过 {summary.skipped} 个；"
          f"本次写入条文 {summary.articles} 条；警告 {len(summary.warnings)} 条。")
    print(f"法规库现有：法规 {summary.total_statutes} 部，版本 {summary.total_versions} 个，"
          f"条文 {summary.total_articles} 条。")
    if outcome.link_was_unfinished:
        print("上次导入后的引用链接没有完成，现已补做。")
    if outcome.link is not None:
        print_link(outcome.link, outcome.link_seconds)
    if outcome.index_missing:
        print("提示：检索索引尚未建立，运行 python -m kb index 建立。")
    return EXIT_OK


def cmd_check(kb: Services, args) -> int:
    with progress_bar("核对原文") as update:
        report = FidelityChecker(kb.db, update).check_path(Path(args.path))
    gaps = 0
    for check in report.checks:
        if check.problem:
            print(f"缺失：{check.path}：{check.problem}")
        if check.note and not check.problem:
            print(f"说明：{check.path}：{check.note}")
        for start, end in check.gaps:
            gaps += 1
            span = f"第{start}条" if start == end else f"第{start}条至第{end}条"
            print(f"条号缺口：{check.path}：原文缺少{span}")
        for number in check.duplicates:
            print(f"条号重复：{check.path}：第{number}条出现多次")
    total = len(report.checks)
    print(f"核对完成：文件 {total} 个，完整 {total - len(report.failures)} 个，"
          f"有缺失 {len(report.failures)} 个；原文条号缺口 {gaps} 处。")
    return EXIT_OK if report.ok else EXIT_PROBLEM


def cmd_show(kb: Services, args) -> int:
    on = parse_date_arg(args.date)
    view = kb.library.get_article(args.statute, args.article, on)
    if view.notice:
        print(f"注意：{view.notice}；显示的是 {view.version.label}。", file=sys.stderr)
    if args.json:
        _print_json(view.to_json())
        return EXIT_OK
    version = view.version
    effective = (f"{version.effective_date} 施行（{version.effective_source_text}）"
                 if version.effective_date else f"施行日期未记录，按公布日期 {version.promulgated}")
    event = f"：{version.status_event}" if version.status_event else ""
    print(f"《{view.statute.title}》（{version.label}，{version.status}{event}）")
    print(f"公布：{version.promulgated or '未记录'}；{effective}")
    if view.chapter:
        print(" / ".join(view.chapter))
    print(f"{view.article_label} {view.text}")
    return EXIT_OK


def cmd_correspondence(kb: Services, args) -> int:
    statute = kb.library.find_statute(args.statute)
    table = kb.correspondence.table_on_dates(statute.id, parse_date_arg(args.date_from),
                                             parse_date_arg(args.date_to))
    if args.json:
        _print_json(table.to_json())
        return EXIT_OK
    print(f"《{statute.title}》新旧对照：{table.old.label} → {table.new.label}")
    for row in table.rows:
        print(f"{row.old.label if row.old else '—'}\t→ {row.new.label if row.new else '—'}\t{row.change_name}")
    print("；".join(f"{name} {count}" for _, name, count in table.counts()))
    return EXIT_OK


def cmd_index(kb: Services, args) -> int:
    with progress_bar("建立检索索引") as update:
        summary = kb.search.rebuild(update)
    print(f"检索索引已建立：文档 {summary.documents} 篇，索引段 {summary.segments} 个，"
          f"用时 {summary.seconds:.1f} 秒。")
    return EXIT_OK


def _plain(snippet: str) -> str:
    """A snippet for the terminal: marks as 【】, entities unescaped."""
    return html.unescape(snippet.replace("<mark>", "【").replace("</mark>", "】"))


def cmd_search(kb: Services, args) -> int:
    filters = SearchFilters(law=args.law, level=args.level, branch=args.branch,
                            status="all" if args.all_versions else "current",
                            on_date=parse_date_arg(args.date))
    response = kb.search.search(args.query, filters, page=args.page, per_page=args.limit)
    if response.message:
        print(f"提示：{response.message}", file=sys.stderr)
    if response.suggestions:
        print(f"您是不是要找：{'、'.join(response.suggestions)}", file=sys.stderr)
    if args.json:
        _print_json([hit.to_json() for hit in response.hits])
        return EXIT_OK if kb.search.is_built() else EXIT_PROBLEM
    first = (response.page - 1) * response.per_page
    for number, hit in enumerate(response.hits, first + 1):
        when = f"{hit.version_date.isoformat()} 版，" if hit.version_date else ""
        print(f"{number}. 《{hit.law_title}》{hit.article_label}（{when}{hit.status}）")
        print(f"   {_plain(hit.snippet)}")
    print(f"共 {response.total} 条结果，第 {response.page}/{response.pages} 页。")
    return EXIT_OK if kb.search.is_built() else EXIT_PROBLEM


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("必须是正整数")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kb", description="审计法规库命令行")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("import", help="导入法规文件或文件夹（可重复执行）")
    p.add_argument("path", help="语料库文件夹或单个 .md 文件")
    p.add_argument("--link", action="store_true", help="即使没有变化也重新计算引用链接")
    p.set_defaults(handler=cmd_import)
    p = sub.add_parser("check", help="核对原文是否完整入库（有缺失时退出码非零）")
    p.add_argument("path")
    p.set_defaults(handler=cmd_check)
    p = sub.add_parser("show", help="显示一条法条")
    p.add_argument("statute", help="法规全称、简称或别名，如 审计法")
    p.add_argument("article", help="条号：34、三十四 或 第三十四条")
    p.add_argument("--date", help="按该日期有效的版本（YYYY-MM-DD）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=cmd_show)
    p = sub.add_parser("correspondence", help="两个版本之间的条文对应（新旧对照表）")
    p.add_argument("statute", help="法规全称、简称或别名，如 会计法")
    p.add_argument("--from", dest="date_from", help="旧版本的版本日期（YYYY-MM-DD）；只给 --from 时与其下一版本对照")
    p.add_argument("--to", dest="date_to", help="新版本的版本日期（YYYY-MM-DD）；只给 --to 时与其上一版本对照；都不给：上一版本与现行版本")
    p.add_argument("--json", action="store_true", help="输出 JSON 数组")
    p.set_defaults(handler=cmd_correspondence)
    p = sub.add_parser("index", help="建立或重建检索索引（重建期间仍可检索旧索引）")
    p.set_defaults(handler=cmd_index)
    p = sub.add_parser("search", help="全文检索法规条文")
    p.add_argument("query", help="问题、关键词或引用，如 审计法第三十四条")
    p.add_argument("--limit", type=_positive, default=10, help="每页条数（默认 10）")
    p.add_argument("--page", type=_positive, default=1, help="页码（默认 1）")
    p.add_argument("--law", help="只在这部法规中检索（全称、简称或别名）")
    p.add_argument("--level", help="效力级别，如 法律、行政法规、地方性法规")
    p.add_argument("--branch", help="法律部门，如 经济法")
    p.add_argument("--date", help="只检索该日期有效的版本（YYYY-MM-DD）")
    p.add_argument("--all-versions", action="store_true", help="包括已修改的旧版本")
    p.add_argument("--json", action="store_true", help="输出 JSON 数组")
    p.set_defaults(handler=cmd_search)
    add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        kb = open_services(Settings.from_env())
    except Exception as error:  # noqa: BLE001 - any failure to open the store is fatal here
        print(f"错误：无法打开数据库：{error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return args.handler(kb, args)
    except (CorpusError, InvalidInput) as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_USAGE
    except (NotFound, KbError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_PROBLEM
    finally:
        kb.close()
