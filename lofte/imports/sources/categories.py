"""Platform incident categories and the Polisen event type → category table.

The category codes are shared by every incident source (Polisen events, EST reports, citizen
tips), so they are defined once here. The Polisen mapping lives in
``lofte/imports/data/polisen_event_types.csv`` so that it can be reviewed and extended
without touching code; it is validated when loaded.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from lofte.imports.sources.common import SourceFormatError
from lofte.imports.sources.geography import name_key

__all__ = [
    "CATEGORIES",
    "EVENT_TYPES_CSV",
    "UNKNOWN_CATEGORY",
    "EventTypeMapping",
    "TypeCategory",
    "default_event_type_mapping",
]

DATA_DIR: Final = Path(__file__).resolve().parent.parent / "data"
EVENT_TYPES_CSV: Final = DATA_DIR / "polisen_event_types.csv"

UNKNOWN_CATEGORY: Final = "unknown"

CATEGORIES: Final[dict[str, str]] = {
    "skadegorelse": "Skadegörelse",
    "klotter": "Klotter",
    "nedskrapning": "Nedskräpning",
    "otrygg_plats": "Otrygg plats",
    "ordningsstorning": "Ordningsstörning",
    "ungdomar": "Ungdomar/ofog",
    "narkotika": "Narkotika",
    "trafik": "Trafik",
    "brand": "Brand",
    "hot_vald": "Hot, ofredande och vapen",
    "stold_inbrott": "Stöld och inbrott",
    "bedrageri": "Bedrägeri",
    "vald": "Våld",
    "ovrigt": "Övrigt",
    UNKNOWN_CATEGORY: "Okänd (saknas i mappningen)",
}
"""Category code → Swedish label. ``klotter``, ``nedskrapning`` and ``otrygg_plats`` are
used by EST reports and tips; no Polisen event type maps to them."""


@dataclass(frozen=True, slots=True)
class TypeCategory:
    """The mapping of one source type: platform ``category`` and whether it is an incident.

    ``is_incident`` is false for notices that are not a concrete event at a place
    (summaries, information, updates, police-initiated controls); they must not be counted
    as incidents in a lägesbild.
    """

    category: str
    is_incident: bool
    is_mapped: bool


class EventTypeMapping:
    """Case-insensitive lookup of Polisen ``type`` strings.

    Keys are trimmed, whitespace-collapsed and case-folded, so ``"Larm inbrott"``,
    ``"Larm Inbrott"`` and ``"Lagen om hundar och katter "`` all find their rows.
    Unknown types map to ``unknown`` (``is_mapped=False``, ``is_incident=True``) so that
    they show up for review instead of disappearing.
    """

    def __init__(self, rows: dict[str, TypeCategory]):
        self._rows = {name_key(key): value for key, value in rows.items()}

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, event_type: object) -> bool:
        return isinstance(event_type, str) and name_key(event_type) in self._rows

    def lookup(self, event_type: str) -> TypeCategory:
        """The category of ``event_type``; ``unknown`` when it is not in the table."""
        found = self._rows.get(name_key(event_type))
        if found is None:
            return TypeCategory(category=UNKNOWN_CATEGORY, is_incident=True, is_mapped=False)
        return found

    @classmethod
    def from_csv(cls, text: str, source_name: str = "polisen_event_types.csv") -> EventTypeMapping:
        """Parse the mapping CSV (``type,category,is_incident[,seen]``; ``#`` lines ignored).

        Raises :class:`SourceFormatError` for unknown categories, bad booleans and duplicate
        types (after case-folding).
        """
        lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        reader = csv.DictReader(io.StringIO("\n".join(lines)))
        rows: dict[str, TypeCategory] = {}
        seen_keys: set[str] = set()
        for row_number, row in enumerate(reader, start=2):
            event_type = (row.get("type") or "").strip()
            category = (row.get("category") or "").strip()
            flag = (row.get("is_incident") or "").strip().lower()
            if not event_type:
                raise SourceFormatError(source_name, row_number, "type", "typ saknas")
            if category not in CATEGORIES or category == UNKNOWN_CATEGORY:
                raise SourceFormatError(
                    source_name, row_number, "category", f"okänd kategori {category!r}"
                )
            if flag not in {"true", "false"}:
                raise SourceFormatError(
                    source_name, row_number, "is_incident", "ska vara true eller false"
                )
            key = name_key(event_type)
            if key in seen_keys:
                raise SourceFormatError(
                    source_name, row_number, "type", f"typen {event_type!r} förekommer två gånger"
                )
            seen_keys.add(key)
            rows[event_type] = TypeCategory(
                category=category, is_incident=flag == "true", is_mapped=True
            )
        return cls(rows)

    @classmethod
    def load(cls, path: Path = EVENT_TYPES_CSV) -> EventTypeMapping:
        """Read and validate the mapping file at ``path``."""
        return cls.from_csv(path.read_text(encoding="utf-8"), source_name=path.name)


@lru_cache(maxsize=1)
def default_event_type_mapping() -> EventTypeMapping:
    """The shipped mapping ``lofte/imports/data/polisen_event_types.csv`` (read once)."""
    return EventTypeMapping.load()
