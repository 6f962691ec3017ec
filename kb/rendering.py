"""Markdown → safe HTML with statute citations linked.

Three steps, each with one job:
1. python-markdown (tables, lists, fenced code) with its raw-HTML handling removed, so
   HTML typed into a case is shown as text, never passed through;
2. nh3 (an allow-list sanitiser) on the result: only formatting tags survive, links only
   with http/https/mailto or relative URLs, no event attributes, no styles;
3. the citation linker over the text of the document: resolved references become links
   (URLs come from the caller's `link_for`, so this module knows nothing of the web),
   unresolved ones are marked.  The final HTML is sanitised once more.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Callable, Sequence

import markdown
import nh3

from kb.citations.linker import Citation, CitationLinker
from kb.citations.resolver import STATUS_NEAREST, STATUS_REPEALED

LinkFor = Callable[[Citation], "str | None"]

ALLOWED_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i",
                "u", "s", "del", "ins", "sub", "sup", "blockquote", "code", "pre", "ul", "ol",
                "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "a", "span",
                "img", "abbr", "mark"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}, "span": {"class", "title"},
                      "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"},
                      "abbr": {"title"}, "ol": {"start"}, "code": {"class"}}
URL_SCHEMES = {"http", "https", "mailto"}
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "blockquote", "pre",
           "br", "dt", "dd", "table", "ul", "ol", "hr"}
# Text inside these is never linked (already a link, or code).
_NO_LINK = {"a", "code", "pre"}


@dataclass(frozen=True)
class Rendered:
    html: str
    citations: tuple[Citation, ...]

    @property
    def unresolved(self) -> tuple[Citation, ...]:
        return tuple(c for c in self.citations if not c.resolved)


def markdown_to_html(text: str, extensions: Sequence = ()) -> str:
    """Markdown → sanitised HTML, raw HTML in the source shown as text.  `extensions`:
    python-markdown extensions a kind of text adds (a question's blanks and line breaks)."""
    md = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code", *extensions],
                           output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return sanitise(md.convert(text))


def markdown_to_text(text: str) -> str:
    """What a reader sees of a Markdown document, as plain text with one block per line
    (search indexes and snippets: no ## or ** in them)."""
    plain, _ = _plain_text(_tokenise(markdown_to_html(text)))
    return "\n".join(line.strip() for line in plain.splitlines() if line.strip())


def sanitise(fragment: str) -> str:
    return nh3.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="noopener noreferrer",
                     strip_comments=True)


def render_markdown(text: str, *, linker: CitationLinker | None = None,
                    on: dt.date | None = None, link_for: LinkFor | None = None,
                    extensions: Sequence = ()) -> Rendered:
    """Render Markdown; with a linker, link every reference it finds (dated `on`)."""
    fragment = markdown_to_html(text, extensions)
    if linker is None:
        return Rendered(fragment, ())
    tokens = _tokenise(fragment)
    plain, offsets = _plain_text(tokens)
    citations = tuple(linker.cite(plain, on))
    linked = _link(tokens, offsets, citations, link_for)
    return Rendered(sanitise(linked), citations)


def link_plain_text(text: str, citations, link_for: LinkFor | None) -> str:
    """Plain text (a statute's line, a pasted report) as safe HTML: escaped, with every
    reference found in it marked — a link when resolved, marked unresolved otherwise.
    `citations` carry offsets into `text`."""
    out, cursor = [], 0
    for citation in sorted((c for c in citations if not c.implied), key=lambda c: c.start):
        if citation.start < cursor or citation.end > len(text):
            continue
        out.append(html.escape(text[cursor:citation.start], quote=False))
        out.append(_markup(citation, text[citation.start:citation.end], link_for))
        cursor = citation.end
    out.append(html.escape(text[cursor:], quote=False))
    return "".join(out)


class _Tokens(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[str, str, bool]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("start", self.get_starttag_text() or f"<{tag}>", tag in _BLOCKS))
        if tag not in ("br", "hr", "img"):
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tokens.append(("start", self.get_starttag_text() or f"<{tag}>", tag in _BLOCKS))

    def handle_endtag(self, tag):
        self.tokens.append(("end", f"</{tag}>", tag in _BLOCKS))
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]

    def handle_data(self, data):
        linkable = not any(tag in _NO_LINK for tag in self.open)
        self.tokens.append(("text", data, linkable))


def _tokenise(fragment: str) -> list[tuple[str, str, bool]]:
    parser = _Tokens()
    parser.feed(fragment)
    parser.close()
    return parser.tokens


def _plain_text(tokens) -> tuple[str, list[int | None]]:
    """The document's text with a newline at block boundaries, and where each text token
    starts in it (None for tags)."""
    parts, offsets, length = [], [], 0
    for kind, value, flag in tokens:
        if kind == "text":
            offsets.append(length)
            parts.append(value)
            length += len(value)
        else:
            offsets.append(None)
            if flag:
                parts.append("\n")
                length += 1
    return "".join(parts), offsets


def _link(tokens, offsets, citations, link_for: LinkFor | None) -> str:
    spans = [c for c in citations if not c.implied]
    out = []
    for (kind, value, flag), start in zip(tokens, offsets):
        if kind != "text":
            out.append(value)
            continue
        end = start + len(value)
        inside = [c for c in spans if start <= c.start and c.end <= end] if flag else []
        cursor = start
        for citation in sorted(inside, key=lambda c: c.start):
            if citation.start < cursor:
                continue
            out.append(html.escape(value[cursor - start:citation.start - start], quote=False))
            out.append(_markup(citation, value[citation.start - start:citation.end - start],
                               link_for))
            cursor = citation.end
        out.append(html.escape(value[cursor - start:], quote=False))
    return "".join(out)


def _markup(citation: Citation, text: str, link_for: LinkFor | None) -> str:
    title = html.escape(_describe(citation))
    body = html.escape(text, quote=False)
    url = link_for(citation) if (link_for and citation.resolved) else None
    if not url:
        return f'<span class="cite cite-unresolved" title="{title}">{body}</span>'
    classes = "cite"
    if citation.status == STATUS_NEAREST:
        classes += " cite-inexact"
    elif citation.status == STATUS_REPEALED:
        classes += " cite-repealed"
    return f'<a class="{classes}" href="{html.escape(url)}" title="{title}">{body}</a>'


def _describe(citation: Citation) -> str:
    where = f"《{citation.law_title}》{citation.article_label}"
    version = f"（{citation.version_date.isoformat()} 版）" if citation.version_date else ""
    notice = f"；{citation.notice}" if citation.notice else ""
    return f"{where}{version}：{citation.status_text}{notice}"
