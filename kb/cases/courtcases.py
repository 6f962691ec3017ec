"""The corpus's published court cases (../shared/corpus/案例) as cases of the library.

A corpus case file has a `# ` headline (the ruling's gist or a question), then
`<!-- INFO END -->` and `##` sections; many open with a `##` heading naming the case.
Each becomes a published case of type 司法案例 (a 裁判案例, `kb.cases.kinds`), tagged with
its corpus folder, its 案由, the level of the court and its series (`kb.cases.court_tags`),
with a uid derived from its path so re-importing finds it again.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

from kb.cases.casefile import CaseFile
from kb.cases.court_tags import court_case_tags
from kb.cases.kinds import COURT_CASE_TYPE
from kb.cases.models import STATUS_PUBLISHED
from kb.cases.transfer import CaseTransfer, TransferReport
from kb.cases.values import CaseInput
from core.errors import InvalidInput, KbError
from accounts.permissions import SYSTEM
from core.actor import Actor
from laws.header import find_dates

INFO_END = "<!-- INFO END -->"
# Corpus markup that is not text (the renderer would show it literally).
_ARTEFACTS = ("<!-- FORCE BREAK -->",)
SECTION_NAMES = {"基本案情", "典型意义", "裁判结果", "案例分析", "适用解析", "裁判要旨", "裁判要点",
                 "申请人请求", "处理结果", "简要案情", "法官解读", "案情回顾", "司法解释相关法条",
                 "原告诉讼请求", "裁判理由", "法院裁判", "关键词"}
_YEAR_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://kb.audit.local/corpus-cases")


def court_case_uid(relative: str) -> str:
    return uuid.uuid5(_NAMESPACE, relative).hex


def latest_date(text: str, today: dt.date) -> dt.date | None:
    """The latest date in the text, not after today: a judgment is dated after everything
    it recounts.  A month without a day (2019年12月) counts as its first day."""
    dates = find_dates(text)
    for match in _YEAR_MONTH.finditer(text):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            dates.append(dt.date(year, month, 1))
    dates = [d for d in dates if d <= today]
    return max(dates) if dates else None


def parse_court_case(text: str, relative: str, today: dt.date) -> CaseFile:
    lines = [line for line in text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
             if line.strip() not in _ARTEFACTS]
    if INFO_END not in (line.strip() for line in lines):
        raise InvalidInput(f"缺少 {INFO_END} 标记")
    marker = next(i for i, line in enumerate(lines) if line.strip() == INFO_END)
    headline = next((line[2:].strip() for line in lines[:marker] if line.startswith("# ")), "")
    body = lines[marker + 1:]
    first = next((i for i, line in enumerate(body) if line.strip()), None)
    title, summary = headline, ""
    if first is not None and body[first].startswith("## "):
        name = body[first][3:].strip()
        if name not in SECTION_NAMES:
            title, summary = name, headline if headline != name else ""
            del body[first]
    if not title:
        raise InvalidInput("缺少标题行（# 标题）")
    folder = Path(relative).parts[-2] if len(Path(relative).parts) > 1 else ""
    text_body = "\n".join(body).strip("\n")
    header = [line for line in lines[:marker] if not line.startswith("#")]
    tags = court_case_tags(folder, title, header, text_body)
    data = CaseInput(title[:200], COURT_CASE_TYPE, text_body, tags,
                     latest_date(text, today), f"语料库：{relative}", summary[:500])
    return CaseFile(court_case_uid(relative), data.clean(), STATUS_PUBLISHED)


def import_court_cases(transfer: CaseTransfer, folder: Path, today: dt.date, *,
                       actor: Actor = SYSTEM, update_existing: bool = False,
                       progress=None) -> TransferReport:
    """Import every case file under `folder` (the corpus's 案例 folder)."""
    if not folder.is_dir():
        raise InvalidInput(f"案例文件夹不存在：{folder}")
    report = TransferReport()
    files = sorted(folder.rglob("*.md"))
    for done, path in enumerate(files, 1):
        relative = f"{folder.name}/{path.relative_to(folder).as_posix()}"
        if progress:
            progress(done, len(files), path.name)
        try:
            case = parse_court_case(path.read_text(encoding="utf-8"), relative, today)
            transfer.import_one(actor, case, report, relative, update_existing)
        except (KbError, UnicodeDecodeError) as error:
            report.errors.append((relative, str(error)))
    return report
