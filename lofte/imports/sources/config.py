"""Pinned configuration of the official sources (what we are allowed to ask for).

Kolada KPIs can be removed or renamed without notice, so the importer only asks for ids in
this allow-list; adding one is a reviewed code change (see ``docs/sources.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["KOLADA_KPI_ALLOW_LIST", "KoladaKpi"]


@dataclass(frozen=True, slots=True)
class KoladaKpi:
    """A Kolada KPI we import: id, Swedish title, unit, and how sure we are of the id."""

    id: str
    title: str
    unit: Literal["per_100k", "count", "percent"]
    confidence: Literal["verified", "partly_verified"]


KOLADA_KPI_ALLOW_LIST: Final[Mapping[str, KoladaKpi]] = {
    kpi.id: kpi
    for kpi in (
        KoladaKpi("N07540", "Anmälda brott totalt, antal/100 000 inv", "per_100k", "verified"),
        KoladaKpi("N07403", "Anmälda våldsbrott, antal/100 000 inv", "per_100k", "partly_verified"),
        KoladaKpi("N01951", "Invånare totalt, antal (31/12)", "count", "verified"),
    )
}
