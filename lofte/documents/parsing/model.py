"""The structured draft a promise text is read into.

Every extracted item keeps ``source_text`` (the sentence or line it came from) and a
``confidence`` in [0, 1], so a review screen can show source and result side by side.
``ParsedPromise.to_json()`` returns the JSON-ready dict printed by ``lofte promises parse``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JsonObject = dict[str, Any]

ACTOR_POLICE = "polisen"
ACTOR_MUNICIPALITY = "kommunen"
ACTOR_JOINT = "gemensamt"

# Values of ``Target.per``; ``None`` means a count over the whole period.
PERIOD_UNITS = ("vecka", "månad", "kvartal", "tertial", "termin", "halvår", "år")
# Values of ``FollowUp.cadence`` and ``FollowUp.revision``.
CADENCES = (
    "veckovis",
    "månadsvis",
    "kvartalsvis",
    "tertialvis",
    "halvårsvis",
    "årligen",
    "löpande",
)


def _round(confidence: float) -> float:
    return round(max(0.0, min(1.0, confidence)), 2)


@dataclass(frozen=True)
class Municipality:
    """A kommun named as a party of the promise; ``code`` is the SCB kommunkod."""

    name: str
    code: str
    source_text: str
    confidence: float

    def to_json(self) -> JsonObject:
        return {
            "name": self.name,
            "code": self.code,
            "source_text": self.source_text,
            "confidence": _round(self.confidence),
        }


@dataclass(frozen=True)
class PoliceArea:
    """The lokalpolisområde, by name as written ("Höglandet", "Ljungby")."""

    name: str
    source_text: str
    confidence: float


@dataclass(frozen=True)
class Period:
    """The years the promise covers, both inclusive."""

    start_year: int
    end_year: int
    source_text: str
    confidence: float

    def to_json(self) -> JsonObject:
        return {
            "start_year": self.start_year,
            "end_year": self.end_year,
            "source_text": self.source_text,
            "confidence": _round(self.confidence),
        }


@dataclass(frozen=True)
class Target:
    """A measurable target of an activity.

    ``count`` is the promised number (the lower bound for "minst"), ``count_max`` the upper bound
    ("upp till 10", "8–10"); ``per`` is one of ``PERIOD_UNITS`` or ``None`` for a count over the
    whole period; ``qualifier`` is "minst", "högst", "cirka" or ``None``; ``unit`` is what is
    counted ("trafikkontroller", "riktade insatser").
    """

    count: int | None
    count_max: int | None
    per: str | None
    unit: str | None
    qualifier: str | None = None

    def to_json(self) -> JsonObject:
        return {
            "count": self.count,
            "count_max": self.count_max,
            "per": self.per,
            "unit": self.unit,
            "qualifier": self.qualifier,
        }


@dataclass(frozen=True)
class FocusArea:
    text: str
    themes: tuple[str, ...]
    source_text: str
    confidence: float

    def to_json(self) -> JsonObject:
        return {
            "text": self.text,
            "themes": list(self.themes),
            "source_text": self.source_text,
            "confidence": _round(self.confidence),
        }


@dataclass(frozen=True)
class Activity:
    """A promised activity; ``actor`` is polisen, kommunen, gemensamt or another named party."""

    text: str
    actor: str
    target: Target | None
    themes: tuple[str, ...]
    source_text: str
    confidence: float

    def to_json(self) -> JsonObject:
        return {
            "text": self.text,
            "actor": self.actor,
            "target": self.target.to_json() if self.target else None,
            "themes": list(self.themes),
            "source_text": self.source_text,
            "confidence": _round(self.confidence),
        }


@dataclass(frozen=True)
class FollowUp:
    """How often the promise is followed up and revised (values from ``CADENCES``)."""

    cadence: str | None
    revision: str | None
    source_text: str
    confidence: float

    def to_json(self) -> JsonObject:
        return {
            "cadence": self.cadence,
            "revision": self.revision,
            "source_text": self.source_text,
            "confidence": _round(self.confidence),
        }


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str | None
    organisation: str | None
    party: str | None
    source_text: str
    confidence: float

    def to_json(self) -> JsonObject:
        return {
            "name": self.name,
            "role": self.role,
            "organisation": self.organisation,
            "party": self.party,
            "source_text": self.source_text,
            "confidence": _round(self.confidence),
        }


@dataclass(frozen=True)
class ParsedPromise:
    """A structured draft of one promise document; nothing here is stored by the parser."""

    source: str | None
    municipalities: tuple[Municipality, ...] = ()
    police_area: PoliceArea | None = None
    period: Period | None = None
    focus_areas: tuple[FocusArea, ...] = ()
    activities: tuple[Activity, ...] = ()
    follow_up: FollowUp | None = None
    signatories: tuple[Signatory, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def themes(self) -> tuple[str, ...]:
        """Themes of all focus areas and activities, most frequent first."""
        counts: dict[str, int] = {}
        items: list[FocusArea | Activity] = [*self.focus_areas, *self.activities]
        for item in items:
            for theme in item.themes:
                counts[theme] = counts.get(theme, 0) + 1
        return tuple(sorted(counts, key=lambda theme: -counts[theme]))

    def to_json(self) -> JsonObject:
        """The JSON-ready dict of ``lofte promises parse --json`` (see docs/promise-parsing.md)."""
        return {
            "source": self.source,
            "municipalities": [item.to_json() for item in self.municipalities],
            "police_area": self.police_area.name if self.police_area else None,
            "period": self.period.to_json() if self.period else None,
            "focus_areas": [item.to_json() for item in self.focus_areas],
            "activities": [item.to_json() for item in self.activities],
            "follow_up": self.follow_up.to_json() if self.follow_up else None,
            "signatories": [item.to_json() for item in self.signatories],
            "themes": list(self.themes),
            "evidence": {
                "police_area": (
                    {
                        "source_text": self.police_area.source_text,
                        "confidence": _round(self.police_area.confidence),
                    }
                    if self.police_area
                    else None
                ),
            },
            "warnings": list(self.warnings),
        }
