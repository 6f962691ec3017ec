"""What the guide service takes and returns."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from core.errors import InvalidInput
from kb.guide.models import BASIS_ROLES, ROLE_CHARACTERISATION, ROLE_SANCTION
from laws.numbering import format_article_label, format_numeral

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}$")


@dataclass(frozen=True)
class BasisInput:
    """An article a guide entry cites: statute name and numbers (paragraph, item optional)."""
    law: str
    article_no: int
    article_suffix: int = 0
    paragraph: int | None = None
    item: int | None = None
    note: str = ""

    @property
    def label(self) -> str:
        label = f"《{self.law}》{format_article_label(self.article_no, self.article_suffix)}"
        if self.paragraph:
            label += f"第{format_numeral(self.paragraph)}款"
        if self.item:
            label += f"第（{format_numeral(self.item)}）项"
        return label


@dataclass(frozen=True)
class GuideInput:
    slug: str
    title: str
    category: str = ""
    keywords: tuple[str, ...] = ()
    description: str = ""
    advice: str = ""
    characterisation: tuple[BasisInput, ...] = ()
    sanction: tuple[BasisInput, ...] = ()
    case_uids: tuple[str, ...] = ()

    def clean(self) -> "GuideInput":
        problems = []
        slug = (self.slug or "").strip().lower()
        if not _SLUG.match(slug):
            problems.append("编号只能由小写字母、数字和连字符组成（2至79个字符）")
        title = " ".join((self.title or "").split())
        if not title or len(title) > 200:
            problems.append("问题名称不能为空，且不能超过200个字")
        keywords = tuple(dict.fromkeys(k.strip() for k in self.keywords if k and k.strip()))
        if any(len(k) < 2 or len(k) > 40 for k in keywords):
            problems.append("关键词长度应为2至40个字")
        if not self.characterisation:
            problems.append("至少需要一条定性依据")
        if not self.sanction:
            problems.append("至少需要一条处理处罚依据")
        for basis in self.characterisation + self.sanction:
            if not basis.law.strip() or basis.article_no <= 0:
                problems.append(f"法规依据不完整：{basis.label}")
        if problems:
            raise InvalidInput("；".join(problems))
        return replace(self, slug=slug, title=title, keywords=keywords,
                       category=" ".join(self.category.split()),
                       description=self.description.strip(), advice=self.advice.strip())


@dataclass(frozen=True)
class BasisView:
    role: str
    basis: BasisInput
    statute_id: int | None
    law_title: str
    version_id: int | None
    resolved: bool
    # The article's text from the current version, for showing beside the link.
    text: str = ""

    @property
    def role_name(self) -> str:
        return BASIS_ROLES[self.role]

    def to_json(self) -> dict:
        b = self.basis
        return {"role": self.role, "label": b.label, "law": b.law, "article_no": b.article_no,
                "article_suffix": b.article_suffix, "paragraph": b.paragraph, "item": b.item,
                "note": b.note, "statute_id": self.statute_id, "law_title": self.law_title,
                "version_id": self.version_id, "resolved": self.resolved, "text": self.text}


@dataclass(frozen=True)
class GuideSummary:
    id: int
    slug: str
    title: str
    category: str
    keywords: tuple[str, ...]
    revision: int

    def to_json(self) -> dict:
        return {"id": self.id, "slug": self.slug, "title": self.title,
                "category": self.category, "keywords": list(self.keywords),
                "revision": self.revision}


@dataclass(frozen=True)
class RelatedCase:
    case_id: int
    uid: str
    title: str
    # True when a trainer attached it; False when found because it cites the entry's articles.
    attached: bool


@dataclass(frozen=True)
class GuideView(GuideSummary):
    description: str = ""
    advice: str = ""
    basis: tuple[BasisView, ...] = ()
    cases: tuple[RelatedCase, ...] = ()
    question_ids: tuple[int, ...] = ()

    @property
    def characterisation(self) -> tuple[BasisView, ...]:
        return tuple(b for b in self.basis if b.role == ROLE_CHARACTERISATION)

    @property
    def sanction(self) -> tuple[BasisView, ...]:
        return tuple(b for b in self.basis if b.role == ROLE_SANCTION)

    def to_json(self) -> dict:
        return {**super().to_json(), "description": self.description, "advice": self.advice,
                "characterisation": [b.to_json() for b in self.characterisation],
                "sanction": [b.to_json() for b in self.sanction],
                "cases": [{"id": c.case_id, "uid": c.uid, "title": c.title,
                           "attached": c.attached} for c in self.cases],
                "question_ids": list(self.question_ids)}


@dataclass(frozen=True)
class GuideMatch:
    entry: GuideSummary
    score: float
    matched: tuple[str, ...]
