"""Charts as inline SVG, rendered on the server — framework-free, no JavaScript, no CDN.

Centres may have no internet and old browsers; a chart is a few kilobytes of SVG with a title and a
description for screen readers, the numbers also in a ``<title>`` per mark (hover) and always in
the table next to it on the page. Three shapes cover the dashboards:

- :func:`line_chart` — the on-time rate month by month (with the 766 target line);
- :func:`bar_chart` — one bar per label (late dossiers by sector, load per centre);
- :func:`grouped_bar_chart` — several series per label (staffing quota vs filled vs dossiers per
  officer).

Text is escaped; colours come from one small palette that stays readable in greyscale print.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

PALETTE = ("#1f5fa8", "#d9822b", "#3b8f5a", "#a33b3b", "#6b5ca5")
FONT = 'font-family="Tinos, \'Times New Roman\', serif" font-size="12"'


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.1f}" if isinstance(value, float) and value != int(value) else f"{int(value):,}"
    return text.replace(",", ".") + unit  # Vietnamese thousands separator


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _frame(width: int, height: int, title: str, description: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="t d" class="chart" {FONT}>'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>" + "".join(body) + "</svg>"
    )


def line_chart(
    labels: list[str],
    series: list[Series],
    *,
    title: str,
    unit: str = "%",
    y_min: float = 0.0,
    y_max: float = 100.0,
    target: float | None = None,
    width: int = 640,
    height: int = 260,
) -> str:
    left, right, top, bottom = 44, 16, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y(v: float) -> float:
        v = min(max(v, y_min), y_max)
        return top + plot_h * (1 - (v - y_min) / (y_max - y_min))

    body = []
    for k in range(5):  # grid
        value = y_min + (y_max - y_min) * k / 4
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#ddd"/>')
        body.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{_fmt(value)}</text>')
    if target is not None:
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="#a33b3b" stroke-dasharray="4 3"><title>{escape(_fmt(target, unit))}</title></line>'
        )
    for i, label in enumerate(labels):
        body.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle">{escape(label)}</text>')
    for s_index, s in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        points = [(x(i), y(v), v) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _v in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (px, py, v), label in zip(points, [lbl for lbl, v in zip(labels, s.values, strict=False) if v is not None],
                                      strict=False):
            body.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(s.name)} — {escape(label)}: {escape(_fmt(v, unit))}</title></circle>"
            )
    body.extend(_legend(series, left, height - 8))
    description = "; ".join(
        f"{s.name}: " + ", ".join(f"{lbl} {_fmt(v, unit)}" for lbl, v in zip(labels, s.values, strict=False))
        for s in series
    )
    return _frame(width, height, title, description, body)


def bar_chart(
    labels: list[str],
    values: list[float],
    *,
    title: str,
    unit: str = "",
    colour: str = PALETTE[0],
    width: int = 640,
    bar_height: int = 18,
    label_width: int = 200,
) -> str:
    """Horizontal bars (long Vietnamese names read better than under vertical bars)."""
    top, gap = 8, 6
    height = top * 2 + len(labels) * (bar_height + gap)
    plot_w = width - label_width - 70
    peak = _nice_max(max(values, default=0))
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y0 = top + i * (bar_height + gap)
        w = plot_w * (value / peak) if peak else 0
        short = label if len(label) <= 34 else label[:33] + "…"
        body.append(
            f'<text x="{label_width - 6}" y="{y0 + bar_height - 5}" text-anchor="end">{escape(short)}'
            f"<title>{escape(label)}</title></text>"
        )
        body.append(
            f'<rect x="{label_width}" y="{y0}" width="{w:.1f}" height="{bar_height}" fill="{colour}">'
            f"<title>{escape(label)}: {escape(_fmt(value, unit))}</title></rect>"
        )
        body.append(f'<text x="{label_width + w + 4:.1f}" y="{y0 + bar_height - 5}">{escape(_fmt(value, unit))}</text>')
    description = ", ".join(f"{lbl}: {_fmt(v, unit)}" for lbl, v in zip(labels, values, strict=True))
    return _frame(width, max(height, 30), title, description, body)


def grouped_bar_chart(
    labels: list[str],
    series: list[Series],
    *,
    title: str,
    width: int = 640,
    bar_height: int = 9,
    label_width: int = 200,
) -> str:
    top, gap = 8, 8
    group_h = bar_height * len(series) + gap
    height = top * 2 + len(labels) * group_h + 24
    plot_w = width - label_width - 70
    peak = _nice_max(max((v for s in series for v in s.values if v is not None), default=0))
    body = []
    for i, label in enumerate(labels):
        y0 = top + i * group_h
        short = label if len(label) <= 34 else label[:33] + "…"
        body.append(
            f'<text x="{label_width - 6}" y="{y0 + group_h / 2:.1f}" text-anchor="end">{escape(short)}'
            f"<title>{escape(label)}</title></text>"
        )
        for k, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            w = plot_w * value / peak if peak else 0
            colour = PALETTE[k % len(PALETTE)]
            body.append(
                f'<rect x="{label_width}" y="{y0 + k * bar_height}" width="{w:.1f}" height="{bar_height - 1}" '
                f'fill="{colour}"><title>{escape(label)} — {escape(s.name)}: {escape(_fmt(value))}</title></rect>'
            )
            body.append(
                f'<text x="{label_width + w + 3:.1f}" y="{y0 + (k + 1) * bar_height - 1}" font-size="9">'
                f"{escape(_fmt(value))}</text>"
            )
    body.extend(_legend(series, label_width, height - 6))
    description = "; ".join(
        f"{lbl}: " + ", ".join(f"{s.name} {_fmt(s.values[i])}" for s in series) for i, lbl in enumerate(labels)
    )
    return _frame(width, height, title, description, body)


def _legend(series: list[Series], x0: float, y: float) -> list[str]:
    parts, x = [], x0
    for k, s in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        parts.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14:.1f}" y="{y:.1f}">{escape(s.name)}</text>')
        x += 24 + 7 * len(s.name)
    return parts
