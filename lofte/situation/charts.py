"""Server-side SVG for the lägesbild's figures, the same markup in the web page and the PDF.

Bars, lines and the hour-of-week matrix are drawn by the shared ``lofte.core.charts`` when the
data are complete; the small renderers here draw what it does not cover: series with gaps
(suppressed or missing values in the public version), the year wheel and the static area map.
Every chart comes with its table alternative in the template. Colours are presentation
attributes (no ``style``), so the page's CSP holds.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK, MUTED, LINE, PRIMARY, ACCENT = "#1d2733", "#4f5b67", "#d5dbe1", "#14477a", "#b8860b"
SERIES = [PRIMARY, ACCENT, "#1e6b3a", "#a3222b", "#6a4c93"]
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _number(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", " ").replace(".", ",")
    return f"{int(value):,}".replace(",", " ")


def _svg(width: int, height: int, body: list[str], label: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text inside is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" {FONT}>'
        + "".join(body) + "</svg>"
    )


def bar_chart(labels: list[str], values: list[float], label: str) -> SafeString:
    """Horizontal bars, longest first as given."""
    width, row, left = 520, 26, 200
    height = row * len(labels) + 16
    top = max([v for v in values if v] or [1])
    body = []
    for i, (name, value) in enumerate(zip(labels, values, strict=True)):
        y = 8 + i * row
        length = 0 if not value else (width - left - 60) * value / top
        text = name if len(name) <= 30 else name[:29] + "…"
        body.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="12" '
                    f'fill="{INK}">{escape(text)}</text>')
        body.append(f'<rect x="{left}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" '
                    f'rx="3" fill="{PRIMARY}"/>')
        shown = "–" if not value else _number(value)
        body.append(f'<text x="{left + length + 6:.1f}" y="{y + 17}" font-size="12" '
                    f'fill="{INK}">{shown}</text>')
    return _svg(width, height, body, label)


def line_chart(labels: list[str], series: list[dict[str, Any]], label: str) -> SafeString:
    """Lines over ``labels``; None values leave a gap (suppressed or missing)."""
    width, height, left, right, top_pad, bottom = 640, 260, 48, 16, 16, 58
    values = [v for s in series for v in s["values"] if isinstance(v, int | float)]
    top = max(values or [1]) * 1.1 or 1
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    n = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top_pad + plot_h - plot_h * v / top

    body = []
    for k in range(5):
        v = top * k / 4
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                    f'stroke="{LINE}"/>')
        body.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" '
                    f'font-size="11" fill="{MUTED}">{_number(round(v))}</text>')
    step = max(1, math.ceil(n / 7))
    for i, name in enumerate(labels):
        if i % step == 0:
            body.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                        f'font-size="11" fill="{MUTED}">{escape(name)}</text>')
    for index, s in enumerate(series):
        colour = SERIES[index % len(SERIES)]
        segment: list[str] = []
        segments = []
        for i, v in enumerate(s["values"]):
            if isinstance(v, int | float):
                segment.append(f"{x(i):.1f},{y(v):.1f}")
                body.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}"/>')
            elif segment:
                segments.append(segment)
                segment = []
        if segment:
            segments.append(segment)
        for points in segments:
            body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                        'stroke-width="2.2"/>')
        lx = left + (index % 2) * 290
        ly = height - 26 + (index // 2) * 15
        body.append(f'<rect x="{lx}" y="{ly - 9}" width="12" height="12" fill="{colour}"/>')
        body.append(f'<text x="{lx + 16}" y="{ly + 1}" font-size="11" fill="{INK}">'
                    f'{escape(s["name"][:44])}</text>')
    return _svg(width, height, body, label)


def heatmap(matrix: list[list[int | None]], label: str) -> SafeString:
    """Weekday × hour; darker is more. None (suppressed) is hatched grey."""
    from lofte.situation.patterns import WEEKDAYS

    cell, left, top_pad = 22, 76, 22
    width, height = left + 24 * cell + 8, top_pad + 7 * cell + 8
    top = max([v for row in matrix for v in row if v] or [1])
    body = []
    for h in range(0, 24, 3):
        body.append(f'<text x="{left + h * cell + 2}" y="14" font-size="11" fill="{MUTED}">'
                    f'{h:02d}</text>')
    for d, row in enumerate(matrix):
        y = top_pad + d * cell
        body.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" font-size="11" '
                    f'fill="{INK}">{WEEKDAYS[d][:3]}</text>')
        for h, v in enumerate(row):
            if v is None:
                fill, opacity = "#c4cad1", 1.0
            else:
                fill, opacity = PRIMARY, 0.06 + 0.94 * (v / top) if v else 0.04
            body.append(f'<rect x="{left + h * cell}" y="{y}" width="{cell - 2}" '
                        f'height="{cell - 2}" rx="2" fill="{fill}" fill-opacity="{opacity:.2f}">'
                        f'<title>{WEEKDAYS[d]} {h:02d}: {"–" if v is None else v}</title></rect>')
    return _svg(width, height, body, label)


RISK_LABEL_FONT = 9.5
RISK_LABEL_LANE = 13.0
RISK_LABEL_LANES = 5


def _label_box(x: float, y: float, text: str) -> tuple[float, float, float, float]:
    """Approximate box (left, top, right, bottom) of a centred 9.5 px label at (x, y)."""
    half = len(text) * RISK_LABEL_FONT * 0.56 / 2 + 2
    return x - half, y - RISK_LABEL_FONT / 2 - 0.5, x + half, y + RISK_LABEL_FONT / 2 + 0.5


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]
             ) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _risk_label_positions(risk_days: list[dict[str, Any]],
                          point: Callable[[float, float], tuple[float, float]],
                          radius: float,
                          obstacles: list[tuple[float, float, float, float]] | None = None
                          ) -> list[tuple[float, float]]:
    """Where each risk day's label goes: on its own day's spoke, moved inwards lane by lane
    until it no longer overlaps a label already placed (days close together, such as
    nationaldagen, skolavslutningen and midsommar in June, otherwise print on top of each
    other). ``obstacles`` are boxes labels must also avoid (the wheel's legend). When every
    lane is taken the least overlapping one is used."""
    fixed = list(obstacles or [])
    placed: list[tuple[float, float, float, float]] = []
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * len(risk_days)
    for index in sorted(range(len(risk_days)), key=lambda i: risk_days[i]["day_of_year"]):
        text = str(risk_days[index]["label"])
        best: tuple[float, float, float] | None = None
        for lane in range(RISK_LABEL_LANES):
            x, y = point(risk_days[index]["day_of_year"], radius - lane * RISK_LABEL_LANE)
            box = _label_box(x, y, text)
            clash = sum(_overlap(box, other) for other in [*fixed, *placed])
            if best is None or clash < best[0]:
                best = (clash, x, y)
            if clash == 0:
                break
        assert best is not None
        positions[index] = (best[1], best[2])
        placed.append(_label_box(best[1], best[2], text))
    return positions


def year_wheel(peaks: list[dict[str, Any]], activities: list[dict[str, Any]],
               label: str, risk_days: list[dict[str, Any]] | None = None) -> SafeString:
    """A 12-month wheel: peaks as arcs on the outer ring, planned activities as dots."""
    from lofte.situation.patterns import MONTHS_SHORT

    size, c = 420, 210
    outer, inner, ring = 190, 120, 160

    def point(day: float, radius: float) -> tuple[float, float]:
        angle = 2 * math.pi * (day - 1) / 365 - math.pi / 2
        return c + radius * math.cos(angle), c + radius * math.sin(angle)

    body = [f'<circle cx="{c}" cy="{c}" r="{outer}" fill="#f4f6f8" stroke="{LINE}"/>',
            f'<circle cx="{c}" cy="{c}" r="{inner}" fill="#fff" stroke="{LINE}"/>']
    starts = [1, 32, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335]
    for m, day in enumerate(starts):
        x1, y1 = point(day, inner)
        x2, y2 = point(day, outer)
        body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                    f'stroke="{LINE}"/>')
        tx, ty = point(day + 15, outer + 12)
        body.append(f'<text x="{tx:.1f}" y="{ty + 4:.1f}" text-anchor="middle" font-size="11" '
                    f'fill="{INK}">{MONTHS_SHORT[m]}</text>')
    for peak in peaks:
        start, end = peak["start_day"], max(peak["end_day"], peak["start_day"] + 5)
        x1, y1 = point(start, ring)
        x2, y2 = point(end, ring)
        large = 1 if end - start > 182 else 0
        body.append(f'<path d="M{x1:.1f},{y1:.1f} A{ring},{ring} 0 {large} 1 {x2:.1f},{y2:.1f}"'
                    f' fill="none" stroke="#a3222b" stroke-width="22" stroke-linecap="butt">'
                    f'<title>{escape(peak["label"])}</title></path>')
    legend = [(c - 36.0, c - 20.0, c + 36.0, c + 0.0), (c - 72.0, c + 6.0, c + 82.0, c + 36.0)]
    label_at = _risk_label_positions(risk_days or [], point, inner - 28, legend)
    for index, risk in enumerate(risk_days or []):
        x1, y1 = point(risk["day_of_year"], ring - 14)
        x2, y2 = point(risk["day_of_year"], outer)
        strong = (risk.get("ratio") or 0) >= 1.2
        colour = "#a3222b" if strong else PRIMARY
        body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                    f'stroke="{colour}" stroke-width="3"><title>{escape(risk["label"])}'
                    '</title></line>')
        tx, ty = label_at[index]
        body.append(f'<text x="{tx:.1f}" y="{ty + 4:.1f}" text-anchor="middle" font-size="9.5"'
                    f' fill="{colour}">{escape(risk["label"])}</text>')
    for activity in activities:
        x, y = point(activity["day_of_year"], inner - 14)
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{ACCENT}">'
                    f'<title>{escape(activity["label"])}</title></circle>')
    body.append(f'<text x="{c}" y="{c - 6}" text-anchor="middle" font-size="14" '
                f'font-weight="bold" fill="{PRIMARY}">Årshjul</text>')
    body.append(f'<rect x="{c - 70}" y="{c + 8}" width="12" height="12" fill="#a3222b"/>'
                f'<text x="{c - 54}" y="{c + 18}" font-size="11" fill="{INK}">topp</text>')
    body.append(f'<circle cx="{c + 16}" cy="{c + 14}" r="5" fill="{ACCENT}"/>'
                f'<text x="{c + 26}" y="{c + 18}" font-size="11" fill="{INK}">aktivitet</text>')
    body.append(f'<rect x="{c - 70}" y="{c + 27}" width="12" height="3" fill="{PRIMARY}"/>'
                f'<text x="{c - 54}" y="{c + 32}" font-size="11" fill="{INK}">riskdag</text>')
    return _svg(size, size, body, label)


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"][0]]
    if kind == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def area_map(boundary: dict[str, Any] | None, cells: list[dict[str, Any]],
             label: str) -> SafeString:
    """A static map: the kommun's outline and hot-spot cells (for the PDF and no-JS)."""
    rings = _rings(boundary or {})
    points = [p for ring in rings for p in ring] or [
        [corner[1], corner[0]] for cell in cells for corner in cell["corners"]]
    if not points:
        return _svg(10, 10, [], label)
    min_lon = min(p[0] for p in points)
    max_lon = max(p[0] for p in points)
    min_lat = min(p[1] for p in points)
    max_lat = max(p[1] for p in points)
    mid = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * mid, 1e-6)
    span_y = max(max_lat - min_lat, 1e-6)
    width = 560
    height = int(width * span_y / span_x) + 20
    height = min(max(height, 200), 720)
    scale = min((width - 20) / span_x, (height - 20) / span_y)

    def xy(lon: float, lat: float) -> str:
        x = 10 + (lon - min_lon) * mid * scale
        return f"{x:.1f},{height - 10 - (lat - min_lat) * scale:.1f}"

    body = []
    for ring in rings:
        step = max(1, len(ring) // 600)
        path = " ".join(xy(p[0], p[1]) for p in ring[::step])
        body.append(f'<polygon points="{path}" fill="#e6eef7" stroke="{PRIMARY}" '
                    'stroke-width="1.2"/>')
    for index, cell in enumerate(cells, start=1):
        path = " ".join(xy(corner[1], corner[0]) for corner in cell["corners"])
        colour = "#a3222b" if cell.get("class", 0) >= 3 else "#d9534f"
        body.append(f'<polygon points="{path}" fill="{colour}" stroke="{colour}" '
                    'stroke-width="2"/>')
        if index <= 9:
            cx, cy = (float(v) for v in xy(cell["lon"], cell["lat"]).split(","))
            body.append(f'<text x="{cx + 6:.1f}" y="{cy - 4:.1f}" font-size="11" '
                        f'font-weight="bold" fill="{INK}">{index}</text>')
    return _svg(width, height, body, label)


def _complete(values: Any) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _shared(figure: dict[str, Any]) -> SafeString | None:
    """The chart from ``lofte.core.charts`` when it can draw this figure's data."""
    try:
        from lofte.core import charts as core
    except ImportError:
        return None
    chart = figure.get("chart") or {}
    kind, title = figure.get("kind"), figure.get("title", "")
    if kind == "bar" and chart.get("labels") and _complete(chart["values"]):
        return mark_safe(core.bar_chart(title, chart["labels"], chart["values"]).svg)  # noqa: S308
    if kind == "line" and chart.get("labels") and all(
            _complete(s["values"]) for s in chart["series"]):
        return mark_safe(core.line_chart(  # noqa: S308 - core.charts escapes its text
            title, chart["labels"], [(s["name"], s["values"]) for s in chart["series"]]).svg)
    if kind == "heat" and chart.get("matrix") and all(_complete(r) for r in chart["matrix"]):
        return mark_safe(core.heat_matrix(title, chart["matrix"]).svg)  # noqa: S308
    return None


def render(figure: dict[str, Any], boundary: dict[str, Any] | None = None) -> SafeString | None:
    """The SVG for ``figure`` or None when it is a table only or empty."""
    chart = figure.get("chart") or {}
    kind = figure.get("kind")
    title = figure.get("title", "")
    if figure.get("note") and not figure.get("rows"):
        return None
    shared = _shared(figure)
    if shared is not None:
        return shared
    if kind == "bar" and chart.get("labels"):
        return bar_chart(chart["labels"], chart["values"], title)
    if kind == "line" and chart.get("labels"):
        return line_chart(chart["labels"], chart["series"], title)
    if kind == "heat" and chart.get("matrix"):
        return heatmap(chart["matrix"], title)
    if kind == "wheel":
        return year_wheel(chart.get("peaks", []), chart.get("activities", []), title,
                          chart.get("risk_days", []))
    if kind == "map" and chart.get("cells") is not None:
        return area_map(boundary, chart["cells"], title)
    return None
