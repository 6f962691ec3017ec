"""One status line for long operations on a terminal (`python -m kb import`, the index
build, the demo's steps): what is being done, done/total, rate and time left, and — when
the work has numbered steps — which step it is and the time since the start.

The domain reports progress through plain `(done, total, name)` callbacks; this module
turns them into the line.  The line is redrawn in place with a carriage return, so it is
drawn only when the stream is a terminal: in a log file or a pipe it would be hundreds of
half-lines, and there the commands' own summary lines say what happened.
"""
from __future__ import annotations

import shutil
import sys
import time
import unicodedata
from contextlib import ExitStack, contextmanager
from typing import Callable, Iterator, TextIO

ProgressCallback = Callable[[int, int, str], None]
CLEAR_LINE = "\r\x1b[K"
REDRAW_SECONDS = 0.2   # often enough to look alive, rarely enough to cost nothing


def clock_text(seconds: float) -> str:
    """0:07, 4:05, 1:02:03."""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, columns: int) -> str:
    """The text cut to the columns, so the line never wraps (a wrapped line cannot be redrawn)."""
    if display_width(text) <= columns:
        return text
    kept, used = [], 0
    for ch in text:
        used += display_width(ch)
        if used > columns - 1:
            break
        kept.append(ch)
    return "".join(kept) + "…"


class Progress:
    """A status line on `stream` (stderr by default), silent unless it is a terminal.

    `step(k, n, title)` names the current step of a numbered procedure; `task(description)`
    yields the `(done, total, name)` callback of one operation; `echo(message)` prints a
    line above the status line (output written past it would land inside the line);
    `clear()` removes the line for good.  `timer` is injectable for tests.
    """

    def __init__(self, stream: TextIO | None = None, *, timer: Callable[[], float] = time.monotonic,
                 columns: int | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self.timer = timer
        self.columns = columns
        self.started = timer()
        self._step = ""
        self._task = ""
        self._task_started = self.started
        self._drawn_at: float | None = None
        self._shown = False

    def step(self, number: int, total: int, title: str) -> None:
        """Step `number` of `total` begins: on a terminal the status line names it; anywhere
        else it is announced as a line of output."""
        self._step = f"[{number}/{total}] {title}"
        self._task = ""
        if self.interactive:
            self._draw(force=True)
        else:
            self.echo(self._step)

    @contextmanager
    def task(self, description: str) -> Iterator[ProgressCallback]:
        self._task_started = self.timer()
        self._task = description
        self._draw(force=True)

        def update(done: int, total: int, name: str) -> None:
            self._task = self._task_text(description, done, total, name)
            self._draw(force=done >= total)

        try:
            yield update
        finally:
            self._task = ""
            if self._step:
                self._draw(force=True)
            else:
                self.clear()

    @contextmanager
    def phases(self) -> Iterator[Callable[[str], ProgressCallback]]:
        """`phase(title)` → the callback of the phase called `title`; each phase ends when
        the next one begins (an operation in phases, such as an import with its relink and
        index refresh)."""
        with ExitStack() as tasks:
            def phase(title: str) -> ProgressCallback:
                tasks.close()
                return tasks.enter_context(self.task(title))
            yield phase

    def echo(self, message: str, *, err: bool = False) -> None:
        """A line of output, written above the status line (which is drawn again below it)."""
        shown = self._shown
        self.clear()
        print(message, file=sys.stderr if err else sys.stdout, flush=True)
        if shown:
            self._draw(force=True)

    def clear(self) -> None:
        if self._shown:
            self.stream.write(CLEAR_LINE)
            self.stream.flush()
            self._shown = False

    def elapsed(self) -> float:
        return self.timer() - self.started

    def _task_text(self, description: str, done: int, total: int, name: str) -> str:
        parts = [f"{description} {done}/{total} 件"]
        seconds = self.timer() - self._task_started
        if done and seconds > 0:
            rate = done / seconds
            parts.append(f"{rate:.1f} 件/秒" if rate < 10 else f"{rate:.0f} 件/秒")
            if total > done:
                parts.append(f"剩余 {clock_text((total - done) / rate)}")
        if name:
            parts.append(name[-30:])
        return " · ".join(parts)

    def _draw(self, *, force: bool) -> None:
        if not self.interactive:
            return
        now = self.timer()
        if not force and self._drawn_at is not None and now - self._drawn_at < REDRAW_SECONDS:
            return
        text = " · ".join(part for part in (self._step, self._task) if part)
        if self._step:
            text += f" · 已用 {clock_text(now - self.started)}"
        if not text:
            return
        columns = self.columns or shutil.get_terminal_size().columns
        self.stream.write(CLEAR_LINE + fit(text, columns - 1))
        self.stream.flush()
        self._drawn_at, self._shown = now, True


@contextmanager
def progress_bar(description: str, stream: TextIO | None = None) -> Iterator[ProgressCallback]:
    """The `(done, total, name)` callback of one operation, shown as a status line on
    stderr when it is a terminal and cleared when the operation ends."""
    with Progress(stream).task(description) as update:
        yield update



@contextmanager
def phase_bars(stream: TextIO | None = None) -> Iterator[Callable[[str], ProgressCallback]]:
    """`Progress.phases` on a status line of its own, cleared at the end."""
    progress = Progress(stream)
    with progress.phases() as phase:
        yield phase
    progress.clear()
