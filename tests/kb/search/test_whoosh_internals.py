"""Whoosh's internals are used in kb/search/whoosh_internals.py only, and only on the pinned
Whoosh version: an upgrade or a new use elsewhere fails here, not in a slow search."""
from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import whoosh

ROOT = Path(__file__).resolve().parents[3]
INTERNALS = ROOT / "kb" / "search" / "whoosh_internals.py"
SKIPPED_DIRS = {".venv", ".ci", ".git", "test-artifacts", "node_modules", "__pycache__"}
# Whoosh modules of codecs, on-disk structures and the writer's machinery: internals even
# where their names carry no underscore.
INTERNAL_MODULES = ("whoosh.codec", "whoosh.filedb", "whoosh.matching", "whoosh.system",
                    "whoosh.util.numeric", "whoosh.writing")


def pinned_whoosh() -> str:
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\s*whoosh-reloaded\s*==\s*(\S+)\s*(#.*)?", line, re.IGNORECASE)
        if match:
            return match.group(1)
    raise AssertionError("requirements.txt does not pin Whoosh-Reloaded (==)")


def test_installed_whoosh_is_the_pinned_version():
    installed = metadata.version("Whoosh-Reloaded")
    pinned = pinned_whoosh()
    assert installed == pinned, (
        f"Whoosh-Reloaded {installed} is installed but requirements.txt pins {pinned}. "
        "kb/search/whoosh_internals.py reads Whoosh's posting blocks and drives its segment "
        "writer through private names of the pinned version: install the pinned version "
        "(pip install -r requirements.txt), or check every function of that module against "
        "the new version before changing the pin.")


# Where a private name is used: an attribute (`reader._terms`) or a keyword (`_lk=False`).
_ATTRIBUTE = re.compile(r"\.(_[A-Za-z]\w*)")
_KEYWORD = re.compile(r"[(,]\s*(_[A-Za-z]\w*)\s*=(?!=)")
# Where a private name is defined: a function or class, an attribute or variable assigned.
_DEFINITION = re.compile(r"(?:def|class)\s+(_[A-Za-z]\w*)|(?:\bself\.|^\s*)(_[A-Za-z]\w*)\s*=(?!=)",
                         re.MULTILINE)
_IMPORT = re.compile(r"^\s*(?:from\s+(whoosh[\w.]*)\s+import\s+(\([^)]*\)|.*)|import\s+(whoosh[\w.]*))",
                     re.MULTILINE)


def project_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py")
                  if not SKIPPED_DIRS.intersection(p.relative_to(root).parts))


def _names(pattern: re.Pattern, text: str) -> set[str]:
    return {name for match in pattern.finditer(text) for name in match.groups() if name}


def whoosh_private_names() -> tuple[set[str], set[str]]:
    """The private names of Whoosh's own source: (attribute and definition names, names
    it passes or takes as keywords)."""
    names: set[str] = set()
    keywords: set[str] = set()
    for path in project_files(Path(whoosh.__file__).parent):
        text = path.read_text(encoding="utf-8")
        names |= _names(_ATTRIBUTE, text) | _names(_DEFINITION, text)
        keywords |= _names(_KEYWORD, text)
    return names, keywords


def _is_internal_module(module: str) -> bool:
    return (any(part.startswith("_") for part in module.split("."))
            or any(module == m or module.startswith(m + ".") for m in INTERNAL_MODULES))


def _line(text: str, match: re.Match) -> int:
    return text.count("\n", 0, match.start()) + 1


def whoosh_internal_uses(root: Path, allowed: set[Path]) -> list[str]:
    """Where code under `root`, other than the `allowed` files, imports a Whoosh internal module or
    private name, or uses an attribute or keyword that is private in Whoosh (a grep: a
    private name the project defines itself, such as `self._opened`, is taken as its own)."""
    texts = {p.relative_to(root): p.read_text(encoding="utf-8")
             for p in project_files(root) if p not in allowed}
    own = set().union(*(_names(_DEFINITION, text) for text in texts.values()))
    names, keywords = whoosh_private_names()
    found = []
    for where, text in texts.items():
        for match in _IMPORT.finditer(text):
            module, imported, plain = match.groups()
            # `from whoosh import codec` imports an internal module as a name.
            names_imported = re.findall(r"\b(\w+)(?:\s+as\s+\w+)?", (imported or "").split("#")[0])
            if _is_internal_module(module or plain) or any(
                    n.startswith("_") or _is_internal_module(f"{module}.{n}") for n in names_imported):
                found.append(f"{where}:{_line(text, match)}: {match.group(0).strip()}")
        for pattern, private in ((_ATTRIBUTE, names - own), (_KEYWORD, keywords - own)):
            found += [f"{where}:{_line(text, m)}: {m.group(1)}" for m in pattern.finditer(text)
                      if m.group(1) in private]
    return found


def test_only_whoosh_internals_touches_whoosh_private_names():
    # This file is allowed too: it names private names to test the check.
    found = whoosh_internal_uses(ROOT, {INTERNALS, Path(__file__).resolve()})
    assert not found, ("Whoosh internals used outside kb/search/whoosh_internals.py (put a "
                       "small documented function there instead):\n" + "\n".join(found))


def test_the_check_finds_internals_outside_their_module(tmp_path):
    (tmp_path / "scoring.py").write_text(
        "from whoosh.codec.whoosh3 import _lenfield\n"
        "from whoosh.writing import SegmentWriter\n"
        "from whoosh import fields, codec as c\n"
        "def read(reader, matcher, ix):\n"
        "    matcher._read_data()\n"
        "    ix.writer(_lk=False)\n"
        "    return reader._terms\n", encoding="utf-8")
    found = whoosh_internal_uses(tmp_path, {tmp_path / "whoosh_internals.py"})
    assert sorted(found) == ["scoring.py:1: from whoosh.codec.whoosh3 import _lenfield",
                             "scoring.py:2: from whoosh.writing import SegmentWriter",
                             "scoring.py:3: from whoosh import fields, codec as c",
                             "scoring.py:5: _read_data", "scoring.py:6: _lk",
                             "scoring.py:7: _terms"]
