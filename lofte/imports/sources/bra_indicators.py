"""Brå "Indikatorer för kommuners lägesbild": one xlsx workbook per kommun.

**The exact header strings are unverified** (data-sources.md §3.3: known only from Region
Uppsala's R scripts, which skip the first row and read column 1 as the region). The parser
therefore reads the documented layout tolerantly, and ``docs/sources.md`` records the
assumption. Pin the real headers in a test as soon as a real file has been downloaded.

Assumed layout of each data sheet (sheets 2–15 reported crimes; ``<indikator>-NTU`` sheets
survey shares with 2-year pooled periods such as ``2017/2018``):

1. Row 1 is a title.
2. A header row (within the first 10 rows) holds periods: years (``2023`` as number or text)
   or pooled periods (``2017/2018``), possibly with the measure in the same cell
   (``"Antal 2023"``, ``"Per 100 000 inv. 2023"``).
3. Optionally the row just above it (not the title row) groups the period columns by
   measure (``"Antal"`` over some columns, ``"Antal per 100 000 invånare"`` over others;
   merged cells are forward-filled).
4. Column 1 holds the region (the kommun, its län, ``Hela landet``); the other columns
   hold numbers. ``..``, ``XX`` and ``x`` are suppressed values (``None``).
5. A period column without any measure label is ``andel_procent`` on NTU sheets; on
   crime sheets the first column of a period is ``antal`` and the second ``per_100k``.

Sheets without such a header (the contents sheet, notes) are skipped and listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from lofte.imports.sources.bra import AreaMode, RegionLevel, classify_region
from lofte.imports.sources.common import SourceFormatError, describe, parse_decimal
from lofte.imports.sources.geography import Gazetteer, default_gazetteer
from lofte.imports.sources.spreadsheets import (
    CellValue,
    XlsxSheet,
    cell_to_text,
    read_xlsx_sheets,
)

__all__ = [
    "BraIndicatorValue",
    "IndicatorWorkbook",
    "Measure",
    "parse_bra_indicator_workbook",
    "parse_indicator_sheet",
]

Measure = Literal["antal", "per_100k", "andel_procent"]

_PERIOD_RE: Final = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*[/–-]\s*((?:19|20)\d{2}))?(?!\d)")
_SUPPRESSED: Final = frozenset({"..", "xx", "x", "…"})
HEADER_SEARCH_ROWS: Final = 10


@dataclass(frozen=True, slots=True)
class BraIndicatorValue:
    """One value of an indicator workbook.

    ``period`` is ``"2023"`` or ``"2017/2018"`` (pooled NTU years); ``first_year`` and
    ``last_year`` bound it. ``measure``: ``antal``, ``per_100k`` or ``andel_procent``.
    ``value`` is ``None`` for suppressed cells. ``row_number`` is the worksheet row.
    """

    source_name: str
    row_number: int
    sheet: str
    indicator: str
    title: str
    is_survey: bool
    region_name: str
    region_level: RegionLevel
    municipality_code: str | None
    period: str
    first_year: int
    last_year: int
    measure: Measure
    value: float | None


@dataclass(frozen=True, slots=True)
class IndicatorWorkbook:
    """All values of a workbook, and which sheets were read or skipped (no period header)."""

    values: tuple[BraIndicatorValue, ...]
    sheets_read: tuple[str, ...]
    sheets_skipped: tuple[str, ...]


def _period_of(cell: CellValue) -> tuple[str, int, int] | None:
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, int | float):
        if float(cell).is_integer() and 1900 <= cell <= 2100:
            return str(int(cell)), int(cell), int(cell)
        return None
    match = _PERIOD_RE.search(cell_to_text(cell))
    if match is None:
        return None
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else first
    if last < first or last - first > 5:
        return None
    return (f"{first}/{last}" if last != first else str(first)), first, last


def _measure_of(text: str) -> Measure | None:
    lowered = text.lower().replace("\u00a0", " ")
    if "100 000" in lowered or "100000" in lowered or "per 100" in lowered:
        return "per_100k"
    if "andel" in lowered or "procent" in lowered or "%" in lowered:
        return "andel_procent"
    if "antal" in lowered:
        return "antal"
    return None


def _column_name(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def parse_indicator_sheet(
    sheet: XlsxSheet, source_name: str, gazetteer: Gazetteer, areas: AreaMode = "auto"
) -> list[BraIndicatorValue] | None:
    """Parse one worksheet; ``None`` when it has no period header (not a data sheet)."""
    rows = sheet.rows
    if len(rows) < 2:
        return None
    title = next((cell_to_text(c).strip() for c in rows[0][1] if cell_to_text(c).strip()), "")
    header_position: int | None = None
    for position in range(1, min(len(rows), HEADER_SEARCH_ROWS)):
        if any(_period_of(cell) for cell in rows[position][1][1:]):
            header_position = position
            break
    if header_position is None:
        return None
    header_row_number, header = rows[header_position]
    group_measures: list[Measure | None] = [None] * len(header)
    if header_position >= 2:
        current: Measure | None = None
        for index, cell in enumerate(rows[header_position - 1][1]):
            text = cell_to_text(cell).strip()
            if index > 0 and text:
                current = _measure_of(text)
            group_measures[index] = current if index > 0 else None
    is_survey = sheet.name.strip().lower().endswith("ntu")
    indicator = re.sub(r"[\s\-_]*ntu$", "", sheet.name.strip(), flags=re.IGNORECASE)
    columns: dict[int, tuple[str, int, int, Measure]] = {}
    occurrences: dict[str, int] = {}
    taken: set[tuple[str, Measure]] = set()
    for index, cell in enumerate(header):
        if index == 0:
            continue
        period = _period_of(cell)
        if period is None:
            continue
        measure = _measure_of(cell_to_text(cell)) or group_measures[index]
        if measure is None:
            seen_before = occurrences.get(period[0], 0)
            occurrences[period[0]] = seen_before + 1
            if is_survey:
                measure = "andel_procent"
            elif seen_before == 0:
                measure = "antal"
            elif seen_before == 1:
                measure = "per_100k"
            else:
                raise SourceFormatError(
                    source_name,
                    header_row_number,
                    f"{sheet.name}!{_column_name(index)}",
                    f"perioden {period[0]} förekommer mer än två gånger utan måttangivelse",
                )
        if (period[0], measure) in taken:
            raise SourceFormatError(
                source_name,
                header_row_number,
                f"{sheet.name}!{_column_name(index)}",
                f"kolumnen för {period[0]} ({measure}) förekommer två gånger",
            )
        taken.add((period[0], measure))
        columns[index] = (period[0], period[1], period[2], measure)
    values: list[BraIndicatorValue] = []
    for row_number, cells in rows[header_position + 1 :]:
        region = cell_to_text(cells[0]).strip() if cells else ""
        parsed: list[tuple[int, float | None]] = []
        has_content = False
        for index in columns:
            cell = cells[index] if index < len(cells) else None
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            has_content = True
            parsed.append((index, _cell_number(cell, source_name, row_number, sheet, index)))
        if not has_content:
            continue  # a blank row or a footnote such as "Källa: Brå"
        if not region:
            raise SourceFormatError(
                source_name, row_number, f"{sheet.name}!A", "region saknas på en rad med värden"
            )
        level, municipality_code = classify_region(region, gazetteer, areas)
        for index, number in parsed:
            period_text, first_year, last_year, measure = columns[index]
            values.append(
                BraIndicatorValue(
                    source_name=source_name,
                    row_number=row_number,
                    sheet=sheet.name,
                    indicator=indicator,
                    title=title,
                    is_survey=is_survey,
                    region_name=region,
                    region_level=level,
                    municipality_code=municipality_code,
                    period=period_text,
                    first_year=first_year,
                    last_year=last_year,
                    measure=measure,
                    value=number,
                )
            )
    return values


def _cell_number(
    cell: CellValue, source_name: str, row_number: int, sheet: XlsxSheet, index: int
) -> float | None:
    if isinstance(cell, bool):
        number = None
    elif isinstance(cell, int | float):
        number = float(cell)
    else:
        text = cell_to_text(cell).strip()
        if text.lower() in _SUPPRESSED:
            return None
        number = parse_decimal(text)
    if number is None or number != number or number < 0:
        raise SourceFormatError(
            source_name,
            row_number,
            f"{sheet.name}!{_column_name(index)}",
            f"ogiltigt värde {describe(cell)} ('..' eller 'XX' betyder saknas)",
        )
    return number


def parse_bra_indicator_workbook(
    data: bytes,
    source_name: str,
    *,
    gazetteer: Gazetteer | None = None,
    areas: AreaMode = "auto",
    max_rows_per_sheet: int = 5_000,
) -> IndicatorWorkbook:
    """Parse an "Indikatorer för kommuners lägesbild" workbook (layout: module docstring).

    The xlsx is read with the limits of :func:`~lofte.imports.sources.spreadsheets.read_xlsx_sheets`
    (zip-bomb checks, read-only streaming, ``max_rows_per_sheet``). Raises
    :class:`SourceFormatError` naming file, row and ``sheet!column``; raises it also when
    no sheet at all has the expected layout.
    """
    gazetteer = gazetteer or default_gazetteer()
    sheets = read_xlsx_sheets(data, source_name, max_rows=max_rows_per_sheet)
    values: list[BraIndicatorValue] = []
    read: list[str] = []
    skipped: list[str] = []
    for sheet in sheets:
        parsed = parse_indicator_sheet(sheet, source_name, gazetteer, areas)
        if parsed is None:
            skipped.append(sheet.name)
            continue
        read.append(sheet.name)
        values.extend(parsed)
    if not read:
        raise SourceFormatError(
            source_name,
            None,
            None,
            "inget blad har en rubrikrad med år (t.ex. 2023 eller 2017/2018); "
            "är detta en indikatorfil från Brå?",
        )
    return IndicatorWorkbook(
        values=tuple(values), sheets_read=tuple(read), sheets_skipped=tuple(skipped)
    )
