"""A pack as the printed handout reads, page by page: one flat list of blocks, each a kind
(a style) and its text.  The .docx and the PDF writers only map kinds to their styles, so
the two files always say the same thing in the same order.

Order: a cover (title, unit, meeting, date, contents), 一、重点法条 (each article with its
version and 施行 date), 二、常见问题及定性依据, 三、典型案例, 四、自测题, and the answers on
the last page."""
from __future__ import annotations

from dataclasses import dataclass

from quizzes.law_pack.values import PackArticle, PackBasis, PackDocument

TITLE, SUBTITLE, META = "title", "subtitle", "meta"
SECTION, HEADING, SOURCE, NOTICE = "section", "heading", "source", "notice"
BODY, LABEL, ITEM, OPTION, PAGE_BREAK = "body", "label", "item", "option", "page_break"
NOTE = "note"
NUMERALS = "一二三四五六七八九十"
DISCLAIMER = ("本资料由审计机关依据法规库中会议当日施行的法律法规文本汇编，供普法宣传使用；"
              "法规文本以官方公布为准。")


@dataclass(frozen=True)
class Block:
    kind: str
    text: str = ""


def sections(document: PackDocument) -> list[str]:
    """The section titles the pack has, numbered in order (a part without content is left out)."""
    names = [("重点法条", document.articles), ("常见问题及定性依据", document.findings),
             ("典型案例", document.cases), ("自测题", document.questions)]
    present = [name for name, content in names if content]
    return [f"{NUMERALS[i]}、{name}" for i, name in enumerate(present)]


def pack_blocks(document: PackDocument) -> list[Block]:
    titles = iter(sections(document))
    blocks = _cover(document)
    parts = ((document.articles, _articles), (document.findings, _findings),
             (document.cases, _cases), (document.questions, _questions))
    for content, write in parts:
        if content:
            blocks += [Block(PAGE_BREAK), Block(SECTION, next(titles))]
            blocks += write(document)
    if document.questions:
        blocks += [Block(PAGE_BREAK), Block(SECTION, "自测题参考答案")] + _answers(document)
    return blocks


def _cover(document: PackDocument) -> list[Block]:
    blocks = [Block(SUBTITLE, "谁审计谁普法 · 以案释法"), Block(TITLE, document.title),
              Block(META, f"被审计单位：{document.unit_name}"),
              Block(META, f"会议：{document.meeting_kind}"),
              Block(META, f"日期：{document.held_on.year}年{document.held_on.month}月{document.held_on.day}日")]
    if document.audit_type:
        blocks.append(Block(META, f"审计类型：{document.audit_type}"))
    blocks.append(Block(HEADING, "目录"))
    blocks += [Block(ITEM, name) for name in sections(document)]
    blocks.append(Block(NOTE, DISCLAIMER + f"法条均为 {document.held_on.isoformat()} 施行的版本。"))
    return blocks


def _lines(kind: str, text: str) -> list[Block]:
    """A text of several lines as one block a line (each line a paragraph, indented alike)."""
    return [Block(kind, line.strip()) for line in text.splitlines() if line.strip()]


def article_source(article: PackArticle) -> str:
    return article.source_line + (f"；{article.notice}" if article.notice else "")


def _articles(document: PackDocument) -> list[Block]:
    blocks = []
    for article in document.articles:
        blocks += [Block(HEADING, article.heading), Block(SOURCE, article_source(article))]
        blocks += [Block(BODY, text) for text in article.paragraphs]
    return blocks


def basis_line(basis: PackBasis) -> str:
    line = basis.label + (f"：{basis.note}" if basis.note else "")
    return line if basis.found else line + "（会议当日施行的文本中没有该条）"


def _findings(document: PackDocument) -> list[Block]:
    blocks = []
    for number, finding in enumerate(document.findings, start=1):
        blocks.append(Block(HEADING, f"{number}. {finding.title}"))
        blocks += _lines(BODY, finding.description)
        for name, basis in (("定性依据", finding.characterisation), ("处理处罚依据", finding.sanction)):
            if basis:
                blocks.append(Block(LABEL, name))
                blocks += [Block(ITEM, basis_line(b)) for b in basis]
    return blocks


def _cases(document: PackDocument) -> list[Block]:
    blocks = []
    for number, case in enumerate(document.cases, start=1):
        blocks.append(Block(HEADING, f"案例{NUMERALS[number - 1]}：{case.title}"))
        meta = "　".join(x for x in (case.audit_type, case.case_date.isoformat() if case.case_date else "") if x)
        if meta:
            blocks.append(Block(SOURCE, meta))
        blocks += _lines(BODY, case.summary)
        for heading, text in case.parts:
            blocks += [Block(LABEL, heading)] + _lines(BODY, text)
    return blocks


def _questions(document: PackDocument) -> list[Block]:
    blocks = [Block(NOTE, "以下题目供会后自测，参考答案见最后一页。")]
    for q in document.questions:
        blocks.append(Block(LABEL, f"{q.number}.（{q.type_name}）{q.stem}"))
        blocks += [Block(OPTION, f"{letter}. {text}") for letter, text in q.options]
    return blocks


def _answers(document: PackDocument) -> list[Block]:
    blocks = []
    for q in document.questions:
        blocks.append(Block(ITEM, f"{q.number}. {q.answer}" + (f"　依据：{q.basis}" if q.basis else "")))
        blocks += _lines(NOTICE, q.explanation)
    return blocks
