"""The public version of a lägesbild: police-only content removed, small counts suppressed,
places coarsened. Applied once, on publication, to the approved report.
"""

from __future__ import annotations

import copy
import math
from collections import defaultdict
from typing import Any

import numpy as np
from django.conf import settings

from lofte.analysis.disclosure import snap_points, suppress_small_counts
from lofte.core.pii import mask_pii
from lofte.situation import patterns

PUBLIC_CELL_METRES = 1000.0
"""Hot spots and problem places are shown on this grid in public (places coarsened)."""


SECONDARY = ".."
"""Shown for a cell suppressed only so that a small neighbour cannot be worked out."""


def _as_count(value: object) -> int:
    """A table cell as a count for suppression: non-numbers are 0, fractions round down but a
    positive value never becomes 0 (it must stay suppressible)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return 0
    if value <= 0:
        return 0
    return max(1, math.floor(value))


def min_count() -> int:
    return int(getattr(settings, "LOFTE_PUBLIC_MIN_COUNT", 3))


def suppressed_label(minimum: int) -> str:
    return f"<{minimum}"


def protect_figure(figure: dict[str, Any], minimum: int) -> dict[str, Any]:
    """A copy of ``figure`` fit for the public: counts 1…minimum-1 suppressed, cells coarse."""
    out = copy.deepcopy(figure)
    # Links to the data go to staff pages the public cannot open.
    out.pop("data_links", None)
    hidden = suppressed_label(minimum)
    rows = out.get("rows", [])
    for column in out.get("count_columns", []):
        # Each count column is a 1-D table whose total can be worked out (the summary
        # figures), so the analysis library adds secondary suppression where one small cell
        # would otherwise follow by subtraction.
        values = [_as_count(row[column]) if column < len(row) else 0 for row in rows]
        if not any(values):
            continue
        table = suppress_small_counts(np.array(values, dtype=np.int64), minimum,
                                      has_totals=True)
        for row, suppressed, primary in zip(rows, table.is_suppressed.tolist(),
                                            table.is_primary.tolist(), strict=True):
            if suppressed:
                row[column] = hidden if primary else SECONDARY
    # Columns computed from counts (a change in per cent, a ratio) would give a suppressed
    # count back: they are hidden wherever one of their counts is.
    for derived, bases in (out.get("derived_columns") or {}).items():
        column = int(derived)
        for row in rows:
            if column < len(row) and any(
                    base < len(row) and row[base] in (hidden, SECONDARY) for base in bases):
                row[column] = "–"
    chart = out.get("chart") or {}
    is_rate = chart.get("is_rate", False)
    if "values" in chart and not is_rate:
        chart["values"] = [0 if patterns.is_small(v, minimum) else v for v in chart["values"]]
    if "series" in chart and not is_rate:
        for series in chart["series"]:
            series["values"] = [None if patterns.is_small(v, minimum) else v
                                for v in series["values"]]
    if "matrix" in chart:
        chart["matrix"] = [[None if patterns.is_small(v, minimum) else v for v in row]
                           for row in chart["matrix"]]
    if "cells" in chart:
        chart["cells"] = coarsen_cells(chart["cells"], minimum)
        chart["cell_m"] = PUBLIC_CELL_METRES
        out["rows"] = [[c["place"] or "Område", c["count"], c.get("confidence", ""),
                        c["trend"] or "–"] for c in chart["cells"]]
        out["limitation"] = (out.get("limitation", "") + " I den offentliga versionen visas "
                             f"hot spots i rutor om {PUBLIC_CELL_METRES / 1000:g} km och bara "
                             f"rutor med minst {minimum} rapporter.")
    out["public_note"] = (f"Antal under {minimum} redovisas som ”{hidden}”; ”{SECONDARY}” "
                          "döljer ett antal som annars kunde räknas fram.")
    return out


def coarsen_cells(cells: list[dict[str, Any]], minimum: int) -> list[dict[str, Any]]:
    """Merge hot-spot cells into coarse cells; drop coarse cells with fewer than ``minimum``."""
    if not cells:
        return []
    snapped_lat, snapped_lon = snap_points([c["lat"] for c in cells],
                                           [c["lon"] for c in cells], PUBLIC_CELL_METRES)
    lat = [round(float(v), 5) for v in snapped_lat]
    lon = [round(float(v), 5) for v in snapped_lon]
    merged: dict[tuple[float, float], dict[str, Any]] = {}
    places: dict[tuple[float, float], list[tuple[int, str]]] = defaultdict(list)
    for cell, a, b in zip(cells, lat, lon, strict=True):
        key = (a, b)
        entry = merged.setdefault(key, {"lat": a, "lon": b, "count": 0, "class": 0,
                                        "trend": "", "place": ""})
        entry["count"] += cell["count"]
        entry["class"] = max(entry["class"], cell["class"])
        if cell.get("trend") == "ny" or not entry["trend"]:
            entry["trend"] = cell.get("trend", "")
        if cell.get("place"):
            places[key].append((cell["count"], cell["place"]))
    from lofte.analysis import to_sweref99tm, to_wgs84

    result = []
    half = PUBLIC_CELL_METRES / 2
    for key, entry in merged.items():
        if entry["count"] < minimum:
            continue
        if places[key]:
            entry["place"] = max(places[key])[1]
        x, y = to_sweref99tm(np.array([entry["lat"]]), np.array([entry["lon"]]))
        cx, cy = float(x[0]), float(y[0])
        c_lat, c_lon = to_wgs84(np.array([cx - half, cx + half, cx + half, cx - half]),
                                np.array([cy - half, cy - half, cy + half, cy + half]))
        entry["corners"] = [[round(float(a), 5), round(float(b), 5)]
                            for a, b in zip(c_lat.tolist(), c_lon.tolist(), strict=True)]
        entry["confidence"] = {3: "99 %", 2: "95 %"}.get(entry["class"], "")
        result.append(entry)
    result.sort(key=lambda e: -e["count"])
    return result


def public_snapshot(report: Any) -> dict[str, Any]:
    """The public content of an approved ``report`` (a :class:`SituationReport`)."""
    minimum = min_count()
    snapshot = report.snapshot or {}
    figures = [protect_figure(f, minimum) for f in snapshot.get("figures", [])
               if not f.get("police_only")]
    summary = []
    for item in snapshot.get("summary", []):
        item = dict(item)
        if item.get("is_count") and patterns.is_small(item.get("value"), minimum):
            item["value"] = suppressed_label(minimum)
        if item.get("is_count") and patterns.is_small(item.get("previous"), minimum):
            item["previous"] = suppressed_label(minimum)
        summary.append(item)
    # Texts are written by staff for the public, but a phone number, e-mail address or
    # personnummer copied from a report must not be published with them.
    sections = [
        {"kind": s.kind, "title": str(s.get_kind_display()), "body": mask_pii(s.body)}
        for s in sorted(report.sections.all(), key=lambda s: s.position)
        if not s.is_police_only
    ]
    problems = []
    public_problems = [p for p in report.problems.all() if not p.is_police_only]
    placed = [p for p in public_problems if p.latitude is not None and p.longitude is not None]
    coarse_lat, coarse_lon = ([round(float(v), 5) for v in values] for values in snap_points(
        [p.latitude for p in placed], [p.longitude for p in placed], PUBLIC_CELL_METRES))
    coarse = {p.pk: (a, b) for p, a, b in zip(placed, coarse_lat, coarse_lon, strict=True)}
    for p in public_problems:
        lat_lon = coarse.get(p.pk, (None, None))
        problems.append({
            "title": mask_pii(p.title), "description": mask_pii(p.description),
            "priority": str(p.get_priority_display()), "place_name": mask_pii(p.place_name),
            "lat": lat_lon[0], "lon": lat_lon[1], "time_pattern": mask_pii(p.time_pattern),
            "triangle_place": mask_pii(p.triangle_place),
            "triangle_offender": mask_pii(p.triangle_offender),
            "triangle_target": mask_pii(p.triangle_target),
            "suspected_causes": mask_pii(p.suspected_causes),
            "source_figure": p.source_figure,
            "measures": [link.activity.description[:200] for link in p.measure_links.all()],
        })
    return {
        "format": snapshot.get("format", 1),
        "title": report.title,
        "version": report.version,
        "period": snapshot.get("period", {"start": report.period_start.isoformat(),
                                          "end": report.period_end.isoformat()}),
        "municipality": snapshot.get("municipality", {}),
        "generated_at": snapshot.get("generated_at"),
        "min_count": minimum,
        "summary": summary,
        "sections": sections,
        "problems": problems,
        "figures": figures,
        "sources": snapshot.get("sources", []),
    }
