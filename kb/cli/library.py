"""Commands of the statute library: import, check, show, correspondence, index, search."""
from __future__ import annotations

import dataclasses
import html
import time
from pathlib import Path

import click

from core.progress import phase_bars, progress_bar
from kb.cli.base import EXIT_OK, EXIT_PROBLEM, cli, kb_command, print_json
from kb.cli.content import print_link
from accounts.permissions import system_actor
from core.errors import InvalidInput
from kb.coverage import SOURCE_NAMES
from kb.intake import IntakeMetadata
from kb.fidelity import FidelityChecker
from kb.library import parse_date_arg
from kb.search import SearchFilters
from kb.search.associations import ASSOCIATIONS_FILE, DEFAULT_CORPUS, train_file
from kb.search.query import stopwords
from laws.model import LEVELS
from quizzes.services import Services

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="输出 JSON")


@kb_command("import")
@click.argument("path")
@click.option("--link", is_flag=True, help="即使没有变化也重新计算引用链接")
@click.option("--title", help="法规标题（不填则用文件中的标题）")
@click.option("--level", type=click.Choice(LEVELS), help="效力级别（.docx/.pdf/.html/.txt 文件必填）")
@click.option("--issuer", help="制定机关")
@click.option("--promulgated", help="公布日期（YYYY-MM-DD）")
@click.option("--effective", help="施行日期（YYYY-MM-DD）")
@click.option("--new-version-of", "new_version_of", help="作为这部已有法规的新版本导入（全称、简称或别名）")
def cmd_import(kb: Services, path: str, link: bool, title: str | None, level: str | None,
               issuer: str | None, promulgated: str | None, effective: str | None,
               new_version_of: str | None) -> int:
    """导入法规文件或文件夹（可重复执行）。

    PATH：语料库文件夹、单个 .md 文件，或一份 .docx、.pdf、.html、.txt 法规文件。
    """
    metadata = IntakeMetadata(title, level, issuer, parse_date_arg(promulgated),
                              parse_date_arg(effective), new_version_of)
    source = Path(path)
    if source.is_file() and (source.suffix.lower() != ".md" or metadata != IntakeMetadata()):
        return import_file(kb, source, metadata)
    if metadata != IntakeMetadata():
        raise InvalidInput("--title、--level 等只用于导入单个文件")
    with phase_bars() as progress:
        outcome = kb.library_import.import_path(path, progress, relink=link)
    summary = outcome.summary
    for warning in summary.warnings:
        click.echo(f"警告：{warning}", err=True)
    click.echo(f"导入完成：读取文件 {summary.files} 个，解析文档 {summary.documents} 个"
               f"（新版本 {summary.new_versions}，更新 {summary.updated_versions}，"
               f"重复文件 {summary.duplicates}），未变化 {summary.unchanged} 个，跳过 {summary.skipped} 个；"
               f"本次写入条文 {summary.articles} 条；警告 {len(summary.warnings)} 条。")
    print_totals(summary)
    if outcome.link_was_unfinished:
        click.echo("上次导入后的引用链接没有完成，现已补做。")
    if outcome.link is not None:
        print_link(outcome.link, outcome.link_seconds)
    if outcome.index_missing:
        click.echo("提示：检索索引尚未建立，运行 python -m kb index 建立。")
    return EXIT_OK


def print_totals(summary) -> None:
    click.echo(f"法规库现有：法规 {summary.total_statutes} 部，版本 {summary.total_versions} 个，"
               f"条文 {summary.total_articles} 条。")


def import_file(kb: Services, source: Path, metadata: IntakeMetadata) -> int:
    """One statute file through the intake (kb.intake): a new statute or a new version."""
    if source.suffix.lower() != ".md" and metadata.level is None:
        found = kb.intake.read(source.read_bytes(), source.name)
        raise InvalidInput(f"请用 --level 指明效力级别（从标题推测为“{found.level}”，须确认）；"
                           f"可选：{'、'.join(LEVELS)}")
    with phase_bars() as progress:
        result = kb.intake.save(system_actor("命令行"), source.read_bytes(), source.name, metadata, progress)
    for warning in result.warnings:
        click.echo(f"警告：{warning}", err=True)
    if result.outcome == "unchanged":
        click.echo(f"《{result.title}》：这个文件已经导入过，没有变化。")
        return EXIT_OK
    what = "新版本" if result.outcome == "new" else "更新了已有版本"
    click.echo(f"导入完成：《{result.title}》，{what}，条文 {result.articles} 条。")
    print_totals(result.import_outcome.summary)
    if result.import_outcome.link is not None:
        print_link(result.import_outcome.link, result.import_outcome.link_seconds)
    return EXIT_OK


@kb_command("check")
@click.argument("path")
def cmd_check(kb: Services, path: str) -> int:
    """核对原文是否完整入库（有缺失时退出码非零）。"""
    with progress_bar("核对原文") as update:
        report = FidelityChecker(kb.db, update).check_path(Path(path))
    gaps = 0
    for check in report.checks:
        if check.problem:
            click.echo(f"缺失：{check.path}：{check.problem}")
        if check.note and not check.problem:
            click.echo(f"说明：{check.path}：{check.note}")
        for start, end in check.gaps:
            gaps += 1
            span = f"第{start}条" if start == end else f"第{start}条至第{end}条"
            click.echo(f"条号缺口：{check.path}：原文缺少{span}")
        for number in check.duplicates:
            click.echo(f"条号重复：{check.path}：第{number}条出现多次")
    total = len(report.checks)
    click.echo(f"核对完成：文件 {total} 个，完整 {total - len(report.failures)} 个，"
               f"有缺失 {len(report.failures)} 个；原文条号缺口 {gaps} 处。")
    return EXIT_OK if report.ok else EXIT_PROBLEM


@kb_command("show")
@click.argument("statute")
@click.argument("article")
@click.option("--date", help="按该日期有效的版本（YYYY-MM-DD）")
@JSON_OPTION
def cmd_show(kb: Services, statute: str, article: str, date: str | None, as_json: bool) -> int:
    """显示一条法条。

    STATUTE：法规全称、简称或别名，如 审计法；ARTICLE：条号，34、三十四 或 第三十四条。
    """
    view = kb.library.get_article(statute, article, parse_date_arg(date))
    if view.notice:
        click.echo(f"注意：{view.notice}；显示的是 {view.version.label}。", err=True)
    if as_json:
        print_json(view.to_json())
        return EXIT_OK
    version = view.version
    effective = (f"{version.effective_date} 施行（{version.effective_source_text}）"
                 if version.effective_date else f"施行日期未记录，按公布日期 {version.promulgated}")
    event = f"：{version.status_event}" if version.status_event else ""
    click.echo(f"《{view.statute.title}》（{version.label}，{version.status}{event}）")
    click.echo(f"公布：{version.promulgated or '未记录'}；{effective}")
    if view.chapter:
        click.echo(" / ".join(view.chapter))
    click.echo(f"{view.article_label} {view.text}")
    return EXIT_OK


@kb_command("correspondence")
@click.argument("statute")
@click.option("--from", "date_from", help="旧版本的版本日期（YYYY-MM-DD）；只给 --from 时与其下一版本对照")
@click.option("--to", "date_to",
              help="新版本的版本日期（YYYY-MM-DD）；只给 --to 时与其上一版本对照；都不给：上一版本与现行版本")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 数组")
def cmd_correspondence(kb: Services, statute: str, date_from: str | None, date_to: str | None,
                       as_json: bool) -> int:
    """两个版本之间的条文对应（新旧对照表）。

    STATUTE：法规全称、简称或别名，如 会计法。
    """
    found = kb.library.find_statute(statute)
    table = kb.correspondence.table_on_dates(found.id, parse_date_arg(date_from), parse_date_arg(date_to))
    if as_json:
        print_json(table.to_json())
        return EXIT_OK
    click.echo(f"《{found.title}》新旧对照：{table.old.label} → {table.new.label}")
    for row in table.rows:
        click.echo(f"{row.old.label if row.old else '—'}\t→ {row.new.label if row.new else '—'}\t{row.change_name}")
    click.echo("；".join(f"{name} {count}" for _, name, count in table.counts()))
    return EXIT_OK


@kb_command("index")
def cmd_index(kb: Services) -> int:
    """建立或重建检索索引（重建期间仍可检索旧索引）。"""
    with progress_bar("建立检索索引") as update:
        summary = kb.search.rebuild(update)
    click.echo(f"检索索引已建立：文档 {summary.documents} 篇，索引段 {summary.segments} 个，"
               f"用时 {summary.seconds:.1f} 秒。")
    return EXIT_OK


@cli.command("train-search")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=DEFAULT_CORPUS, show_default=True, help="语料库文件夹")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=ASSOCIATIONS_FILE, show_default=True, help="写出的关联词表")
def cmd_train_search(corpus: Path, out: Path) -> None:
    """从语料库的法条学习词语关联（检索扩展用），写出 kb/search/data/associations.tsv。"""
    started = time.monotonic()
    words = train_file(corpus, out, stopwords())
    click.echo(f"词语关联已学习：{words} 个词，写入 {out}，用时 {time.monotonic() - started:.1f} 秒。")


def _plain(snippet: str) -> str:
    """A snippet for the terminal: marks as 【】, entities unescaped."""
    return html.unescape(snippet.replace("<mark>", "【").replace("</mark>", "】"))


class PositiveInt(click.ParamType):
    name = "正整数"

    def convert(self, value, param, ctx) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            self.fail("必须是正整数", param, ctx)
        return number


@kb_command("search")
@click.argument("query")
@click.option("--limit", type=PositiveInt(), default=10, help="每页条数（默认 10）")
@click.option("--page", type=PositiveInt(), default=1, help="页码（默认 1）")
@click.option("--law", help="只在这部法规中检索（全称、简称或别名）")
@click.option("--level", help="效力级别，如 法律、行政法规、地方性法规")
@click.option("--branch", help="法律部门，如 经济法")
@click.option("--date", help="只检索该日期有效的版本（YYYY-MM-DD）")
@click.option("--all-versions", is_flag=True, help="包括已修改的旧版本")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 数组")
def cmd_search(kb: Services, query: str, limit: int, page: int, law: str | None, level: str | None,
               branch: str | None, date: str | None, all_versions: bool, as_json: bool) -> int:
    """全文检索法规条文。

    QUERY：问题、关键词或引用，如 审计法第三十四条。
    """
    filters = SearchFilters(law=law, level=level, branch=branch,
                            status="all" if all_versions else "current", on_date=parse_date_arg(date))
    response = kb.search.search(query, filters, page=page, per_page=limit)
    if response.message:
        click.echo(f"提示：{response.message}", err=True)
    if response.suggestions:
        click.echo(f"您是不是要找：{'、'.join(response.suggestions)}", err=True)
    found = EXIT_OK if kb.search.is_built() else EXIT_PROBLEM
    if as_json:
        print_json([hit.to_json() for hit in response.hits])
        return found
    first = (response.page - 1) * response.per_page
    for number, hit in enumerate(response.hits, first + 1):
        when = f"{hit.version_date.isoformat()} 版，" if hit.version_date else ""
        click.echo(f"{number}. 《{hit.law_title}》{hit.article_label}（{when}{hit.status}）")
        click.echo(f"   {_plain(hit.snippet)}")
    click.echo(f"共 {response.total} 条结果，第 {response.page}/{response.pages} 页。")
    return found


@kb_command("coverage")
@JSON_OPTION
def cmd_coverage(kb: Services, as_json: bool) -> int:
    """法规库缺口：定性指引、案例和试题引用了、但法规库中没有的法规（有缺口时退出码 1）。"""
    report = kb.coverage.report(system_actor("命令行"))
    if as_json:
        print_json(dataclasses.asdict(report))
    else:
        for number, missing in enumerate(report.statutes, 1):
            kinds = "，".join(f"{SOURCE_NAMES[k]} {n}" for k, n in missing.by_kind.items())
            click.echo(f"{number}. 《{missing.name}》：{missing.total} 处引用，{missing.texts} 个条目（{kinds}）")
        for version in report.versions:
            click.echo(f"缺少历史版本：《{version.title}》，{version.citations} 处引用"
                       f"（{version.earliest or '未记录'} 至 {version.latest or '未记录'}）")
        click.echo(f"核对引用 {report.citations_checked} 处；缺少法规 {len(report.statutes)} 部，"
                   f"缺少历史版本的法规 {len(report.versions)} 部。")
    return EXIT_PROBLEM if report.statutes or report.versions else EXIT_OK
