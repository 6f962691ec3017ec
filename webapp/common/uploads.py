"""Uploaded files' names: every upload error names the file, so the name the browser sent
is kept — without any folder part, and shortened — for the messages and reports."""
from __future__ import annotations

from pathlib import Path


def upload_name(filename: str | None, default: str) -> str:
    """The uploaded file's own name without any folder part (it names the file in messages)."""
    name = Path((filename or "").replace("\\", "/")).name.lstrip(".")
    return name[:120] or default
