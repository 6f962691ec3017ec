"""The status line: counts, rate, time left and the step on a terminal; nothing at all
when the stream is not a terminal; output lines written above it."""
import io

from core.progress import CLEAR_LINE, Progress, clock_text, fit, progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Timer:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def last_line(stream: io.StringIO) -> str:
    return stream.getvalue().rsplit(CLEAR_LINE, 1)[-1]


def test_counts_rate_and_time_left():
    terminal, timer = Terminal(), Timer()
    progress = Progress(terminal, timer=timer, columns=200)
    with progress.task("导入法规") as update:
        timer.now += 10
        update(50, 200, "宪法/中华人民共和国宪法.md")
        assert last_line(terminal) == "导入法规 50/200 件 · 5.0 件/秒 · 剩余 0:30 · 宪法/中华人民共和国宪法.md"
        timer.now += 0.05
        update(51, 200, "x")                     # too soon after the last redraw: not drawn
        assert "51/200" not in terminal.getvalue()
        timer.now += 30
        update(200, 200, "")                     # the last count is always drawn
        assert last_line(terminal) == "导入法规 200/200 件 · 5.0 件/秒"
    assert terminal.getvalue().endswith(CLEAR_LINE)   # cleared when the operation ends


def test_steps_show_the_step_and_the_time_since_the_start():
    terminal, timer = Terminal(), Timer()
    progress = Progress(terminal, timer=timer, columns=200)
    timer.now += 65
    progress.step(5, 7, "检索索引")
    assert last_line(terminal) == "[5/7] 检索索引 · 已用 1:05"
    with progress.task("建立检索索引") as update:
        timer.now += 4
        update(100, 400, "分词并写入索引")
        assert last_line(terminal) == ("[5/7] 检索索引 · 建立检索索引 100/400 件 · 25 件/秒 · 剩余 0:12"
                                       " · 分词并写入索引 · 已用 1:09")
    assert last_line(terminal) == "[5/7] 检索索引 · 已用 1:09"


def test_output_goes_above_the_line(capsys):
    terminal = Terminal()
    progress = Progress(terminal, timer=Timer(), columns=200)
    progress.step(1, 2, "法规语料")
    progress.echo("导入完成")
    assert capsys.readouterr().out == "导入完成\n"
    assert terminal.getvalue() == (CLEAR_LINE + "[1/2] 法规语料 · 已用 0:00" + CLEAR_LINE
                                   + CLEAR_LINE + "[1/2] 法规语料 · 已用 0:00")


def test_silent_when_not_a_terminal(capsys):
    stream = io.StringIO()
    progress = Progress(stream, timer=Timer())
    progress.step(1, 2, "法规语料")
    with progress.task("导入法规") as update:
        update(1, 2, "a")
        update(2, 2, "b")
    progress.echo("导入完成")
    assert stream.getvalue() == "" and capsys.readouterr().out == "[1/2] 法规语料\n导入完成\n"
    with progress_bar("建立检索索引", stream) as update:
        update(1, 1, "")
    assert stream.getvalue() == ""


def test_the_line_never_wraps():
    assert fit("审计法" * 10, 9) == "审计法审…"
    assert fit("abc", 3) == "abc"
    assert clock_text(7) == "0:07" and clock_text(3723) == "1:02:03"
