"""The converted text of each uploaded statute file, kept in the data directory so a file
is converted once per intake, whichever process serves each step.

The intake page reads a file for its preview and again when the administrator saves it;
under gunicorn the save may land on another worker than the preview, and converting a
100-page PDF (pdfminer) is most of an intake's time.  Converting yields plain data — the
corpus Markdown and the reader's notes (laws.readers.SourceText) — so that is what is
kept: a JSON file (0600, in a 0700 folder) named by the SHA-256 of the file's bytes and of
its name (the name gives the fallback title), never anything executable such as a pickle.
Parsing the Markdown again is cheap.  Entries older than a day are dropped, as drafts are.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePath

from core.clock import Clock
from core.private_files import private_directory, private_file
from laws.readers import SourceText, convert_statute

# Entries are dropped after this long (an upload's preview and save are minutes apart).
KEEP_HOURS = 24
# Part of every key: a change to the readers' output makes older entries unused.
FORMAT = "1"


class ConvertedSources:
    def __init__(self, folder: Path, clock: Clock):
        self.folder = folder
        self.clock = clock

    def convert(self, data: bytes, filename: str) -> SourceText:
        """`laws.readers.convert_statute(data, filename)`, from the kept entry when there is
        one (ReadError as convert_statute raises it; failures are not kept)."""
        path = self.folder / f"{self.key(data, filename)}.json"
        kept = self._load(path)
        if kept is not None:
            return kept
        source = convert_statute(data, filename)
        self._store(path, source)
        return source

    @staticmethod
    def key(data: bytes, filename: str) -> str:
        digest = hashlib.sha256(FORMAT.encode() + b"\0" + PurePath(filename).name.encode("utf-8") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _load(self, path: Path) -> SourceText | None:
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            return SourceText(str(kept["text"]), [str(note) for note in kept["notes"]])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, or cut short by a crash mid-write: convert again

    def _store(self, path: Path, source: SourceText) -> None:
        private_directory(self.folder)
        self._expire()
        partial = private_file(path.with_name(f"{path.stem}.{os.getpid()}.part"))
        partial.write_text(json.dumps({"text": source.text, "notes": list(source.notes)},
                                      ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)  # readers in other workers see all of it or nothing

    def _expire(self) -> None:
        limit = self.clock.now().timestamp() - KEEP_HOURS * 3600
        for path in self.folder.iterdir():
            try:
                if path.stat().st_mtime < limit:
                    path.unlink(missing_ok=True)
            except FileNotFoundError:
                pass  # another worker expired it first
