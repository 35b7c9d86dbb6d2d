"""Turn a snapshot (full or public) into what templates show: numbered figures per section."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_noop

from lofte.situation import charts, links
from lofte.situation.models import SECTION_ORDER, SectionKind

SECTION_TITLES = {k.value: str(k.label) for k in SectionKind}
"""Swedish titles (the API keeps them); pages show ``gettext(title)``."""
SECTION_LEADS = {
    "kartlaggning": gettext_noop(
        "Vad som händer, hur mycket, var, när och hur det utvecklas (lag 2023:196 4 § 1)."),
    "konsekvenser_otrygghet": gettext_noop(
        "Brottslighetens konsekvenser och den upplevda otryggheten."),
    "ovrig_information": gettext_noop(
        "Annan information som behövs för att förstå läget (4 § 2), bland annat hur "
        "medborgarlöftet och åtgärdsplanen går."),
    "analys": gettext_noop(
        "Prioriterade problem med plats, tid och misstänkta orsaker (brottstriangeln), och "
        "återkommande mönster under året (4 § 3)."),
    "slutsatser": gettext_noop(
        "Vad samverkan drar för slutsatser och vilka behov av åtgärder som finns."),
    "underrattelse": gettext_noop(
        "Underrättelser och bedömningar som bara polisen ser. Avsnittet finns aldrig i andra "
        "versioner."),
}


@dataclass
class FigureView:
    number: int
    data: dict[str, Any]
    svg: SafeString | None
    map_layers: dict[str, Any] | None = None
    map_id: str = ""
    link_groups: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    """``[(group, [(label, href)])]``: the pages holding the figure's data (staff only)."""

    @property
    def anchor(self) -> str:
        return f"figur-{self.number}"


@dataclass
class SectionView:
    number: int
    kind: str
    title: str
    lead: str
    body: str = ""
    figures: list[FigureView] = field(default_factory=list)
    is_police_only: bool = False

    @property
    def anchor(self) -> str:
        return f"avsnitt-{self.kind}"


def _cells_geojson(figure: dict[str, Any]) -> dict[str, Any]:
    features = []
    for index, cell in enumerate((figure.get("chart") or {}).get("cells", []), start=1):
        ring = [[corner[1], corner[0]] for corner in cell["corners"]]
        ring.append(ring[0])
        features.append({
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {
                "fill": "#a3222b" if cell.get("class", 0) >= 3 else "#d9534f",
                "label": f"{index}. {cell.get('place') or 'Hot spot'}",
                "detail": f"{cell['count']} rapporter"
                          + (f" · {cell['trend']} hot spot" if cell.get("trend") else ""),
            },
        })
    return {"type": "FeatureCollection", "features": features,
            "lofte": {"kind": "cells", "label": "Hot spots"}}


def build_sections(snapshot: dict[str, Any], texts: dict[str, str], *,
                   include_police_only: bool, boundary: dict[str, Any] | None,
                   with_maps: bool = False, link_slug: str = "",
                   can: Callable[[str], bool] | None = None) -> list[SectionView]:
    """Sections in the law's order with their figures numbered through the document.

    With ``link_slug`` (the collaboration's, for staff pages only) and ``can`` (the viewer's
    permission check) each figure gets hrefs to the data it was computed from.
    """
    number = 0
    sections = []
    figures = [f for f in snapshot.get("figures", [])
               if include_police_only or not f.get("police_only")]
    for position, kind in enumerate(
            [k for k in SECTION_ORDER if include_police_only or k != "underrattelse"],
            start=1):
        section = SectionView(position, kind, gettext(SECTION_TITLES[kind]),
                              gettext(SECTION_LEADS[kind]),
                              texts.get(kind, ""), is_police_only=kind == "underrattelse")
        for figure in figures:
            if figure.get("section") != kind:
                continue
            number += 1
            view = FigureView(number, figure, charts.render(figure, boundary))
            if link_slug and can is not None:
                view.link_groups = links.resolve(figure.get("data_links") or [], link_slug,
                                                 can)
            if with_maps and figure.get("kind") == "map" and not figure.get("note"):
                view.map_id = f"map-layer-{number}"
                view.map_layers = _cells_geojson(figure)
            section.figures.append(view)
        sections.append(section)
    return sections
