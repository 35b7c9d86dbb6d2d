"""Löfte's analysis core: where, when and what, with the rigour of the analysts' tools.

A pure, typed library (numpy, scipy, shapely; never Django): arrays in, dataclasses out. Metric
work happens in SWEREF 99 TM (EPSG:3006) metres; inputs and outputs meant for maps are WGS84.
Method definitions and default rules are documented in ``docs/analysis.md``.
"""

from __future__ import annotations

from lofte.analysis.areas import Municipality, find_municipality, load_municipalities
from lofte.analysis.grid import Grid, count_points, grid_for_bounds, grid_for_points, polygon_mask
from lofte.analysis.hotspots import GiStar, HotspotResult, gi_star, hotspots
from lofte.analysis.projection import to_sweref99tm, to_wgs84
from lofte.analysis.stats import benjamini_hochberg

__all__ = [
    "GiStar",
    "Grid",
    "HotspotResult",
    "Municipality",
    "benjamini_hochberg",
    "count_points",
    "find_municipality",
    "gi_star",
    "grid_for_bounds",
    "grid_for_points",
    "hotspots",
    "load_municipalities",
    "polygon_mask",
    "to_sweref99tm",
    "to_wgs84",
]
