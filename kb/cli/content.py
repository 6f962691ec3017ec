"""Commands of cases, citations and the finding guide: cite, check-citations, link,
backlinks, import-cases, export-cases, import-court-cases, load-samples, seed-guide,
guide-match."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from accounts.permissions import SYSTEM
from core.errors import InvalidInput
from core.progress import ProgressCallback, progress_bar
from kb.cases.courtcases import import_court_cases
from kb.cases.samples import load_sample_cases
from kb.cases.transfer import TransferReport
from kb.citations.store import LinkSummary
from kb.cli.base import EXIT_OK, EXIT_PROBLEM, kb_command, print_json
from kb.guide.seed import seed_guide
from kb.library import parse_date_arg

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="输出 JSON")


@kb_command("cite")
@click.argument("text")
@click.option("--date", help="文字的日期（YYYY-MM-DD），按当时有效的版本解析")
@JSON_OPTION
def cmd_cite(kb, text: str, date: str | None, as_json: bool) -> int:
    """找出文字中的法条引用并逐条解析。

    TEXT：要分析的文字，如 依据《审计法》第四十五条。
    """
    citations = kb.linker.cite(text, parse_date_arg(date))
    if as_json:
        print_json([c.to_json() for c in citations])
        return EXIT_OK
    if not citations:
        click.echo("没有找到法条引用。")
    for c in citations:
        version = f"（{c.version_date} 版）" if c.version_date else ""
        notice = f"（{c.notice}）" if c.notice else ""
        click.echo(f"{c.text}\t→ 《{c.law_title}》{c.article_label}{version}：{c.status_text}{notice}")
    return EXIT_OK


@kb_command("check-citations")
@click.argument("file")
@click.option("--date", help="文书日期（YYYY-MM-DD）")
@click.option("--json", "as_json", is_flag=True)
def cmd_check_citations(kb, file: str, date: str | None, as_json: bool) -> int:
    """核对审计报告或决定书中的引用（文件或 - 表示标准输入）。"""
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"无法读取文件 {file}：{error}") from None
    report = kb.checker.check(text, parse_date_arg(date))
    if as_json:
        print_json(report.to_json())
    else:
        for item in report.items:
            mark = "✓" if item.ok else "✗"
            click.echo(f"{mark} {item.citation.text}：{item.message or item.citation.status_text}")
        for warning in report.warnings:
            click.echo(f"! {warning.message}")
        click.echo(f"共 {len(report.items)} 处引用，有问题 {len(report.problems)} 处，"
                   f"指南提示 {len(report.warnings)} 条。")
    return EXIT_PROBLEM if report.problems or report.warnings else EXIT_OK


def print_link(summary: LinkSummary, seconds: float) -> None:
    click.echo(f"引用链接完成（{seconds:.1f} 秒）：扫描条文 {summary.articles} 条，"
               f"找到引用 {summary.citations} 处，未能解析 {summary.unresolved} 处；"
               f"废止条款 {summary.repeals} 条；重新解析案例和题目引用 {summary.rechecked} 处。")


def run_link(kb, progress: ProgressCallback) -> LinkSummary:
    started = time.perf_counter()
    summary = kb.citations.link_library(progress)
    print_link(summary, time.perf_counter() - started)
    return summary


@kb_command("link")
def cmd_link(kb) -> int:
    """重新计算法规之间的引用（反向链接）和废止条款。"""
    with progress_bar("链接引用") as update:
        run_link(kb, update)
    return EXIT_OK


@kb_command("backlinks")
@click.argument("statute")
@click.argument("article")
def cmd_backlinks(kb, statute: str, article: str) -> int:
    """列出引用某一条的案例、题目和法条。"""
    found = kb.library.find_statute(statute)
    view = kb.library.get_article(found.id, article)
    links = kb.backlinks.backlinks(found.id, view.article_no, article_suffix=view.article_suffix,
                                   viewer=SYSTEM)
    click.echo(f"《{found.title}》{view.article_label} 被引用 {links.total} 处：")
    for case in links.cases:
        click.echo(f"  案例：{case.title}（{case.text}）")
    for question in links.questions:
        click.echo(f"  题目 #{question.question_id}（{question.text}）")
    for cited in links.articles:
        note = "" if cited.exact_version else "（引用时的版本不在法规库中）"
        click.echo(f"  《{cited.short_title}》{cited.article_label}：{cited.text}{note}")
    return EXIT_OK


def _print_transfer(report: TransferReport, what: str) -> int:
    for name, error in report.errors:
        click.echo(f"跳过 {name}：{error}", err=True)
    for name in report.new_audit_types:
        click.echo(f"新增审计类型：{name}")
    click.echo(f"{what}：新增 {len(report.created)} 个，更新 {len(report.updated)} 个，"
               f"未变化 {len(report.unchanged)} 个，已存在未覆盖 {len(report.skipped)} 个，"
               f"出错跳过 {len(report.errors)} 个。")
    return EXIT_PROBLEM if report.errors else EXIT_OK


@kb_command("import-cases")
@click.argument("path")
@click.option("--update", is_flag=True, help="已存在的案例按文件内容更新（保留修订记录）")
def cmd_import_cases(kb, path: str, update: bool) -> int:
    """导入案例文件（文件夹、.md 或 .zip）。"""
    report = kb.case_transfer.import_path(SYSTEM, Path(path), update_existing=update)
    return _print_transfer(report, "导入案例")


@kb_command("export-cases")
@click.argument("destination")
@click.option("--zip", "as_zip", is_flag=True)
@click.option("--drafts", is_flag=True, help="同时导出草稿")
def cmd_export_cases(kb, destination: str, as_zip: bool, drafts: bool) -> int:
    """导出案例为 Markdown 文件（或一个 zip）。"""
    count = kb.case_transfer.export(SYSTEM, Path(destination), as_zip=as_zip,
                               include_drafts=drafts, now=kb.clock.now())
    click.echo(f"已导出 {count} 个案例到 {destination}")
    return EXIT_OK


@kb_command("import-court-cases")
@click.argument("path", required=False)
@click.option("--update", is_flag=True)
def cmd_import_court_cases(kb, path: str | None, update: bool) -> int:
    """导入语料库中的法院案例（默认 语料库/案例）。"""
    folder = Path(path) if path else kb.settings.corpus_path / "案例"
    report = import_court_cases(kb.case_transfer, folder, kb.clock.today_local(), update_existing=update)
    return _print_transfer(report, "导入法院案例")


@kb_command("load-samples")
def cmd_load_samples(kb) -> int:
    """载入示例审计案例（可重复执行）。"""
    return _print_transfer(load_sample_cases(kb.case_transfer), "载入示例案例")


@kb_command("seed-guide")
@click.option("--overwrite", is_flag=True, help="用数据文件覆盖已有条目")
def cmd_seed_guide(kb, overwrite: bool) -> int:
    """载入问题定性指南的初始条目（可重复执行）。"""
    summary = seed_guide(kb.guide, overwrite=overwrite)
    for error in summary.errors:
        click.echo(f"未能载入：{error}", err=True)
    click.echo(f"问题定性指南：新增 {summary.created} 条，覆盖 {summary.updated} 条，"
               f"保留已有 {summary.kept} 条，出错 {len(summary.errors)} 条。")
    return EXIT_PROBLEM if summary.errors else EXIT_OK


@kb_command("guide-match")
@click.argument("query")
def cmd_guide_match(kb, query: str) -> int:
    """按问题描述查找指南条目，如 化整为零。"""
    matches = kb.guide.match(query)
    if not matches:
        click.echo("指南中没有匹配的问题。")
    for match in matches:
        entry = kb.guide.get_entry(match.entry.id)
        click.echo(f"{entry.title}（匹配：{'、'.join(match.matched)}）")
        for basis in entry.basis:
            click.echo(f"  {basis.role_name}：{basis.basis.label}")
    return EXIT_OK
