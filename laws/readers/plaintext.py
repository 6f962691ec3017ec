"""Plain text (a .txt file or pasted text): one paragraph per line, as statutes are
copied out of Word or a web page.  Lines are not re-joined: a text file has no geometry
to tell a hard wrap from a paragraph end, and a wrong join merges two 款."""
from __future__ import annotations

from laws.readers.encoding import decode_text

_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x0b": "\n",
                              "\x0c": "\n", "\x85": "\n"})


def text_lines(text: str) -> list[str]:
    """The lines of a text, whatever its line ends (\\r\\n, \\r, Unicode separators)."""
    return text.replace("\r\n", "\n").translate(_LINE_BREAKS).split("\n")


def read_text_lines(data: bytes, name: str) -> list[str]:
    return text_lines(decode_text(data, name))
