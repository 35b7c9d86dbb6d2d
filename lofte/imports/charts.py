"""A server-rendered SVG line chart for official series with gaps (missing years stay gaps).

Same conventions as the shared chart helpers: ``role="img"`` with ``<title>``/``<desc>``,
presentation attributes only (CSP without ``style``), and the numbers as a table in a
``<details>`` beneath, with the source line on the figure. Missing values are never drawn as 0.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#14477a", "#b8860b", "#1e6b3a", "#a3222b", "#4f5b67")
DASHES = ("", "6 4", "2 3", "8 3 2 3", "")
MUTED = "#4f5b67"
GRID = "#d5dbe1"
_ids = itertools.count(1)


def format_number(value: float | None, decimals: int = 1) -> str:
    """Swedish number: thin-space thousands, decimal comma, ``–`` for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = float(10 ** math.floor(math.log10(value)))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= step * magnitude:
            return step * magnitude
    return 10.0 * magnitude


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    source: str,
    description: str = "",
    y_min_zero: bool = True,
    width: int = 560,
    height: int = 260,
) -> SafeString:
    """Figure with an SVG line chart, a source line and the data table.

    ``series`` is ``[(name, values aligned with x_labels)]``; ``None`` leaves a gap.
    """
    chart_id = f"chart-imports-{next(_ids)}"
    left, right, top, bottom = 64, 16, 16, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, vs in series for v in vs if v is not None]
    peak = _nice_max(max(values, default=0.0) * 1.05)
    n = max(len(x_labels), 1)

    def x_at(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y_at(v: float) -> float:
        return top + plot_h - plot_h * v / peak

    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description or title)}</desc>'
    ]
    for tick in range(5):
        value = peak * tick / 4
        y = y_at(value)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="13" '
                     f'fill="{MUTED}">{escape(format_number(value, 0))}</text>')
    every = max(1, math.ceil(n / 8))
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == n - 1:
            parts.append(f'<text x="{x_at(i):.1f}" y="{height - 8}" text-anchor="middle" '
                         f'font-size="13" fill="{MUTED}">{escape(label)}</text>')
    for index, (_, series_values) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        run: list[str] = []
        for i, v in enumerate([*series_values, None]):
            if v is not None:
                run.append(f"{x_at(i):.1f},{y_at(float(v)):.1f}")
                continue
            if len(run) > 1:
                parts.append(f'<polyline points="{" ".join(run)}" fill="none" '
                             f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
            run = []
        for i, v in enumerate(series_values):
            if v is not None:
                parts.append(f'<circle cx="{x_at(i):.1f}" cy="{y_at(float(v)):.1f}" r="3.5" '
                             f'fill="{colour}"><title>{escape(series[index][0])} '
                             f'{escape(x_labels[i])}: {escape(format_number(v))}</title>'
                             f"</circle>")
    parts.append("</svg>")
    legend = "".join(
        f'<span><svg width="22" height="10" aria-hidden="true"><line x1="0" y1="5" x2="22" '
        f'y2="5" stroke="{COLOURS[i % len(COLOURS)]}" stroke-width="3"'
        + (f' stroke-dasharray="{DASHES[i % len(DASHES)]}"' if DASHES[i % len(DASHES)] else "")
        + f'/></svg> {escape(name)}</span>'
        for i, (name, _) in enumerate(series)
    )
    head = "".join(f'<th scope="col" class="num">{escape(name)}</th>' for name, _ in series)
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th>'
        + "".join(f'<td class="num">{escape(format_number(vs[i]))}</td>' for _, vs in series)
        + "</tr>"
        for i, label in enumerate(x_labels)
    )
    return mark_safe(  # noqa: S308 - every text part above is escaped
        f'<div class="chart" role="figure" aria-labelledby="{chart_id}-c">'
        f'<p id="{chart_id}-c"><strong>{escape(title)}</strong></p>{"".join(parts)}'
        f'<p class="cluster small">{legend}</p>'
        f'<p class="source">{escape(source)}</p>'
        f'<details><summary>Visa som tabell</summary>'
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="Tabell">'
        f'<table class="table"><caption class="visually-hidden">{escape(title)}</caption>'
        f'<thead><tr><th scope="col">Period</th>{head}</tr></thead><tbody>{body}</tbody>'
        f"</table></div></details></div>"
    )
