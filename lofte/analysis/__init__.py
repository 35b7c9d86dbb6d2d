"""Löfte's analysis core: where, when and what, with the rigour of the analysts' tools.

A pure, typed library (numpy, scipy, shapely; never Django): arrays in, dataclasses out. Metric
work happens in SWEREF 99 TM (EPSG:3006) metres; inputs and outputs meant for maps are WGS84.
Method definitions and default rules are documented in ``docs/analysis.md``; the analysts'
command line is ``lofte analyse`` (:mod:`lofte.analysis.cli`).
"""

from __future__ import annotations

from lofte.analysis.areas import Municipality, find_municipality, load_municipalities
from lofte.analysis.disclosure import (
    coarsen_counts,
    public_points,
    snap_points,
    suppress_small_counts,
)
from lofte.analysis.emerging import EmergingResult, emerging_hotspots
from lofte.analysis.grid import Grid, count_points, grid_for_bounds, grid_for_points, polygon_mask
from lofte.analysis.hotspots import GiStar, HotspotResult, gi_star, hotspots
from lofte.analysis.kde import KdeResult, kde_grid, kde_surface
from lofte.analysis.near_repeat import NearRepeatResult, near_repeat
from lofte.analysis.projection import to_sweref99tm, to_wgs84
from lofte.analysis.risk_days import RiskPeriod, risk_day_excess, risk_days
from lofte.analysis.stats import benjamini_hochberg, mann_kendall, rate_ratio_test
from lofte.analysis.time_patterns import HourOfWeek, Seasonality, hour_of_week, seasonality
from lofte.analysis.trends import PeriodComparison, compare_periods, describe

__all__ = [
    "EmergingResult",
    "GiStar",
    "Grid",
    "HotspotResult",
    "HourOfWeek",
    "KdeResult",
    "Municipality",
    "NearRepeatResult",
    "PeriodComparison",
    "RiskPeriod",
    "Seasonality",
    "benjamini_hochberg",
    "coarsen_counts",
    "compare_periods",
    "count_points",
    "describe",
    "emerging_hotspots",
    "find_municipality",
    "gi_star",
    "grid_for_bounds",
    "grid_for_points",
    "hotspots",
    "hour_of_week",
    "kde_grid",
    "kde_surface",
    "load_municipalities",
    "mann_kendall",
    "near_repeat",
    "polygon_mask",
    "public_points",
    "rate_ratio_test",
    "risk_day_excess",
    "risk_days",
    "seasonality",
    "snap_points",
    "suppress_small_counts",
    "to_sweref99tm",
    "to_wgs84",
]
