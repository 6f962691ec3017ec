"""Import and export of the question bank: the Excel sheet and JSON.

Each question is atomic: it is validated and written in its own transaction, so a bad
row is reported (row number and reason) and every good row imports, and no question is
ever half-written (a 案例分析题 with one bad sub-question row is refused whole).  A
question already in the bank (same type, stem and options) is skipped, so re-importing a
file adds nothing.  Imported questions are drafts authored by the importer; they go
through review like any other.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from accounts.security_log import add_event
from core.clock import Clock
from core.errors import InvalidInput, KbError
from accounts.permissions import require_manager
from core.actor import Actor
from quizzes.content import WRITTEN_TYPES, ArticleRef
from quizzes.bank import STATUS_NAMES, QuestionBank, QuestionDetail, QuestionFilter, find_duplicate
from quizzes.sheet import read_sheet, template_workbook, write_sheet
from quizzes.transactions import SessionFactory, write_session

JSON_FORMAT = "audit-quiz-bank"
JSON_VERSION = 1
MAX_JSON_QUESTIONS = 5000


@dataclass
class ImportReport:
    imported: list[tuple[int, int]] = field(default_factory=list)    # (row, question id)
    skipped: list[tuple[int, str]] = field(default_factory=list)     # (row, why: duplicate)
    errors: list[tuple[int, str]] = field(default_factory=list)      # (row, reason)

    @property
    def summary(self) -> str:
        return (f"导入 {len(self.imported)} 道，跳过重复 {len(self.skipped)} 道，"
                f"出错 {len(self.errors)} 道")


class QuestionTransfer:
    def __init__(self, sessions: SessionFactory, clock: Clock, bank: QuestionBank):
        self.sessions = sessions
        self.clock = clock
        self.bank = bank

    @staticmethod
    def template() -> bytes:
        return template_workbook()

    def import_excel(self, actor: Actor, data: bytes, filename: str = "试题.xlsx") -> ImportReport:
        """Every row is read and checked against the sheet's caps before the first
        question is written: a sheet that is too large imports nothing."""
        self._check_manager(actor)
        report = ImportReport()
        for item in list(read_sheet(data, filename)):
            where = f"第 {item.row} 行" if len(item.rows) == 1 else f"第 {item.rows[0]}–{item.rows[-1]} 行"
            if item.error:
                report.errors.append((item.row, f"{where}：{item.error}"))
                continue
            self._import_one(actor, item.row, where, item.data, report)
        return self._logged(actor, filename, report)

    def import_json(self, actor: Actor, text: str | bytes, filename: str = "题库.json") -> ImportReport:
        """Questions as `export_json` writes them (or a bare list of question objects)."""
        self._check_manager(actor)
        try:
            payload = json.loads(text)
        except (ValueError, UnicodeDecodeError):
            raise InvalidInput(f"文件“{filename}”的 JSON 格式不正确") from None
        except RecursionError:
            raise InvalidInput(f"文件“{filename}”的 JSON 嵌套层数过多") from None
        questions = payload.get("questions") if isinstance(payload, dict) else payload
        if not isinstance(questions, list):
            raise InvalidInput(f"文件“{filename}”中应有试题列表（questions）")
        if len(questions) > MAX_JSON_QUESTIONS:
            raise InvalidInput(f"文件“{filename}”超过 {MAX_JSON_QUESTIONS} 道题，请分批导入（未导入任何内容）")
        report = ImportReport()
        for number, data in enumerate(questions, 1):
            if not isinstance(data, dict):
                report.errors.append((number, f"第 {number} 题：格式不正确"))
                continue
            self._import_one(actor, number, f"第 {number} 题", data, report)
        return self._logged(actor, filename, report)

    def _logged(self, actor: Actor, filename: str, report: ImportReport) -> ImportReport:
        with write_session(self.sessions) as session:
            add_event(session, self.clock, actor, "questions_imported", filename[:200], report.summary)
        return report

    def _import_one(self, actor: Actor, row: int, where: str, data: dict, report: ImportReport) -> None:
        try:
            content = self.bank.parse(data)
            citations = self.bank.citations.find(content)
            with write_session(self.sessions) as session:
                duplicate = find_duplicate(session, content)
                if duplicate is not None:
                    report.skipped.append((row, f"{where}：与题库中的试题 {duplicate} 相同，已跳过"))
                    return
                question = self.bank.store_new(session, content, actor.id, origin="imported",
                                               citations=citations)
                report.imported.append((row, question.id))
        except KbError as error:
            report.errors.append((row, f"{where}：{error}"))

    def _check_manager(self, actor: Actor) -> None:
        require_manager(actor, "导入导出题库")

    def export_json(self, actor: Actor, query: QuestionFilter | None = None) -> str:
        questions = [self._exported(q) for q in self._questions(actor, query)]
        return json.dumps({"format": JSON_FORMAT, "version": JSON_VERSION, "questions": questions},
                          ensure_ascii=False, indent=2)

    def export_excel(self, actor: Actor, query: QuestionFilter | None = None) -> bytes:
        return write_sheet([self._exported(q) for q in self._questions(actor, query)])

    def _questions(self, actor: Actor, query: QuestionFilter | None) -> Iterable[QuestionDetail]:
        query = query or QuestionFilter()
        page = 1
        while True:
            result = self.bank.list_questions(actor, QuestionFilter(**{**query.__dict__, "page": page,
                                                                          "page_size": 200}))
            yield from result.items
            if page * result.page_size >= result.total:
                return
            page += 1


    def _exported(self, question: QuestionDetail) -> dict[str, Any]:
        data = copy.deepcopy(_exported(question))
        # A rubric's expected articles travel as text (statute ids differ between systems).
        for body in (data, *data["parts"]):
            if body["type"] in WRITTEN_TYPES:
                for point in body["answer"]["rubric"]:
                    refs = (ArticleRef(*a) for a in point["articles"])
                    point["articles"] = "；".join(c.text for c in self.bank.resolver.describe(refs))
        return data


def _exported(question: QuestionDetail) -> dict[str, Any]:
    data = question.content.to_json()
    data.pop("type_name")
    data["articles"] = [{"statute": c.title, "article": c.label} for c in question.citations]
    data["citations_text"] = "；".join(c.text for c in question.citations)
    data.update(id=question.id, status=question.status, status_name=STATUS_NAMES[question.status],
                revision=question.revision_no)
    return data
