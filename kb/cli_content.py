"""Command line for cases, citations and the finding guide (registered by kb.cli):
cite, check-citations, link, backlinks, import-cases, export-cases, import-court-cases,
load-samples, seed-guide, guide-match."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from kb.cases.courtcases import import_court_cases
from kb.cases.samples import load_sample_cases
from kb.cases.transfer import TransferReport
from kb.citations.store import LinkSummary
from core.errors import InvalidInput
from kb.guide.seed import seed_guide
from kb.library import parse_date_arg
from accounts.permissions import SYSTEM

EXIT_OK, EXIT_PROBLEM = 0, 1


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_cite(kb, args) -> int:
    on = parse_date_arg(args.date)
    citations = kb.linker.cite(args.text, on)
    if args.json:
        _print_json([c.to_json() for c in citations])
        return EXIT_OK
    if not citations:
        print("没有找到法条引用。")
    for c in citations:
        version = f"（{c.version_date} 版）" if c.version_date else ""
        notice = f"（{c.notice}）" if c.notice else ""
        print(f"{c.text}\t→ 《{c.law_title}》{c.article_label}{version}：{c.status_text}{notice}")
    return EXIT_OK


def cmd_check_citations(kb, args) -> int:
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"无法读取文件 {args.file}：{error}") from None
    report = kb.checker.check(text, parse_date_arg(args.date))
    if args.json:
        _print_json(report.to_json())
    else:
        for item in report.items:
            mark = "✓" if item.ok else "✗"
            print(f"{mark} {item.citation.text}：{item.message or item.citation.status_text}")
        for warning in report.warnings:
            print(f"! {warning.message}")
        print(f"共 {len(report.items)} 处引用，有问题 {len(report.problems)} 处，"
              f"指南提示 {len(report.warnings)} 条。")
    return EXIT_PROBLEM if report.problems or report.warnings else EXIT_OK


def print_link(summary: LinkSummary, seconds: float) -> None:
    print(f"引用链接完成（{seconds:.1f} 秒）：扫描条文 {summary.articles} 条，"
          f"找到引用 {summary.citations} 处，未能解析 {summary.unresolved} 处；"
          f"废止条款 {summary.repeals} 条；重新解析案例和题目引用 {summary.rechecked} 处。")


def run_link(kb, progress) -> LinkSummary:
    started = time.perf_counter()
    summary = kb.citations.link_library(progress)
    print_link(summary, time.perf_counter() - started)
    return summary


def cmd_link(kb, args) -> int:
    from kb.cli import progress_bar
    with progress_bar("链接引用") as update:
        run_link(kb, update)
    return EXIT_OK


def cmd_backlinks(kb, args) -> int:
    statute = kb.library.find_statute(args.statute)
    view = kb.library.get_article(statute.id, args.article)
    links = kb.backlinks.backlinks(statute.id, view.article_no, article_suffix=view.article_suffix,
                                   viewer=SYSTEM)
    print(f"《{statute.title}》{view.article_label} 被引用 {links.total} 处：")
    for case in links.cases:
        print(f"  案例：{case.title}（{case.text}）")
    for question in links.questions:
        print(f"  题目 #{question.question_id}（{question.text}）")
    for article in links.articles:
        note = "" if article.exact_version else "（引用时的版本不在法规库中）"
        print(f"  《{article.short_title}》{article.article_label}：{article.text}{note}")
    return EXIT_OK


def _print_transfer(report: TransferReport, what: str) -> int:
    for name, error in report.errors:
        print(f"跳过 {name}：{error}", file=sys.stderr)
    for name in report.new_audit_types:
        print(f"新增审计类型：{name}")
    print(f"{what}：新增 {len(report.created)} 个，更新 {len(report.updated)} 个，"
          f"未变化 {len(report.unchanged)} 个，已存在未覆盖 {len(report.skipped)} 个，"
          f"出错跳过 {len(report.errors)} 个。")
    return EXIT_PROBLEM if report.errors else EXIT_OK


def cmd_import_cases(kb, args) -> int:
    report = kb.case_transfer.import_path(SYSTEM, Path(args.path), update_existing=args.update)
    return _print_transfer(report, "导入案例")


def cmd_export_cases(kb, args) -> int:
    count = kb.case_transfer.export(SYSTEM, Path(args.destination), as_zip=args.zip,
                               include_drafts=args.drafts, now=kb.clock.now())
    print(f"已导出 {count} 个案例到 {args.destination}")
    return EXIT_OK


def cmd_import_court_cases(kb, args) -> int:
    folder = Path(args.path) if args.path else kb.settings.corpus_path / "案例"
    report = import_court_cases(kb.case_transfer, folder, kb.clock.today_local(),
                                update_existing=args.update)
    return _print_transfer(report, "导入法院案例")


def cmd_load_samples(kb, args) -> int:
    return _print_transfer(load_sample_cases(kb.case_transfer), "载入示例案例")


def cmd_seed_guide(kb, args) -> int:
    summary = seed_guide(kb.guide, overwrite=args.overwrite)
    for error in summary.errors:
        print(f"未能载入：{error}", file=sys.stderr)
    print(f"问题定性指南：新增 {summary.created} 条，覆盖 {summary.updated} 条，"
          f"保留已有 {summary.kept} 条，出错 {len(summary.errors)} 条。")
    return EXIT_PROBLEM if summary.errors else EXIT_OK


def cmd_guide_match(kb, args) -> int:
    matches = kb.guide.match(args.query)
    if not matches:
        print("指南中没有匹配的问题。")
    for match in matches:
        entry = kb.guide.get_entry(match.entry.id)
        print(f"{entry.title}（匹配：{'、'.join(match.matched)}）")
        for basis in entry.basis:
            print(f"  {basis.role_name}：{basis.basis.label}")
    return EXIT_OK


def add_commands(sub) -> None:
    p = sub.add_parser("cite", help="找出文字中的法条引用并逐条解析")
    p.add_argument("text", help="要分析的文字，如 依据《审计法》第四十五条")
    p.add_argument("--date", help="文字的日期（YYYY-MM-DD），按当时有效的版本解析")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=cmd_cite)
    p = sub.add_parser("check-citations", help="核对审计报告或决定书中的引用（文件或 - 表示标准输入）")
    p.add_argument("file")
    p.add_argument("--date", help="文书日期（YYYY-MM-DD）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check_citations)
    p = sub.add_parser("link", help="重新计算法规之间的引用（反向链接）和废止条款")
    p.set_defaults(handler=cmd_link)
    p = sub.add_parser("backlinks", help="列出引用某一条的案例、题目和法条")
    p.add_argument("statute")
    p.add_argument("article")
    p.set_defaults(handler=cmd_backlinks)
    p = sub.add_parser("import-cases", help="导入案例文件（文件夹、.md 或 .zip）")
    p.add_argument("path")
    p.add_argument("--update", action="store_true", help="已存在的案例按文件内容更新（保留修订记录）")
    p.set_defaults(handler=cmd_import_cases)
    p = sub.add_parser("export-cases", help="导出案例为 Markdown 文件（或一个 zip）")
    p.add_argument("destination")
    p.add_argument("--zip", action="store_true")
    p.add_argument("--drafts", action="store_true", help="同时导出草稿")
    p.set_defaults(handler=cmd_export_cases)
    p = sub.add_parser("import-court-cases", help="导入语料库中的法院案例（默认 语料库/案例）")
    p.add_argument("path", nargs="?")
    p.add_argument("--update", action="store_true")
    p.set_defaults(handler=cmd_import_court_cases)
    p = sub.add_parser("load-samples", help="载入示例审计案例（可重复执行）")
    p.set_defaults(handler=cmd_load_samples)
    p = sub.add_parser("seed-guide", help="载入问题定性指南的初始条目（可重复执行）")
    p.add_argument("--overwrite", action="store_true", help="用数据文件覆盖已有条目")
    p.set_defaults(handler=cmd_seed_guide)
    p = sub.add_parser("guide-match", help="按问题描述查找指南条目，如 化整为零")
    p.add_argument("query")
    p.set_defaults(handler=cmd_guide_match)
