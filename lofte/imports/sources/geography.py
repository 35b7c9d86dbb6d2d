"""Kommun and län names for matching source texts to SCB codes, without Django.

The 290 kommuner (``id`` = SCB kommunkod, ``kom_namn``, ``lan_code``) and the 21 län
(``l_id``, ``name``) are read with :mod:`json` from the GeoJSON files that ship with
``lofte.geo`` (``lofte/geo/data``). We only read the files by path; nothing from the Django
app is imported, so the import-linter contract for ``lofte.imports.sources`` holds.

Names are matched case-insensitively after whitespace normalisation, because the Polisen API
writes e.g. ``"Upplands väsby"``, ``"Dals-ed"`` and ``"Östra göinge"`` for the SCB names
``Upplands Väsby``, ``Dals-Ed`` and ``Östra Göinge``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

__all__ = [
    "GEO_DATA_DIR",
    "County",
    "Gazetteer",
    "Municipality",
    "default_gazetteer",
    "name_key",
]

GEO_DATA_DIR: Final = Path(__file__).resolve().parents[2] / "geo" / "data"
"""``lofte/geo/data`` – where the kommun and län GeoJSON files live."""

_SPACES: Final = re.compile(r"\s+")


def name_key(name: str) -> str:
    """Matching key for a place name: trimmed, single-spaced, case-folded."""
    return _SPACES.sub(" ", name.strip()).casefold()


@dataclass(frozen=True, slots=True)
class Municipality:
    """A kommun: SCB code (``"0781"``), official name (``"Ljungby"``), län code (``"07"``)."""

    code: str
    name: str
    lan_code: str


@dataclass(frozen=True, slots=True)
class County:
    """A län: two-digit SCB code (``"07"``), short name (``"Kronoberg"``) and the name the
    Polisen API uses (``"Kronobergs län"``)."""

    code: str
    name: str
    api_name: str


def _api_county_name(short_name: str) -> str:
    """Polisen's form of a län name: genitive ``-s`` unless the name ends in a vowel or s.

    ``Kronoberg`` → ``Kronobergs län``, ``Dalarna`` → ``Dalarnas län`` (the one vowel-ending
    name that still takes ``-s``), ``Skåne`` → ``Skåne län``, ``Kalmar`` → ``Kalmar län``,
    ``Uppsala`` → ``Uppsala län``, ``Örebro`` → ``Örebro län``. Checked against all 21
    names the API returns (see tests).
    """
    if short_name in {"Kalmar"}:
        return f"{short_name} län"
    if short_name == "Dalarna":
        return "Dalarnas län"
    if short_name[-1].lower() in "aeiouyåäös":
        return f"{short_name} län"
    return f"{short_name}s län"


class Gazetteer:
    """Lookups between kommun/län names and SCB codes.

    Build one with :meth:`load` (or use :func:`default_gazetteer`); the instance is
    immutable and safe to share between threads.
    """

    def __init__(self, municipalities: Iterable[Municipality], counties: Iterable[County]):
        self._municipalities_by_code: dict[str, Municipality] = {}
        self._municipalities_by_name: dict[str, Municipality] = {}
        for municipality in municipalities:
            key = name_key(municipality.name)
            if key in self._municipalities_by_name:
                raise ValueError(f"kommunnamnet {municipality.name!r} förekommer två gånger")
            self._municipalities_by_code[municipality.code] = municipality
            self._municipalities_by_name[key] = municipality
        self._counties_by_code: dict[str, County] = {}
        self._counties_by_name: dict[str, County] = {}
        for county in counties:
            self._counties_by_code[county.code] = county
            # Bare short names are deliberately not aliases: "Stockholm", "Uppsala",
            # "Kalmar", "Jönköping", "Örebro" and "Gotland" are also kommun names.
            for alias in (county.api_name, f"{county.name} län"):
                self._counties_by_name[name_key(alias)] = county

    @classmethod
    def load(cls, data_dir: Path = GEO_DATA_DIR) -> Gazetteer:
        """Read ``municipalities.geojson`` and ``regions.geojson`` from ``data_dir``."""
        with (data_dir / "municipalities.geojson").open(encoding="utf-8") as handle:
            municipality_features = json.load(handle)["features"]
        with (data_dir / "regions.geojson").open(encoding="utf-8") as handle:
            county_features = json.load(handle)["features"]
        municipalities = [
            Municipality(
                code=str(feature["properties"]["id"]),
                name=str(feature["properties"]["kom_namn"]),
                lan_code=str(feature["properties"]["lan_code"]).zfill(2),
            )
            for feature in municipality_features
        ]
        counties = [
            County(
                code=f"{int(feature['properties']['l_id']):02d}",
                name=str(feature["properties"]["name"]),
                api_name=_api_county_name(str(feature["properties"]["name"])),
            )
            for feature in county_features
        ]
        return cls(municipalities, counties)

    @property
    def municipalities(self) -> tuple[Municipality, ...]:
        """All kommuner, ordered by code."""
        return tuple(sorted(self._municipalities_by_code.values(), key=lambda m: m.code))

    @property
    def counties(self) -> tuple[County, ...]:
        """All län, ordered by code."""
        return tuple(sorted(self._counties_by_code.values(), key=lambda c: c.code))

    def municipality_by_code(self, code: str) -> Municipality | None:
        """The kommun with SCB code ``code`` (``"0781"``), or ``None``."""
        return self._municipalities_by_code.get(code.strip())

    def municipality_by_name(self, name: str) -> Municipality | None:
        """Exact (case-insensitive) kommun name match, or ``None``.

        A trailing ``" kommun"`` / ``"s kommun"`` is accepted (``"Göteborgs kommun"``,
        ``"Ljungby kommun"``); nothing fuzzier is tried, so ``"Lund"`` never matches
        ``"Lunds universitet"``.
        """
        key = name_key(name)
        found = self._municipalities_by_name.get(key)
        if found is not None or not key.endswith(" kommun"):
            return found
        stem = key.removesuffix(" kommun")
        found = self._municipalities_by_name.get(stem)
        if found is None and stem.endswith("s"):
            found = self._municipalities_by_name.get(stem[:-1])
        return found

    def county_by_code(self, code: str) -> County | None:
        """The län with two-digit code ``code`` (``"07"``), or ``None``."""
        return self._counties_by_code.get(code.strip().zfill(2))

    def county_by_name(self, name: str) -> County | None:
        """The län for ``"Kronobergs län"`` or ``"Kronoberg län"`` (not bare ``"Kronoberg"``)."""
        return self._counties_by_name.get(name_key(name))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer built from ``lofte/geo/data`` (read once per process)."""
    return Gazetteer.load()
