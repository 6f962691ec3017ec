"""What the pack service takes and returns: a pack's subject and a meeting as the trainer
gives them (checked for shape here), the packs as lists show them, and the assembled pack
(`PackDocument`) that the .docx, the PDF and the projector page are written from."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from core.errors import InvalidInput, NotFound

# The four meetings of an audit where the team explains the law (谁审计谁普法).
MEETING_KINDS = ("进点会", "反馈会", "审计发现问题分析会", "内审培训会")
MAX_TITLE = 200
MAX_UNIT = 200
MAX_ARTICLES_TEXT = 4000
MAX_GUIDE = 20
MAX_CASES = 3
MAX_QUESTIONS = 20
DEFAULT_QUESTIONS = 5


_MARKUP = re.compile(r"\*\*|__|`|^>\s?|^#{1,6}\s*", re.M)


def plain(text: str | None) -> str:
    """Markdown's emphasis, code marks, quote marks and heading marks taken out: a printed
    handout shows the words, not the ** around them."""
    return _MARKUP.sub("", text or "").strip()


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


@dataclass(frozen=True)
class PackInput:
    """A pack's subject: what the meeting is about."""
    title: str
    audit_type: str = ""
    guide_slugs: tuple[str, ...] = ()
    articles: str = ""
    case_uids: tuple[str, ...] = ()
    question_count: int = DEFAULT_QUESTIONS

    def clean(self) -> "PackInput":
        problems = []
        title = _one_line(self.title)
        if not title or len(title) > MAX_TITLE:
            problems.append(f"资料包名称不能为空，且不超过 {MAX_TITLE} 个字")
        articles = (self.articles or "").strip()
        if len(articles) > MAX_ARTICLES_TEXT:
            problems.append(f"法条不超过 {MAX_ARTICLES_TEXT} 个字符")
        slugs = tuple(dict.fromkeys(s.strip().lower() for s in self.guide_slugs if s.strip()))
        uids = tuple(dict.fromkeys(u.strip() for u in self.case_uids if u.strip()))
        if len(slugs) > MAX_GUIDE:
            problems.append(f"指引条目最多 {MAX_GUIDE} 条")
        if len(uids) > MAX_CASES:
            problems.append(f"案例最多 {MAX_CASES} 个（以案释法选两三个短小的案例为宜）")
        if not 0 <= self.question_count <= MAX_QUESTIONS:
            problems.append(f"自测题数量应在 0 到 {MAX_QUESTIONS} 之间")
        audit_type = _one_line(self.audit_type)
        if not problems and not (audit_type or slugs or articles or uids):
            problems.append("资料包是空的：请至少选择审计类型、指引条目、法条或案例中的一项")
        if problems:
            raise InvalidInput("；".join(problems))
        return replace(self, title=title, audit_type=audit_type, guide_slugs=slugs,
                       articles=articles, case_uids=uids)


@dataclass(frozen=True)
class MeetingInput:
    """The audited unit, which meeting, and its date."""
    unit_name: str
    kind: str
    held_on: dt.date | None

    def clean(self) -> "MeetingInput":
        problems = []
        unit = _one_line(self.unit_name)
        if not unit or len(unit) > MAX_UNIT:
            problems.append(f"被审计单位名称不能为空，且不超过 {MAX_UNIT} 个字")
        if self.kind not in MEETING_KINDS:
            problems.append("会议只能是：" + "、".join(MEETING_KINDS))
        if self.held_on is None:
            problems.append("请填写会议日期")
        if problems:
            raise InvalidInput("；".join(problems))
        return replace(self, unit_name=unit)


@dataclass(frozen=True)
class MeetingView:
    id: int
    pack_id: int
    unit_name: str
    kind: str
    held_on: dt.date

    @property
    def label(self) -> str:
        return f"{self.unit_name}·{self.kind}（{self.held_on.isoformat()}）"


@dataclass(frozen=True)
class PackSummary:
    id: int
    title: str
    audit_type: str
    meetings: tuple[MeetingView, ...]
    updated_at: dt.datetime
    copied_from: tuple[int, str] | None = None


@dataclass(frozen=True)
class PackView(PackSummary):
    guide_slugs: tuple[str, ...] = ()
    articles: str = ""
    case_uids: tuple[str, ...] = ()
    question_count: int = DEFAULT_QUESTIONS
    revision: int = 1
    # Packs copied from this one, with their meetings: where it served as a template.
    copies: tuple[PackSummary, ...] = ()
    # The chosen guide entries' and cases' titles, as the pack page lists them.
    guide_titles: tuple[str, ...] = ()
    case_titles: tuple[str, ...] = ()

    def as_input(self) -> PackInput:
        return PackInput(self.title, self.audit_type, self.guide_slugs, self.articles,
                         self.case_uids, self.question_count)

    def meeting(self, meeting_id: int) -> MeetingView:
        for meeting in self.meetings:
            if meeting.id == meeting_id:
                return meeting
        raise NotFound("该资料包没有这次会议")


# -- the assembled pack ---------------------------------------------------------------
@dataclass(frozen=True)
class PackArticle:
    """A key article in the version in force on the meeting date."""
    law_title: str
    short_title: str
    label: str
    paragraphs: tuple[str, ...]
    version_label: str
    # 施行日期 of the version shown (its 公布日期 when the 施行日期 is not recorded).
    effective: dt.date | None
    status: str
    # Said when the library lacks the version in force on the date (then the nearest is shown).
    notice: str = ""

    @property
    def heading(self) -> str:
        return f"《{self.short_title or self.law_title}》{self.label}"

    @property
    def source_line(self) -> str:
        when = f"{self.effective.isoformat()} 起施行" if self.effective else "施行日期未记录"
        return f"《{self.law_title}》{self.version_label}，{when}"


@dataclass(frozen=True)
class PackBasis:
    label: str
    note: str
    # False when the article is not in the version in force on the meeting date.
    found: bool = True


@dataclass(frozen=True)
class PackFinding:
    """A typical finding of the audit type, from the guide."""
    title: str
    description: str
    characterisation: tuple[PackBasis, ...]
    sanction: tuple[PackBasis, ...]


@dataclass(frozen=True)
class PackCase:
    title: str
    audit_type: str
    case_date: dt.date | None
    summary: str
    # (heading, text) of the parts told: 审计发现, 定性依据, 处理处罚.
    parts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PackQuestion:
    number: int
    type_name: str
    stem: str
    # (letter, text) in the order written: a printed paper is not shuffled.
    options: tuple[tuple[str, str], ...]
    answer: str
    explanation: str
    basis: str


@dataclass(frozen=True)
class PackDocument:
    title: str
    unit_name: str
    meeting_kind: str
    held_on: dt.date
    audit_type: str
    articles: tuple[PackArticle, ...]
    findings: tuple[PackFinding, ...]
    cases: tuple[PackCase, ...]
    questions: tuple[PackQuestion, ...]

    @property
    def subtitle(self) -> str:
        return f"{self.unit_name}　{self.meeting_kind}　{self.held_on.year}年{self.held_on.month}月{self.held_on.day}日"

    @property
    def file_stem(self) -> str:
        return f"以案释法-{self.unit_name}-{self.meeting_kind}-{self.held_on.isoformat()}"
