"""From the plain lines of a statute (as Word, PDF, a web page or a text file give them) to
the corpus's Markdown form, so that one parser (laws.parser) reads every format.

The lines follow the layout of the 国家法律法规数据库 downloads: a title, the issuing history
in parentheses under it, an optional 目录 (skipped: its headings reappear in the body),
then 编/分编/章/节 headings (第一章　总　　则), articles (第一条　…), items (（一）…) and
attachments (附件一).  Headings become ``##``…``####`` lines by their rank among the kinds
the document uses, exactly as the corpus nests them (刑法: 编 ##, 章 ###, 节 ####).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from laws import header as hdr
from laws.numbering import NUMERAL_CLASS, parse_numeral
from laws.parser import INFO_END, remove_invisible

# Every whitespace a document may carry, full-width and no-break spaces included.
_SPACE = "\\s\u3000\u00a0"
HEADING_RE = re.compile(rf"^第({NUMERAL_CLASS}+)(分编|编|章|节)(?=$|[{_SPACE}]|(?P<glued>.))")
HEADING_KINDS = ("编", "分编", "章", "节")
ARTICLE_RE = re.compile(rf"^第({NUMERAL_CLASS}+)条(?:之({NUMERAL_CLASS}+))?(?P<sep>[{_SPACE}]+|$)?")
ITEM_RE = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
SUBITEM_RE = re.compile(r"^(?:\d+[.．、]|[①-⑳])")
_YEAR = r"(?:\d{4}|[０-９]{4}|[〇○零一二三四五六七八九]{4})"
_HISTORY_START = re.compile(rf"^[（(][{_SPACE}]*{_YEAR}[{_SPACE}]*年")
_APPENDIX = re.compile(r"^附件[一二三四五六七八九十\d]*[：:]?")
_ENUMERATED = re.compile(r"^[一二三四五六七八九十]+、")
_SUPPLEMENTARY = re.compile(rf"^附[{_SPACE}]*则$")
_TOC = re.compile(rf"^目[{_SPACE}]*录$")
# A 目录 entry may carry a dot leader and a page number (第一章 总则……1).
_TOC_TAIL = re.compile(r"[.．…·\-—_\s\u3000]*\d*$")
_RUNS = re.compile(rf"[{_SPACE}]+")
_SENTENCE_PUNCTUATION = set("。，；：！？")
_CLAUSE_BREAK = re.compile(rf"[{_SPACE}]+(?=根据|自|[（(]?{_YEAR}年)")
_HISTORY_WORDS = re.compile("通过|修正|修订|公布|发布|施行|批准|印发|颁布")
# The history starts within the first few lines (a title, perhaps a line or two above it).
_FRONT_LINES = 4
# The second line of a wrapped title: （试行）, or text continuing a 《…》 name.
_TITLE_TAIL = re.compile(r"^(?:[（(](?:试行|暂行|草案|征求意见稿)[）)]$|的|》)")
# A title runs to about 60 characters (全国人民代表大会常务委员会关于…的决定).
_TITLE_MAX = 80


@dataclass
class SourceText:
    """A document in the corpus's Markdown form, with what the reader noticed on the way."""
    text: str
    notes: list[str] = field(default_factory=list)


def clean_line(line: str) -> str:
    """A line without invisible marks, edge whitespace and no-break spaces."""
    return remove_invisible(line).replace("\u00a0", " ").strip(" \t\r\n\f\v\u3000")


def collapse_spaces(text: str) -> str:
    return _RUNS.sub(" ", text).strip()


def is_heading(line: str) -> bool:
    """第一章　总　　则, 第二编 …, 附则: a structure heading (short, no sentence in it)."""
    if _SUPPLEMENTARY.match(line):
        return True
    match = HEADING_RE.match(line)
    if not match or parse_numeral(match.group(1)) is None:
        return False
    rest = line[match.end():]
    if match.group("glued") is None and rest.endswith("。"):
        rest = rest[:-1]  # 第五节　生活、卫生。 (a stray full stop after a heading)
    if len(rest) > 40 or _SENTENCE_PUNCTUATION & set(rest):
        return False
    # 第二章规定的… glued to its text is a sentence; a short glued title (第一章总则) is not.
    return not match.group("glued") or len(rest) <= 16


def heading_kind(line: str) -> str | None:
    match = HEADING_RE.match(line)
    return match.group(2) if match else None


def is_article(line: str) -> bool:
    """第一条　… (label, then a space or the end of the line)."""
    match = ARTICLE_RE.match(line)
    return bool(match and match.group("sep") is not None and parse_numeral(match.group(1)))


def is_item(line: str) -> bool:
    return bool(ITEM_RE.match(line) or SUBITEM_RE.match(line))


def is_history_start(line: str) -> bool:
    """（1994年8月31日…通过 …）, or a line starting with a full date and naming an event."""
    if _HISTORY_START.match(line):
        return hdr.parse_date(line) is not None
    return (hdr.starts_with_date(line) and hdr.parse_date(line[:16]) is not None
            and bool(_HISTORY_WORDS.search(line)))


def is_toc(line: str) -> bool:
    return bool(_TOC.match(line))


def is_appendix_heading(line: str) -> bool:
    """附件, 附件二：审计通知书（格式）: the heading of an attachment (short, no sentence)."""
    return bool(_APPENDIX.match(line)) and len(line) <= 30 and not line.endswith("。")


def starts_unit(line: str) -> bool:
    """A line that begins something of its own: never the continuation of a wrapped line."""
    return (is_article(line) or is_heading(line) or is_item(line) or is_toc(line)
            or bool(_HISTORY_START.match(line)) or bool(_APPENDIX.match(line))
            or bool(_ENUMERATED.match(line)))


def compose_source(raw_lines: list[str], fallback_title: str) -> SourceText:
    """The corpus Markdown for the plain lines of one document (`fallback_title`, the
    file name, stands in for a title the lines lack)."""
    lines = [line for line in map(clean_line, raw_lines) if line]
    notes: list[str] = []
    start = next((i for i, line in enumerate(lines)
                  if is_toc(line) or is_heading(line) or is_article(line)), len(lines))
    title, header, preamble = _split_front(lines[:start], notes)
    if title is None:
        notes.append(f"没有找到标题行，已使用文件名“{fallback_title}”作为标题，请核对")
    body = _skip_toc(lines[start:], notes)
    out = [f"# {title or fallback_title}", "", *header, "", INFO_END, ""]
    out.extend(_body_markdown(preamble + body))
    return SourceText("\n".join(out) + "\n", notes)


def _split_front(front: list[str], notes: list[str]) -> tuple[str | None, list[str], list[str]]:
    """(title, header lines, preamble) from the lines before the first 目录/heading/article.

    The title is the line (or two wrapped lines) just above the history; lines above it
    (a site name, a document number) are left out with a note.  Without history the first
    line is the title when it looks like one."""
    history = next((i for i, line in enumerate(front[:_FRONT_LINES]) if is_history_start(line)),
                   None)
    if history is None:
        if not front or not _is_title_like(front[0]):
            return None, [], front
        size = 2 if len(front) > 1 and _continues_title(front[0], front[1]) else 1
        return _tidy_title("".join(front[:size])), [], front[size:]
    header, preamble = _take_header(front[history:])
    if history == 0:
        return None, header, preamble
    first = history - 1
    if first > 0 and _continues_title(front[first - 1], front[first]):
        first -= 1
    if first > 0:
        notes.append(f"标题之前的文字未导入：{'；'.join(front[:first])[:200]}")
    return _tidy_title("".join(front[first:history])), header, preamble


def _continues_title(line: str, following: str) -> bool:
    """A title wrapped onto a second line: 《…》 left open, or a tail such as （试行）."""
    return (line.count("《") > line.count("》") or bool(_TITLE_TAIL.match(following))) \
        and _is_title_like(following)


def _is_title_like(line: str) -> bool:
    return len(line) <= _TITLE_MAX and line[-1] not in _SENTENCE_PUNCTUATION and not is_item(line)


def _tidy_title(title: str | None) -> str | None:
    """中华人民共和国 审计法 → 中华人民共和国审计法 (spaces between Chinese characters go)."""
    if title is None:
        return None
    return re.sub(rf"(?<=[^\x00-\x7f])[{_SPACE}]+(?=[^\x00-\x7f])", "", title)


def _take_header(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split the issuing history off the front of `lines`: a parenthesised block, possibly
    over several lines, or lines starting with a date.  Returns (header lines, the rest)."""
    taken: list[str] = []
    index = 0
    while index < len(lines) and is_history_start(lines[index]):
        block = lines[index]
        index += 1
        if block[0] in "（(":
            while not block.endswith(("）", ")")) and index < len(lines) and len(block) < 2000:
                block += lines[index]
                index += 1
            block = block[1:-1] if block.endswith(("）", ")")) else block[1:]
        taken.extend(part for part in _CLAUSE_BREAK.split(block) if part.strip())
    return [collapse_spaces(line) for line in taken], lines[index:]


def _toc_key(line: str) -> str:
    return _RUNS.sub("", _TOC_TAIL.sub("", line))


def _is_toc_entry(line: str) -> bool:
    """A 目录 line: a heading, or a short name without a sentence (序言, 附则, 一、总则)."""
    line = _TOC_TAIL.sub("", line) or line
    return is_heading(line) or (len(line) <= 30 and not _SENTENCE_PUNCTUATION & set(line)
                                and not is_article(line) and not is_item(line))


def _skip_toc(lines: list[str], notes: list[str]) -> list[str]:
    """The body without its 目录: the entries end where the first one reappears as the
    body's first heading, or at the first line that is no entry (an article)."""
    if not lines or not is_toc(lines[0]):
        return lines
    entries = lines[1:]
    if not entries or not _is_toc_entry(entries[0]):
        notes.append("“目录”之后没有目录条目")
        return entries
    first = _toc_key(entries[0])
    for index in range(1, len(entries)):
        if _toc_key(entries[index]) == first or not _is_toc_entry(entries[index]):
            return entries[index:]
    notes.append("目录之后没有找到正文")
    return []


def _body_markdown(lines: list[str]) -> list[str]:
    """Body lines in corpus form: headings as ``##`` lines, article labels followed by one space."""
    kinds = {heading_kind(line) for line in lines if is_heading(line)}
    used = [kind for kind in HEADING_KINDS if kind in kinds]
    out: list[str] = []
    last_number = 0
    seen_article = False
    for index, line in enumerate(lines):
        if is_heading(line):
            kind = heading_kind(line)
            depth = used.index(kind) + 1 if kind else 1
            out.append(f"{'#' * (depth + 1)} {_heading_text(line)}")
            continue
        if (seen_article and is_appendix_heading(line)) or (
                not used and _is_section_title(line, lines[index + 1:index + 2])):
            out.append(f"## {collapse_spaces(line)}")
            continue
        article = _article_line(line, last_number)
        if article:
            line, last_number = article
            seen_article = True
        elif line.startswith("#"):
            line = "＃" + line[1:]  # a "#" in the text is text, not a Markdown heading
        out.append(line)
    return out


def _is_section_title(line: str, following: list[str]) -> bool:
    """一、当事人举证 right above an article: the section heading of a 司法解释 or rule that
    groups its articles under 一、二、… instead of chapters."""
    return (bool(_ENUMERATED.match(line)) and len(line) <= 30
            and not _SENTENCE_PUNCTUATION & set(line) and bool(following)
            and is_article(following[0]))


def _heading_text(line: str) -> str:
    """第一章　总　　则 → 第一章 总 则 (the corpus writes one space where Word has several)."""
    match = HEADING_RE.match(line)
    if match and match.group("glued"):
        line = line[:match.end()] + " " + line[match.end():]
    return collapse_spaces(line)


def _article_line(line: str, last_number: int) -> tuple[str, int] | None:
    """An article's line with its label and text separated by one space, and its number.

    A label glued to its text (第五条为了…) counts only when it is the next number, since
    a paragraph may well begin 第五条规定的…."""
    match = ARTICLE_RE.match(line)
    if not match:
        return None
    number = parse_numeral(match.group(1))
    if not number:
        return None
    label_end = match.end(2) if match.group(2) else line.index("条") + 1
    rest = line[label_end:].strip(" \t\u3000")
    if match.group("sep") is None and (match.group(2) or number != last_number + 1):
        return None
    suffix = bool(match.group(2))
    return (f"{line[:label_end]} {rest}".rstrip(), last_number if suffix else number)
