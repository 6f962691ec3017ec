"""Reading a corpus folder: finding documents, decoding them, classifying them by folder,
and merging the part files of a code (民法典) into one document.

Folder names carry the level and legal branch (see the corpus README); the path is
scanned from the file upwards so that a single file, or a copy of one folder, is
classified the same way as the whole corpus.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from laws.header import parse_date
from laws.model import ParsedDocument, SourceWarning
from laws.parser import parse_document
from laws.titles import derive_aliases, normalise_title

# Folder → (level, legal branch) for national-law folders and the level folders.
LEVEL_FOLDERS: dict[str, tuple[str, str | None]] = {
    "宪法": ("宪法", "宪法"),
    "宪法相关法": ("法律", "宪法相关法"),
    "民法商法": ("法律", "民法商法"),
    "民法典": ("法律", "民法商法"),
    "行政法": ("法律", "行政法"),
    "经济法": ("法律", "经济法"),
    "社会法": ("法律", "社会法"),
    "刑法": ("法律", "刑法"),
    "诉讼与非诉讼程序法": ("法律", "诉讼与非诉讼程序法"),
    "行政法规": ("行政法规", None),
    "司法解释": ("司法解释", None),
    "部门规章": ("部门规章", None),
    "地方性法规": ("地方性法规", None),
    "其他": ("其他", None),
}
CASE_FOLDER = "案例"
# Folders whose parent is the corpus root (used to name files relative to it).
TOP_FOLDERS = set(LEVEL_FOLDERS) - {"地方性法规"} | {CASE_FOLDER, "DLC"}
_FILE_DATE = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)$")
_MAX_BYTES = 20 * 1024 * 1024


class CorpusError(Exception):
    """The path given to the importer cannot be used (missing, or no documents in it)."""


@dataclass(frozen=True)
class Classification:
    level: str
    branch: str | None
    region: str | None
    authority: str | None
    inferred: bool = False


def display_path(path: Path) -> str:
    """The path relative to the corpus root (经济法/审计法(2021-10-23).md) where one is found."""
    parts = path.resolve().parts
    for i, part in enumerate(parts[:-1]):
        if part in TOP_FOLDERS:
            return "/".join(parts[i:])
    return path.name


def classify(path: Path, title: str = "") -> Classification:
    """Level, branch, region and authority from the folders above the file (nearest first)."""
    parts = path.resolve().parts[:-1]
    for i in range(len(parts) - 1, -1, -1):
        folder = parts[i]
        if folder in LEVEL_FOLDERS:
            level, branch = LEVEL_FOLDERS[folder]
            below = parts[i + 1] if i + 1 < len(parts) else None
            return Classification(level, branch,
                                  below if folder == "地方性法规" else None,
                                  below if folder == "部门规章" else None)
    return Classification(level_from_title(title), None, None, None, inferred=True)


def level_from_title(title: str) -> str:
    """The 效力级别 a title suggests, for a file outside the corpus folders (a guess to confirm)."""
    if title.startswith("中华人民共和国") and title.endswith("法"):
        return "法律"
    if title.startswith(("最高人民法院", "最高人民检察院")):
        return "司法解释"
    if re.match(r"^.{2,8}?[省市区州县]", title):
        return "地方性法规"
    if title.endswith(("条例", "规定", "办法", "细则")):
        return "行政法规"
    return "其他"


def is_case_file(path: Path) -> bool:
    return CASE_FOLDER in path.resolve().parts[:-1]


def find_sources(path: Path) -> list[Path]:
    """Statute files under a folder (or the file itself), sorted; cases and README skipped."""
    if not path.exists():
        raise CorpusError(f"路径不存在：{path}")
    if path.is_file():
        return [path]
    files = [p for p in path.rglob("*.md")
             if p.is_file() and p.name.lower() != "readme.md" and not is_case_file(p)]
    return sorted(files)


def decode_source(data: bytes, shown: str) -> tuple[str | None, list[SourceWarning]]:
    """Decode file bytes: UTF-8, or GB18030 with a warning; None for empty or binary files."""
    if not data.strip():
        return None, [SourceWarning(shown, None, "文件为空，已跳过")]
    if b"\x00" in data[:8192]:
        return None, [SourceWarning(shown, None, "不是文本文件（含二进制内容），已跳过")]
    if len(data) > _MAX_BYTES:
        return None, [SourceWarning(shown, None, "文件超过 20 MB，已跳过")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None, [SourceWarning(shown, line, "不是 UTF-8 编码，也无法按 GB18030 解码，已跳过")]
    chinese = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if chinese < 0.3 * len(text.split()) or chinese == 0:
        return None, [SourceWarning(shown, line, "不是 UTF-8 编码，内容无法识别，已跳过")]
    return text, [SourceWarning(shown, line, "不是 UTF-8 编码（自此行起），已按 GB18030 解码导入")]


def file_stem_and_date(path: Path):
    """`审计法(2021-10-23).md` → ("审计法", date(2021, 10, 23)); no date → (stem, None)."""
    stem = path.stem
    match = _FILE_DATE.search(stem)
    if not match:
        return stem, None
    date = parse_date(f"{match.group(1)}年{match.group(2)}月{match.group(3)}日")
    return stem[:match.start()], date


def parse_file(path: Path, data: bytes | None = None) -> tuple[ParsedDocument | None, list[SourceWarning]]:
    """Read, decode, classify and parse one file; None (with warnings) when it is skipped."""
    shown = display_path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as error:
            return None, [SourceWarning(shown, None, f"无法读取文件：{error.strerror}")]
    text, warnings = decode_source(data, shown)
    if text is None:
        return None, warnings
    stem, file_date = file_stem_and_date(path)
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].lstrip("# ").strip()
    kind = classify(path, first_line)
    doc = parse_document(text, shown, fallback_title=stem, level=kind.level, branch=kind.branch,
                         region=kind.region, authority=kind.authority, file_date=file_date,
                         file_stem=stem)
    if kind.inferred:
        warnings.append(SourceWarning(shown, None, f"目录名不是已知的法规类别，按标题推断效力级别为“{kind.level}”"))
    doc.warnings[:0] = warnings
    return doc, []


def merge_parts(parts: list[ParsedDocument]) -> ParsedDocument:
    """Merge the part files of one code into one document, parts ordered by first article."""
    def first_article(doc: ParsedDocument) -> int:
        return min((a.number for a in doc.articles), default=10 ** 6)

    parts = sorted(parts, key=first_article)
    base = parts[0]
    units, header_lines, warnings = [], [], []
    for part in parts:
        units.extend(part.units)
        header_lines.extend(line for line in part.header_lines if line not in header_lines)
        warnings.extend(part.warnings)
    folder = base.path.rsplit("/", 1)[0] if "/" in base.path else ""
    short = base.short_title
    return ParsedDocument(
        path=folder or base.path, title=base.title, short_title=short,
        part_titles=[t for p in parts for t in p.part_titles],
        aliases=derive_aliases(base.title, short), level=base.level, branch=base.branch,
        region=base.region, authority=base.authority, header_lines=header_lines,
        events=base.events, version_date=max((p.version_date for p in parts if p.version_date),
                                             default=None),
        effective_date=base.effective_date, promulgated=base.promulgated,
        effective_source=base.effective_source, units=units, warnings=warnings,
        sources=[p.path for p in parts])


_PART_HEADER = re.compile(rb"\A\s*# [^\n]+\n(?:\s*\n)*# [^\n]+")


def is_part_file(data: bytes) -> bool:
    """A part of a code: a second `# ` title line (人格权编) right after the first."""
    return bool(_PART_HEADER.match(data[:2000]))


def _part_siblings(path: Path) -> list[Path]:
    """All part files in the folder of `path` that belong to the same code."""
    title = _first_line(path.read_bytes())
    return [other for other in sorted(path.parent.glob("*.md"))
            if other.is_file() and (data := other.read_bytes()) and is_part_file(data)
            and _first_line(data) == title]


def _first_line(data: bytes) -> str:
    return normalise_title(data.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("# "))


@dataclass
class LoadedDocument:
    """What the loader yields for one document: parsed, skipped (document None) or unchanged."""
    files: int
    name: str
    document: ParsedDocument | None
    warnings: list[SourceWarning]
    unchanged: bool = False


Unchanged = Callable[[str, bytes], bool]


def load_documents(path: Path, unchanged: Unchanged = lambda shown, data: False
                   ) -> Iterator[LoadedDocument]:
    """Yield every document under `path`, merging a code's part files into one.

    `unchanged(shown_path, bytes)` lets the caller skip parsing files it already has;
    a code is skipped only when all its parts are unchanged.
    """
    files = find_sources(path)
    if path.is_file() and is_part_file(path.read_bytes()):
        files = _part_siblings(path)
    groups: dict[tuple[Path, str], list[tuple[Path, bytes]]] = {}
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as error:
            yield LoadedDocument(1, display_path(file), None, [SourceWarning(
                display_path(file), None, f"无法读取文件：{error.strerror}")])
            continue
        if is_part_file(data):
            groups.setdefault((file.parent, _first_line(data)), []).append((file, data))
            continue
        shown = display_path(file)
        if unchanged(shown, data):
            yield LoadedDocument(1, shown, None, [], unchanged=True)
            continue
        doc, warnings = parse_file(file, data)
        yield LoadedDocument(1, shown, doc, warnings)
    for (_folder, _title), members in groups.items():
        flags = [unchanged(display_path(f), d) for f, d in members]
        shown = display_path(members[0][0]).rsplit("/", 1)[0]
        if all(flags):
            yield LoadedDocument(len(members), shown, None, [], unchanged=True)
            continue
        parsed = [parse_file(f, d)[0] for f, d in members]
        yield LoadedDocument(len(members), shown, merge_parts([p for p in parsed if p]), [])
