"""Pure reading of published medborgarlöften (text, HTML, PDF) into structured drafts.

No Django and no other Löfte app is imported here (see docs/architecture.md). Public API::

    parse_document(data: bytes, filename=None, content_type=None) -> ParsedPromise
    parse_text(text: str, source=None) -> ParsedPromise
    classify_themes(text: str) -> tuple[str, ...]
    ParseError  # Swedish ``message``, stable ``code``
"""

from __future__ import annotations

from lofte.documents.parsing.errors import ParseError
from lofte.documents.parsing.model import (
    ACTOR_JOINT,
    ACTOR_MUNICIPALITY,
    ACTOR_POLICE,
    CADENCES,
    PERIOD_UNITS,
    Activity,
    FocusArea,
    FollowUp,
    Municipality,
    ParsedPromise,
    Period,
    PoliceArea,
    Signatory,
    Target,
)
from lofte.documents.parsing.parser import parse_document, parse_text
from lofte.documents.parsing.themes import THEME_LABELS, classify_themes, theme_label

__all__ = [
    "ACTOR_JOINT",
    "ACTOR_MUNICIPALITY",
    "ACTOR_POLICE",
    "CADENCES",
    "PERIOD_UNITS",
    "THEME_LABELS",
    "Activity",
    "FocusArea",
    "FollowUp",
    "Municipality",
    "ParseError",
    "ParsedPromise",
    "Period",
    "PoliceArea",
    "Signatory",
    "Target",
    "classify_themes",
    "parse_document",
    "parse_text",
    "theme_label",
]
