"""Demo steps of the case library and the finding guide (see webapp/commands/demo.py):
link the references inside the statutes, load the sample audit cases and the corpus's
court cases, seed the guide.  Each is safe to run again: cases are matched by uid, guide
entries by slug, and the link step runs only on a library that was never linked."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kb.cases.courtcases import import_court_cases
from kb.cases.samples import load_sample_cases
from kb.cases.transfer import TransferReport
from core.errors import KbError
from kb.guide.seed import seed_guide

if TYPE_CHECKING:
    from webapp.commands.demo import DemoContext

COURT_CASES = "案例"


def link_library_if_needed(context: "DemoContext") -> None:
    kb = context.kb
    if kb.catalogue.is_empty() or (kb.citations.is_library_linked()
                                   and not kb.citations.is_link_pending()):
        context.echo("法条引用已链接（或法规库为空），跳过。")
        return
    with context.progress.task("链接引用") as update:
        summary = kb.citations.link_library(update)
    context.echo(f"已链接法规之间的引用 {summary.citations} 处（未能解析 {summary.unresolved} 处）。")


def _report(context: "DemoContext", what: str, report: TransferReport) -> None:
    context.echo(f"{what}：新增 {len(report.created)} 个，未变化 {len(report.unchanged)} 个，"
                 f"已存在 {len(report.skipped)} 个，出错 {len(report.errors)} 个。")
    for name, error in report.errors[:10]:
        context.echo(f"  跳过 {name}：{error}", err=True)


def load_cases(context: "DemoContext") -> None:
    kb = context.kb
    _report(context, "示例审计案例", load_sample_cases(kb.case_transfer))
    folder = kb.settings.corpus_path / COURT_CASES
    if not folder.is_dir():
        context.echo(f"没有找到法院案例文件夹 {folder}，跳过。")
        return
    try:
        report = import_court_cases(kb.case_transfer, folder, kb.clock.today_local())
    except KbError as error:
        context.echo(f"未能导入法院案例：{error}", err=True)
        return
    _report(context, "法院案例", report)


def seed_finding_guide(context: "DemoContext") -> None:
    if context.kb.catalogue.is_empty():
        context.echo("法规库为空，指引的依据无法核对，跳过。")
        return
    summary = seed_guide(context.kb.guide)
    context.echo(f"问题定性指引：新增 {summary.created} 条，保留已有 {summary.kept} 条，"
                 f"出错 {len(summary.errors)} 条。")
    for error in summary.errors[:10]:
        context.echo(f"  未能载入：{error}", err=True)
