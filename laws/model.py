"""Plain data for a parsed statute document: what the parser produces and the store keeps.

No behaviour beyond small derived properties; the parser fills these, `kb` stores them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Levels (效力级别) in the order of legal force; used for ranking and display.
LEVELS = ("宪法", "法律", "行政法规", "司法解释", "部门规章", "地方性法规", "地方规范性文件", "本单位制度", "其他")

# Issuing-history event kinds recognised in header lines.
EVENT_KINDS = ("通过", "修正", "修订", "公布", "施行", "批准", "发布", "废止", "其他")

# Where a version's 施行日期 comes from, most trusted last but one (an administrator's
# entry overrides everything); EFFECTIVE_NONE: not known, the 公布日期 stands in.
EFFECTIVE_TEXT = "text"        # the text's own clause: 本法自2021年7月15日起施行
EFFECTIVE_HEADER = "header"    # a 施行 line of the header history
EFFECTIVE_DATA = "data"        # the data file shipped with the product (kb/data)
EFFECTIVE_ADMIN = "admin"      # an administrator's correction
EFFECTIVE_NONE = "none"
EFFECTIVE_SOURCES = {EFFECTIVE_TEXT: "正文施行条款", EFFECTIVE_HEADER: "题注沿革",
                     EFFECTIVE_DATA: "修改决定（内置数据）", EFFECTIVE_ADMIN: "管理员更正",
                     EFFECTIVE_NONE: "未记录"}


@dataclass(frozen=True)
class SourceWarning:
    """Something wrong with a source file, with where it is."""
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class HistoryEvent:
    """One line (or one dated clause) of a document's issuing history."""
    date: dt.date | None
    kind: str
    text: str


@dataclass
class Item:
    """项: a numbered item （一）… belonging to a paragraph; sub-items (目) stay with it."""
    label: str
    text: str
    subitems: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    """款: a paragraph of an article, with its items."""
    text: str
    items: list[Item] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [self.text] if self.text else []
        for item in self.items:
            out.append(item.text)
            out.extend(item.subitems)
        return out


@dataclass
class Heading:
    """编/分编/章/节 heading; depth 1 is the outermost level the document uses."""
    depth: int
    text: str
    line: int


@dataclass
class Article:
    """条: number as an integer plus suffix (第十条之一 → number 10, suffix 1)."""
    number: int
    suffix: int
    label: str
    paragraphs: list[Paragraph]
    heading_path: tuple[str, ...]
    line: int

    @property
    def text(self) -> str:
        return "\n".join(line for p in self.paragraphs for line in p.lines())


@dataclass
class Passage:
    """A paragraph outside any article: a preamble, or the body of a document without articles.

    `number` counts passages within the document from 1; `label` is an enumerator the
    text starts with (一、), if any.
    """
    number: int
    label: str
    text: str
    heading_path: tuple[str, ...]
    line: int


Unit = Heading | Article | Passage


@dataclass
class ParsedDocument:
    """One source file (or, for a multi-part code, all its part files merged)."""
    path: str
    title: str
    short_title: str
    part_titles: list[str]
    aliases: list[str]
    level: str
    branch: str | None
    region: str | None
    authority: str | None
    header_lines: list[str]
    events: list[HistoryEvent]
    version_date: dt.date | None
    effective_date: dt.date | None
    units: list[Unit]
    promulgated: dt.date | None = None
    effective_source: str = EFFECTIVE_NONE
    warnings: list[SourceWarning] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [u for u in self.units if isinstance(u, Article)]

    @property
    def headings(self) -> list[Heading]:
        return [u for u in self.units if isinstance(u, Heading)]

    @property
    def passages(self) -> list[Passage]:
        return [u for u in self.units if isinstance(u, Passage)]
