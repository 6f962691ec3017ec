"""Charts drawn on the server as inline SVG: no chart library, no script, nothing the
Content-Security-Policy forbids (no inline styles — colours come from classes styled in
static/quiz.css).  Each chart has a viewBox about a phone's width, so it fills a 375-px
screen at its natural size and scales up on a desktop; every mark carries a <title>, which
browsers show on hover and screen readers read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup, escape

WIDTH = 360
FONT = 11


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    css: str            # chart-series-1, chart-series-2 …


@dataclass(frozen=True)
class BarRow:
    label: str
    value: float        # 0 … 1, shown as a percentage at the bar's end
    note: str           # the details, in the bar's title


def _svg(height: int, label: str, body: list[str], css: str) -> Markup:
    return Markup(f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {height}" role="img" '
                  f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">'
                  + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "start", css: str = "chart-label") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{FONT}" '
            f'class="{css}">{escape(text)}</text>')


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def line_chart(labels: Sequence[str], series: Sequence[Series], label: str,
               y_max: float = 100, unit: str = "%") -> Markup:
    """Lines over the same x positions (e.g. my score and the round average per round)."""
    left, right, top, bottom, height = 34, 10, 26, 40, 210
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    count = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w / 2 if count == 1 else plot_w * i / (count - 1))

    def y(value: float) -> float:
        return top + plot_h * (1 - min(max(value, 0), y_max) / y_max)
    body = []
    for tick in range(0, 101, 25):
        value = y_max * tick / 100
        body.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" class="chart-grid"/>')
        body.append(_text(left - 4, y(value) + 4, f"{value:g}", "end", "chart-axis"))
    step = max(1, -(-count // 6))          # at most about six x labels
    for i, text in enumerate(labels):
        if i % step == 0 or i == count - 1:
            body.append(_text(x(i), height - bottom + 16, _short(text, 7), "middle", "chart-axis"))
    for number, line in enumerate(series):
        points = [(x(i), y(v), v) for i, v in enumerate(line.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
            body.append(f'<polyline points="{path}" class="chart-line {line.css}"/>')
        for i, v in enumerate(line.values):
            if v is not None:
                title = f"{labels[i]}：{line.name} {v:g}{unit}"
                body.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" class="chart-dot {line.css}">'
                            f'<title>{escape(title)}</title></circle>')
        legend_x = left + number * 120
        body.append(f'<rect x="{legend_x}" y="6" width="12" height="4" class="chart-key {line.css}"/>')
        body.append(_text(legend_x + 16, 12, line.name, css="chart-legend"))
    return _svg(height, label, body, "chart-line-chart")


def bar_chart(labels: Sequence[str], values: Sequence[int], label: str, unit: str = "人") -> Markup:
    """Vertical bars with their counts (e.g. participants per 10-point score band)."""
    left, right, top, bottom, height = 8, 8, 18, 34, 190
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    slot = plot_w / max(len(values), 1)
    peak = max(max(values, default=0), 1)
    body = [f'<line x1="{left}" x2="{WIDTH - right}" y1="{top + plot_h}" y2="{top + plot_h}" class="chart-grid"/>']
    for i, (name, value) in enumerate(zip(labels, values)):
        bar_h = plot_h * value / peak
        bx = left + i * slot + slot * 0.15
        body.append(f'<rect x="{bx:.1f}" y="{top + plot_h - bar_h:.1f}" width="{slot * 0.7:.1f}" '
                    f'height="{bar_h:.1f}" class="chart-bar"><title>{escape(f"{name}：{value} {unit}")}</title></rect>')
        if value:
            body.append(_text(bx + slot * 0.35, top + plot_h - bar_h - 4, str(value), "middle", "chart-value"))
        body.append(_text(left + i * slot + slot / 2, height - bottom + 15, name, "middle", "chart-axis"))
    return _svg(height, label, body, "chart-bar-chart")


def hbar_chart(rows: Sequence[BarRow], label: str) -> Markup:
    """Horizontal bars, one row each (e.g. the share answered right per statute)."""
    label_w, note_w, row_h, top = 118, 44, 26, 4
    bar_w = WIDTH - label_w - note_w
    height = top * 2 + row_h * max(len(rows), 1)
    body = []
    for i, row in enumerate(rows):
        y = top + i * row_h
        share = min(max(row.value, 0.0), 1.0)
        level = "chart-bar-low" if share < 0.6 else "chart-bar-mid" if share < 0.8 else "chart-bar-high"
        body.append(_text(label_w - 6, y + 17, _short(row.label, 10), "end"))
        body.append(f'<rect x="{label_w}" y="{y + 6}" width="{bar_w}" height="14" rx="3" class="chart-track"/>')
        body.append(f'<rect x="{label_w}" y="{y + 6}" width="{bar_w * share:.1f}" height="14" rx="3" '
                    f'class="chart-bar {level}"><title>{escape(f"{row.label}：{row.note}")}</title></rect>')
        body.append(_text(label_w + bar_w + 6, y + 17, f"{round(100 * share)}%", css="chart-value"))
    return _svg(height, label, body, "chart-hbar-chart")
