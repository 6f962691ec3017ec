"""The articles a question tests (法条依据): read from what authors write, checked
against the statute library, and shown back as 《审计法》第四十二条.

Accepted forms: [statute id, article no, suffix]; {"statute_id", "article_no", "suffix"};
{"statute": "审计法", "article": "第四十二条"}; and text such as
"《审计法》第四十二条、第四十四条；《预算法》第57条" (the Excel column), read by kb's
citation linker so that every style it understands works here too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from kb.citations.linker import CitationLinker
from kb.citations.resolver import STATUS_NAMES, STATUS_NEAREST, STATUS_RESOLVED
from core.errors import InvalidInput, NotFound
from kb.library import Library
from laws.numbering import format_article_label, parse_article_ref
from quizzes.content import ArticleRef

MAX_ARTICLES = 20


@dataclass(frozen=True)
class Citation:
    """An article as a question shows it."""
    statute_id: int
    article_no: int
    suffix: int
    short_title: str
    title: str
    label: str

    @property
    def text(self) -> str:
        return f"《{self.short_title}》{self.label}"


class ArticleResolver:
    """Turns what authors write into validated `ArticleRef`s, using the library."""

    def __init__(self, library: Library, linker: CitationLinker):
        self.library = library
        self.linker = linker

    def resolve(self, raw: Any) -> tuple[ArticleRef, ...]:
        if raw is None or raw == "" or raw == []:
            return ()
        if isinstance(raw, str):
            refs = self._from_text(raw)
        elif isinstance(raw, (list, tuple)):
            refs = [self._from_text(item)[0] if isinstance(item, str) else self._check(*self._entry(item))
                    for item in raw]
        else:
            raise InvalidInput("法条依据格式不正确")
        if len(refs) > MAX_ARTICLES:
            raise InvalidInput(f"法条依据最多 {MAX_ARTICLES} 条")
        return tuple(dict.fromkeys(refs))

    def _from_text(self, text: str) -> list[ArticleRef]:
        citations = self.linker.cite(text)
        if not citations:
            raise InvalidInput(f"无法识别的法条依据：“{text[:60]}”（示例：《审计法》第四十二条）")
        refs = []
        for citation in citations:
            if citation.status not in (STATUS_RESOLVED, STATUS_NEAREST) or citation.statute_id is None:
                raise InvalidInput(f"法条依据无效：{citation.text}（{STATUS_NAMES.get(citation.status, citation.status)}）")
            refs.append(ArticleRef(citation.statute_id, citation.article_no, citation.article_suffix))
        return refs

    @staticmethod
    def _entry(item: Any) -> tuple[Any, Any]:
        if isinstance(item, (list, tuple)) and len(item) in (2, 3):
            suffix = item[2] if len(item) == 3 else 0
            return item[0], (item[1], suffix)
        if isinstance(item, Mapping):
            statute = item.get("statute_id", item.get("statute"))
            if "article_no" in item:
                return statute, (item.get("article_no"), item.get("suffix", 0))
            return statute, item.get("article")
        raise InvalidInput(f"无法识别的法条依据：{str(item)[:60]}")

    def _check(self, statute: Any, article: Any) -> ArticleRef:
        number, suffix = _article_number(article)
        try:
            info = (self.library.get_statute(statute) if isinstance(statute, int)
                    and not isinstance(statute, bool) else self.library.find_statute(str(statute)))
            view = self.library.get_article(info.id, (number, suffix))
        except NotFound as error:
            raise InvalidInput(f"法条依据无效：{error}") from None
        return ArticleRef(info.id, view.article_no, view.article_suffix)

    def statute_name(self, statute_id: int) -> str:
        """A statute's short title; a statute removed from the library shows its number."""
        try:
            return self.library.get_statute(statute_id).short_title
        except NotFound:
            return f"法规{statute_id}"

    def describe(self, refs: Iterable[ArticleRef]) -> list[Citation]:
        """Citations for display; a statute removed from the library shows its number."""
        out = []
        for ref in refs:
            label = format_article_label(ref.article_no, ref.suffix)
            try:
                info = self.library.get_statute(ref.statute_id)
                out.append(Citation(ref.statute_id, ref.article_no, ref.suffix,
                                    info.short_title, info.title, label))
            except NotFound:
                out.append(Citation(ref.statute_id, ref.article_no, ref.suffix,
                                    f"法规{ref.statute_id}", f"法规{ref.statute_id}", label))
        return out


def _article_number(article: Any) -> tuple[int, int]:
    if isinstance(article, tuple) and len(article) == 2:
        number, suffix = article
        if all(isinstance(v, int) and not isinstance(v, bool) for v in article) and number > 0 and suffix >= 0:
            return number, suffix
        raise InvalidInput(f"条号无效：{article}")
    if isinstance(article, int) and not isinstance(article, bool) and article > 0:
        return article, 0
    parsed = parse_article_ref(str(article or ""))
    if parsed is None:
        raise InvalidInput(f"无法识别的条号：“{article}”")
    return parsed

