"""Small server-rendered SVG charts: bar, grouped bar, line and a 7×24 heat matrix.

Each function returns a :class:`Chart` whose SVG carries ``<title>`` and ``<desc>`` (read by
screen readers via ``role="img"`` and ``aria-labelledby``) and the same numbers as a table, so
the chart is never the only way to read the data. The SVG uses presentation attributes only
(no ``style``), so it passes a strict Content-Security-Policy and renders in WeasyPrint PDFs.
Colours come from the palette in ``core/static/core/lofte.css``.

Usage in a template: ``{{ chart.html }}`` (figure + SVG + collapsible table) on web pages, or
``{{ chart.pdf_html }}`` (figure + SVG + open table) in PDFs.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

INK = "#1d2733"
MUTED = "#4f5b67"
LINE = "#d5dbe1"
PRIMARY = "#14477a"
SERIES = ("#14477a", "#b8860b", "#1e6b3a", "#a3222b", "#4f5b67", "#6b8fb8")
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
WEEKDAYS = ("Mån", "Tis", "Ons", "Tor", "Fre", "Lör", "Sön")

_ids = itertools.count(1)


def _number(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    svg: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def table_html(self) -> str:
        num = ' class="num"'
        head = "".join(f'<th scope="col"{num if i else ""}>{escape(h)}</th>'
                       for i, h in enumerate(self.headers))
        body = "".join(
            "<tr>" + "".join(
                (f'<th scope="row">{escape(c)}</th>' if i == 0
                 else f'<td class="num">{escape(c)}</td>')
                for i, c in enumerate(row)) + "</tr>"
            for row in self.rows
        )
        return (f'<table class="table"><caption class="visually-hidden">{escape(self.title)}'
                f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    @property
    def html(self) -> SafeString:
        return mark_safe(  # noqa: S308 - every text part is escaped above
            f'<figure class="chart"><figcaption>{escape(self.title)}</figcaption>{self.svg}'
            f'<details><summary>Visa som tabell</summary><div class="table-wrap">'
            f"{self.table_html()}</div></details></figure>"
        )

    @property
    def pdf_html(self) -> SafeString:
        return mark_safe(  # noqa: S308 - every text part is escaped above
            f"<figure><figcaption>{escape(self.title)}</figcaption>{self.svg}"
            f"{self.table_html()}</figure>"
        )

    def __html__(self) -> str:
        return str(self.html)


def _open_svg(width: int, height: int, title: str, description: str) -> tuple[str, str]:
    n = next(_ids)
    tid, did = f"chart-title-{n}", f"chart-desc-{n}"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{tid} {did}" '
            f'font-family="{FONT}" font-size="12" fill="{INK}">'
            f'<title id="{tid}">{escape(title)}</title>'
            f'<desc id="{did}">{escape(description)}</desc>')
    return head, "</svg>"


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 12,
          fill: str = INK, weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{fill}" font-weight="{weight}">{escape(text)}</text>')


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = float(10 ** math.floor(math.log10(value)))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def _legend(series_names: Sequence[str], x: float, y: float, width: float) -> tuple[str, float]:
    """Legend items left to right, wrapping to a new line; returns the SVG and its height."""
    parts = []
    start_x, line = x, 0
    for i, name in enumerate(series_names):
        item_w = 24 + 6.5 * len(name)
        if x + item_w > width and x > start_x:
            x, line = start_x, line + 1
        yy = y + line * 16
        colour = SERIES[i % len(SERIES)]
        parts.append(f'<rect x="{x:.1f}" y="{yy - 9:.1f}" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(x + 14, yy, name, size=11))
        x += item_w
    return "".join(parts), (line + 1) * 16


def grouped_bar_chart(title: str, labels: Sequence[str],
                      series: Sequence[tuple[str, Sequence[float]]], *, description: str = "",
                      unit: str = "antal", width: int = 640) -> Chart:
    """Horizontal bars, one group per label and one bar per series (e.g. now vs before)."""
    label_w = min(max((len(label) for label in labels), default=4) * 7 + 12, 220)
    bar_h, gap = 14, 10
    group_h = bar_h * len(series) + gap
    legend, legend_h = (_legend([name for name, _ in series], 8, 14, width)
                        if len(series) > 1 else ("", 0.0))
    top = 10 + legend_h
    height = int(top + group_h * len(labels) + 26)
    plot_w = width - label_w - 50
    peak = _nice_max(max((v for _, values in series for v in values), default=0))
    head, tail = _open_svg(width, height, title, description or title)
    parts = [head, legend]
    for tick in range(5):
        value = peak * tick / 4
        x = label_w + plot_w * tick / 4
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 22}" '
                     f'stroke="{LINE}" stroke-width="1"/>')
        parts.append(_text(x, height - 8, _number(value), anchor="middle", size=10, fill=MUTED))
    for row, label in enumerate(labels):
        y0 = top + row * group_h
        parts.append(_text(label_w - 8, y0 + group_h / 2, label, anchor="end", size=12))
        for s, (_, values) in enumerate(series):
            value = float(values[row])
            w = plot_w * value / peak
            y = y0 + s * bar_h
            parts.append(f'<rect x="{label_w}" y="{y:.1f}" width="{max(w, 0):.1f}" '
                         f'height="{bar_h - 2}" fill="{SERIES[s % len(SERIES)]}"/>')
            parts.append(_text(label_w + w + 4, y + bar_h - 4, _number(value), size=10,
                               fill=MUTED))
    parts.append(tail)
    rows = tuple((label, *(_number(values[i]) for _, values in series))
                 for i, label in enumerate(labels))
    headers = ("", *(name for name, _ in series)) if len(series) > 1 else ("", unit)
    return Chart(title, description or title, "".join(parts), headers, rows)


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], *,
              description: str = "", unit: str = "antal", width: int = 640) -> Chart:
    """Horizontal bars, one per label."""
    return grouped_bar_chart(title, labels, [(unit, values)], description=description,
                             unit=unit, width=width)


def line_chart(title: str, x_labels: Sequence[str],
               series: Sequence[tuple[str, Sequence[float]]], *, description: str = "",
               width: int = 640, height: int = 240) -> Chart:
    """Lines over an ordered axis (weeks, months); every ``len(x)/8``-th label is printed."""
    legend, legend_h = _legend([name for name, _ in series], 44, 14, width)
    left, right, top, bottom = 44, 12, 12 + legend_h, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_max(max((v for _, values in series for v in values), default=0))
    n = max(len(x_labels), 1)
    head, tail = _open_svg(width, height, title, description or title)
    parts = [head, legend]
    for tick in range(5):
        value = peak * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                     f'stroke="{LINE}" stroke-width="1"/>')
        parts.append(_text(left - 6, y + 4, _number(value), anchor="end", size=10, fill=MUTED))

    def x_at(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    every = max(1, math.ceil(n / 8))
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == n - 1:
            parts.append(_text(x_at(i), height - 10, label, anchor="middle", size=10,
                               fill=MUTED))
    for s, (_, values) in enumerate(series):
        colour = SERIES[s % len(SERIES)]
        points = " ".join(f"{x_at(i):.1f},{top + plot_h - plot_h * float(v) / peak:.1f}"
                          for i, v in enumerate(values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"/>')
        for i, v in enumerate(values):
            cy = top + plot_h - plot_h * float(v) / peak
            parts.append(f'<circle cx="{x_at(i):.1f}" cy="{cy:.1f}" r="2.5" fill="{colour}"/>')
    parts.append(tail)
    rows = tuple((label, *(_number(values[i]) for _, values in series))
                 for i, label in enumerate(x_labels))
    return Chart(title, description or title, "".join(parts),
                 ("", *(name for name, _ in series)), rows)


def _blend(share: float) -> str:
    """White (#ffffff) → primary (#14477a) for share 0 → 1."""
    share = min(max(share, 0.0), 1.0)
    r = round(255 + (0x14 - 255) * share)
    g = round(255 + (0x47 - 255) * share)
    b = round(255 + (0x7A - 255) * share)
    return f"#{r:02x}{g:02x}{b:02x}"


def heat_matrix(title: str, matrix: Sequence[Sequence[float]], *, description: str = "",
                row_labels: Sequence[str] = WEEKDAYS, width: int = 640) -> Chart:
    """A 7×24 hour-of-week matrix (rows Monday–Sunday, columns hours 0–23), darker = more."""
    left, top = 40, 22
    cell_w = (width - left - 8) / 24
    cell_h = 20
    height = top + cell_h * len(row_labels) + 8
    peak = max((float(v) for row in matrix for v in row), default=0.0) or 1.0
    head, tail = _open_svg(width, height, title, description or title)
    parts = [head]
    for hour in range(0, 24, 3):
        parts.append(_text(left + cell_w * (hour + 0.5), 14, f"{hour:02d}", anchor="middle",
                           size=10, fill=MUTED))
    for r, label in enumerate(row_labels):
        y = top + r * cell_h
        parts.append(_text(left - 6, y + cell_h - 6, label, anchor="end", size=11))
        for hour in range(24):
            value = float(matrix[r][hour])
            parts.append(
                f'<rect x="{left + hour * cell_w:.1f}" y="{y}" width="{cell_w - 1:.1f}" '
                f'height="{cell_h - 1}" fill="{_blend(value / peak)}" stroke="{LINE}" '
                f'stroke-width="0.5"><title>{escape(label)} {hour:02d}–{(hour + 1) % 24:02d}: '
                f"{_number(value)}</title></rect>"
            )
    parts.append(tail)
    headers = ("", *(f"{h:02d}" for h in range(24)))
    rows = tuple((label, *(_number(matrix[r][h]) for h in range(24)))
                 for r, label in enumerate(row_labels))
    return Chart(title, description or title, "".join(parts), headers, rows)
