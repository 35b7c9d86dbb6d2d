"""Study areas: Swedish kommun boundaries read from GeoJSON with plain ``json`` and shapely.

The default file is ``lofte/geo/data/municipalities.geojson`` (WGS84 Polygon/MultiPolygon
features with properties ``id`` = the four-digit SCB kommunkod, ``kom_namn`` and ``lan_code``).
Geometries are returned in WGS84 (x = longitude, y = latitude), ready for
:func:`lofte.analysis.hotspots.hotspots`'s ``area``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

DEFAULT_MUNICIPALITIES = (
    Path(__file__).resolve().parent.parent / "geo" / "data" / ("municipalities.geojson")
)


@dataclass(frozen=True)
class Municipality:
    """A kommun: SCB code (e.g. ``"0685"``), name, län code and WGS84 boundary."""

    code: str
    name: str
    county_code: str
    boundary: BaseGeometry


class UnknownAreaError(LookupError):
    """No kommun has the code or name asked for."""


@lru_cache(maxsize=4)
def load_municipalities(path: Path = DEFAULT_MUNICIPALITIES) -> dict[str, Municipality]:
    """All kommuner in a GeoJSON FeatureCollection, keyed by their four-digit code.

    Raises:
        OSError: the file cannot be read.
        ValueError: it is not a FeatureCollection of features with an ``id`` property.
    """
    with Path(path).open(encoding="utf-8") as handle:
        document = json.load(handle)
    if document.get("type") != "FeatureCollection":
        raise ValueError(f"{path} is not a GeoJSON FeatureCollection")
    municipalities: dict[str, Municipality] = {}
    for feature in document["features"]:
        properties = feature.get("properties") or {}
        code = str(properties.get("id", "")).strip()
        if not code:
            raise ValueError(f"{path}: a feature lacks the 'id' property (kommunkod)")
        municipalities[code] = Municipality(
            code=code,
            name=str(properties.get("kom_namn", code)),
            county_code=str(properties.get("lan_code", "")),
            boundary=shape(feature["geometry"]),
        )
    return municipalities


def find_municipality(code_or_name: str, path: Path = DEFAULT_MUNICIPALITIES) -> Municipality:
    """The kommun with this SCB code (``"685"`` and ``"0685"`` both work) or name (any case).

    Raises:
        UnknownAreaError: no such kommun.
    """
    municipalities = load_municipalities(path)
    key = code_or_name.strip()
    if key.isdigit() and key.zfill(4) in municipalities:
        return municipalities[key.zfill(4)]
    wanted = key.casefold()
    for municipality in municipalities.values():
        if municipality.name.casefold() == wanted:
            return municipality
    raise UnknownAreaError(code_or_name)
