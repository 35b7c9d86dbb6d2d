"""Results of citizen and employee dialogues (medborgardialog / medarbetardialog).

Kommuner and police collect the problems people raise at dialogue meetings (often as dot
votes) and upload them with ``lofte/imports/data/templates/dialogresultat_mall.csv`` (or
``.xlsx``); the columns are :data:`~lofte.imports.sources.templates.DIALOGUE_COLUMNS`.

Free text can contain personal data. The caller must pass ``mask``, the shared masking
function (names, personnummer, phone numbers, addresses → placeholders); it is applied to
``fritext`` before the text leaves this module, so unmasked text is never returned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from lofte.imports.sources.common import SourceFormatError, TableRow, describe
from lofte.imports.sources.geography import Gazetteer, default_gazetteer
from lofte.imports.sources.spreadsheets import read_table
from lofte.imports.sources.surveys import check_columns, municipality_code_of
from lofte.imports.sources.templates import DIALOGUE_COLUMNS

__all__ = ["DialogueKind", "DialogueResult", "parse_dialogue_results"]

DialogueKind = Literal["medborgardialog", "medarbetardialog"]
_KINDS: Final[dict[str, DialogueKind]] = {
    "medborgardialog": "medborgardialog",
    "medarbetardialog": "medarbetardialog",
}
MAX_TOPIC_CHARS: Final = 300
MAX_FREE_TEXT_CHARS: Final = 5_000


@dataclass(frozen=True, slots=True)
class DialogueResult:
    """One topic raised at a dialogue. ``free_text`` is already masked (``""`` if empty)."""

    source_name: str
    row_number: int
    held_on: date
    municipality_code: str
    kind: DialogueKind
    area: str | None
    topic: str
    votes: int | None
    free_text: str


def _parse_row(
    row: TableRow, source_name: str, gazetteer: Gazetteer, mask: Callable[[str], str]
) -> DialogueResult:
    number = row.row_number
    date_text = row.get("datum")
    try:
        held_on = date.fromisoformat(date_text)
    except ValueError as error:
        raise SourceFormatError(
            source_name, number, "datum", f"ska vara ÅÅÅÅ-MM-DD, fick {describe(date_text)}"
        ) from error
    if not 1990 <= held_on.year <= 2100 or len(date_text) != 10:
        raise SourceFormatError(
            source_name, number, "datum", f"ska vara ÅÅÅÅ-MM-DD, fick {describe(date_text)}"
        )
    if not row.get("kommunkod"):
        raise SourceFormatError(source_name, number, "kommunkod", "kommunkod saknas")
    municipality_code = municipality_code_of(row.get("kommunkod"), gazetteer, source_name, number)
    kind = _KINDS.get(row.get("typ").lower())
    if kind is None:
        raise SourceFormatError(
            source_name,
            number,
            "typ",
            f"ska vara medborgardialog eller medarbetardialog, fick {describe(row.get('typ'))}",
        )
    topic = " ".join(row.get("amne").split())
    if not topic:
        raise SourceFormatError(source_name, number, "amne", "ämne saknas")
    if len(topic) > MAX_TOPIC_CHARS:
        raise SourceFormatError(
            source_name, number, "amne", f"ämnet är längre än {MAX_TOPIC_CHARS} tecken"
        )
    votes_text = row.get("roster")
    votes: int | None = None
    if votes_text:
        if not votes_text.isdigit() or len(votes_text) > 7:
            raise SourceFormatError(
                source_name,
                number,
                "roster",
                f"ska vara ett heltal 0 eller större, fick {describe(votes_text)}",
            )
        votes = int(votes_text)
    raw_text = row.get("fritext")
    if len(raw_text) > MAX_FREE_TEXT_CHARS:
        raise SourceFormatError(
            source_name, number, "fritext", f"texten är längre än {MAX_FREE_TEXT_CHARS} tecken"
        )
    masked = mask(raw_text) if raw_text else ""
    if not isinstance(masked, str):
        raise TypeError("mask måste returnera en sträng")
    return DialogueResult(
        source_name=source_name,
        row_number=number,
        held_on=held_on,
        municipality_code=municipality_code,
        kind=kind,
        area=" ".join(row.get("omrade").split()) or None,
        topic=topic,
        votes=votes,
        free_text=masked,
    )


def parse_dialogue_results(
    data: bytes,
    source_name: str,
    *,
    mask: Callable[[str], str],
    gazetteer: Gazetteer | None = None,
    max_rows: int = 20_000,
) -> list[DialogueResult]:
    """Parse and validate a filled-in dialogue template (CSV or XLSX).

    ``mask`` is required (no default, so unmasked text cannot slip through by accident); it
    receives each non-empty ``fritext`` and its return value is what is stored.
    Raises :class:`SourceFormatError` naming file, row and column for the first problem.
    """
    gazetteer = gazetteer or default_gazetteer()
    table = read_table(data, source_name, max_rows=max_rows)
    check_columns(table, DIALOGUE_COLUMNS, source_name)
    return [_parse_row(row, source_name, gazetteer, mask) for row in table.rows]
