"""Web pages saved from a government site (审计署, 财政部, a province's portal).

The page is parsed into a light element tree (the standard library's html.parser), the
chrome is dropped (script, style, nav, header, footer, forms, and elements whose class or
id names a menu, breadcrumb, sidebar, share bar or footer), and the main text block is
chosen: the smallest element holding nearly all of the page's 第…条 lines, or, on a page
without articles, nearly all of its Chinese text.  Block elements and <br> break lines.
The page's <h1> (or <title>) supplies the statute title when the block lacks it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from laws.readers.encoding import decode_text
from laws.readers.layout import ARTICLE_RE, clean_line

_DROPPED_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
                 "form", "select", "button", "iframe", "svg", "object", "menu", "head"}
_CHROME = re.compile(r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|breadcrumbs?|crumbs?|sidebar|"
                     r"side|share|footer|foot|header|head|topbar|toolbar|login|search|copyright|links?|"
                     r"related|position|location|weizhi|dqwz|bottom)(?:$|[-_\s\d])", re.I)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "tbody", "thead", "section",
          "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd",
          "dt", "dl", "center", "body", "html", "hr", "title"}
_CLOSES_ITSELF = {"p", "li", "tr", "td", "th", "option"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# <title>中华人民共和国审计法_法律法规_某某部门门户网站</title>: the site's part goes.
_TITLE_SEPARATOR = re.compile(r"\s*(?:[_|｜]|\s[-—–]\s)\s*")
# The main block holds at least this share of the page's articles (or Chinese text).
_SHARE = 0.9


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list = field(default_factory=list)  # _Element | str


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag in _CLOSES_ITSELF and self.stack[-1].tag == tag:
            self.stack.pop()
        element = _Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def decode_page(data: bytes, name: str) -> str:
    """The page's text: the charset its <meta> declares, else UTF-8 or GB18030 detected."""
    declared = _CHARSET.search(data[:4096])
    if declared:
        charset = declared.group(1).decode("ascii").lower()
        if charset in ("gb2312", "gbk", "gb18030", "x-gbk"):
            charset = "gb18030"
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


def read_page_lines(data: bytes, name: str) -> list[str]:
    builder = _TreeBuilder()
    builder.feed(decode_page(data, name))
    builder.close()
    title = _page_title(builder.root)
    _drop_chrome(builder.root)
    main = _main_block(builder.root)
    lines = [line for line in map(clean_line, _text_lines(main)) if line]
    if title and not any(_same(title, line) for line in lines[:5]):
        lines.insert(0, title)
    return lines


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


def _page_title(root: _Element) -> str | None:
    """The first <h1>'s text, else <title> without the site name after a dash or bar."""
    for tag in ("h1", "title"):
        element = _find(root, tag)
        if element is not None:
            text = clean_line(" ".join(_text_lines(element)))
            if tag == "title":
                text = _TITLE_SEPARATOR.split(text)[0]
            if text:
                return text
    return None


def _find(element: _Element, tag: str) -> _Element | None:
    for child in element.children:
        if isinstance(child, _Element):
            if child.tag == tag:
                return child
            found = _find(child, tag)
            if found is not None:
                return found
    return None


def _is_chrome(element: _Element) -> bool:
    if element.tag in _DROPPED_TAGS:
        return True
    names = f"{element.attrs.get('class', '')} {element.attrs.get('id', '')}"
    return bool(names.strip()) and bool(_CHROME.search(names)) and not _holds_articles(element)


def _holds_articles(element: _Element) -> bool:
    return _article_count(_text_lines(element)) > 0


def _drop_chrome(element: _Element) -> None:
    element.children = [child for child in element.children
                        if not (isinstance(child, _Element) and _is_chrome(child))]
    for child in element.children:
        if isinstance(child, _Element):
            _drop_chrome(child)


def _text_lines(element: _Element) -> list[str]:
    """The element's text, block elements and <br> breaking lines, other whitespace collapsed."""
    parts: list[str] = []
    _collect(element, parts)
    return [re.sub(r"[ \t\r\n\f]+", " ", line) for line in "".join(parts).split("\n")]


def _collect(element: _Element, parts: list[str]) -> None:
    block = element.tag in _BLOCK
    if block:
        parts.append("\n")
    for child in element.children:
        if isinstance(child, str):
            parts.append(child.replace("\n", " "))
        else:
            _collect(child, parts)
            if child.tag in ("td", "th"):
                parts.append("\u3000")
    if block:
        parts.append("\n")


def _article_count(lines: list[str]) -> int:
    return sum(1 for line in lines if ARTICLE_RE.match(clean_line(line)))


def _chinese_count(lines: list[str]) -> int:
    return sum(1 for line in lines for ch in line if "\u4e00" <= ch <= "\u9fff")


def _main_block(root: _Element) -> _Element:
    """The smallest element holding nearly all the articles (or Chinese text) of the page."""
    scored: list[tuple[int, int, _Element]] = []
    _score(root, scored)
    articles = max(score[0] for score in scored)
    measure = 0 if articles else 1
    best = max(score[measure] for score in scored)
    candidates = [s for s in scored if s[measure] >= _SHARE * best]
    return min(candidates, key=lambda s: s[1])[2]


def _score(element: _Element, scored: list) -> tuple[int, int]:
    """(article lines, Chinese characters) of the element, recorded for every element."""
    lines = _text_lines(element)
    score = (_article_count(lines), _chinese_count(lines))
    scored.append((*score, element))
    for child in element.children:
        if isinstance(child, _Element):
            _score(child, scored)
    return score
