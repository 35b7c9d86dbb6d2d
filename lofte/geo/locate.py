"""Assign WGS84 points to their kommun (point in polygon), fast and in bulk.

The boundaries are simplified, so a point on a small island or right on the coast can fall
just outside every polygon, and a point on a border can touch two. The rules:

1. A point inside (or on the edge of) exactly one kommun belongs to it.
2. A point inside several (overlap from simplification) belongs to the one whose boundary is
   farthest away, i.e. the one it is most deeply inside.
3. A point inside none belongs to the nearest kommun if that is within ``max_distance_m``
   (default 5 km, enough for the simplification and skerries), else to none.

Distances use a local equirectangular approximation (error well under 1 % at these ranges),
which is all the tie-breaking needs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
import shapely.ops
from shapely.geometry import shape
from shapely.strtree import STRtree

METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class MunicipalityIndex:
    codes: tuple[str, ...]
    geometries: tuple[Any, ...]
    tree: STRtree

    @classmethod
    def from_features(cls, features: Sequence[tuple[str, dict[str, Any]]]) -> MunicipalityIndex:
        codes = tuple(code for code, _ in features)
        geometries = tuple(shape(geometry) for _, geometry in features)
        for geometry in geometries:
            shapely.prepare(geometry)
        return cls(codes=codes, geometries=geometries, tree=STRtree(list(geometries)))

    def locate_many(
        self, lat: Sequence[float] | np.ndarray, lon: Sequence[float] | np.ndarray,
        max_distance_m: float = 5_000.0,
    ) -> list[str | None]:
        """Return the kommun code of each point (None where no kommun is near enough)."""
        lat_arr = np.asarray(lat, dtype=float)
        lon_arr = np.asarray(lon, dtype=float)
        points = shapely.points(lon_arr, lat_arr)
        result: list[str | None] = [None] * len(points)
        point_idx, geom_idx = self.tree.query(points, predicate="intersects")
        hits: dict[int, list[int]] = {}
        for p, g in zip(point_idx.tolist(), geom_idx.tolist(), strict=True):
            hits.setdefault(p, []).append(g)
        for p, candidates in hits.items():
            if len(candidates) == 1:
                result[p] = self.codes[candidates[0]]
            else:
                depth = [self.geometries[g].boundary.distance(points[p]) for g in candidates]
                result[p] = self.codes[candidates[int(np.argmax(depth))]]
        missing = [i for i in range(len(points)) if result[i] is None]
        if missing:
            max_deg = max_distance_m / METRES_PER_DEGREE
            near_p, near_g = self.tree.query_nearest(
                points[missing], max_distance=max_deg * 2.5, all_matches=False
            )
            for local, g in zip(near_p.tolist(), near_g.tolist(), strict=True):
                i = missing[local]
                nearest = shapely.ops.nearest_points(self.geometries[g], points[i])[0]
                if _metres(lat_arr[i], lon_arr[i], nearest.y, nearest.x) <= max_distance_m:
                    result[i] = self.codes[g]
        return result

    def locate(self, lat: float, lon: float, max_distance_m: float = 5_000.0) -> str | None:
        return self.locate_many([lat], [lon], max_distance_m)[0]


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    mean_lat = math.radians((lat1 + lat2) / 2)
    dx = (lon2 - lon1) * math.cos(mean_lat) * METRES_PER_DEGREE
    dy = (lat2 - lat1) * METRES_PER_DEGREE
    return math.hypot(dx, dy)


@lru_cache(maxsize=1)
def municipality_index() -> MunicipalityIndex:
    """The process-wide index, built once from the database."""
    from lofte.geo.models import Municipality

    rows = Municipality.objects.values_list("code", "geometry")
    return MunicipalityIndex.from_features(list(rows))


def reset_index() -> None:
    municipality_index.cache_clear()


def locate_municipality(lat: float, lon: float) -> str | None:
    return municipality_index().locate(lat, lon)
