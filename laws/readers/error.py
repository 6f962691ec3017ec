"""The one error every statute reader raises: a file that cannot be read as a statute."""
from __future__ import annotations


class ReadError(ValueError):
    """A file that cannot be turned into statute data; `str(error)` is a Chinese message
    ready to show to the person who uploaded it (it names the file)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
