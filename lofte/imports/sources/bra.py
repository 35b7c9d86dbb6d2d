"""Brå reported crimes (anmälda brott): the SOL ``dbfil`` export.

SOL (https://statistik.bra.se/solwebb) has no API; a user (or a scraper outside this
package) exports "Databasfil.txt", a long ``;``-separated table::

    Region;Brott;År;Period;Antal;/100 000 inv
    Hela landet;Befogenhetsbedrägeri;År;2025;14278;135;
    Hela landet;0950 - Befogenhetsbedrägeri, …;2026 prel.;Aug;498;5;

For yearly rows the ``År`` column holds the word ``År`` and ``Period`` the year; for
monthly/quarterly rows ``År`` holds the year (``prel.`` when preliminary) and ``Period`` the
month or quarter. ``..`` means not applicable or suppressed and becomes ``None`` (never 0).
Parent nodes of the chosen crime types are echoed with only ``..``; a crime label whose
every row is ``..`` is treated as such an echo and dropped. Regions are matched to SCB
kommun codes by name (Brå's own region ids are not SCB codes).

The per-kommun "Indikatorer för kommuners lägesbild" workbooks are read by
:mod:`lofte.imports.sources.bra_indicators`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from lofte.imports.sources.common import (
    DEFAULT_MAX_ROWS,
    SourceFormatError,
    decode_text,
    describe,
    parse_decimal,
    read_maybe_gzip,
)
from lofte.imports.sources.geography import Gazetteer, default_gazetteer, name_key

__all__ = [
    "AreaMode",
    "BraCrimeRecord",
    "PeriodKind",
    "RegionLevel",
    "SolExport",
    "classify_region",
    "parse_sol_dbfil",
]

RegionLevel = Literal["riket", "polisregion", "lan", "kommun", "annat"]
PeriodKind = Literal["year", "month", "quarter"]
AreaMode = Literal["auto", "kommun", "region"]

POLICE_REGIONS: Final = ("Nord", "Mitt", "Stockholm", "Öst", "Väst", "Syd", "Bergslagen")
_POLICE_REGION_KEYS: Final = {name_key(name) for name in POLICE_REGIONS}

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "januari"),
            ("feb", "februari"),
            ("mar", "mars"),
            ("apr", "april"),
            ("maj",),
            ("jun", "juni"),
            ("jul", "juli"),
            ("aug", "augusti"),
            ("sep", "sept", "september"),
            ("okt", "oktober"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_QUARTER_RE: Final = re.compile(r"^(?:kv(?:artal)?|k|q)\s*\.?\s*([1-4])$")
_QUARTER_RANGES: Final = {"jan-mar": 1, "apr-jun": 2, "jul-sep": 3, "okt-dec": 4}
_YEAR_RE: Final = re.compile(r"^(\d{4})\s*(prel\.?)?$")
_CRIME_CODE_RE: Final = re.compile(r"^(\d{4})\s+-\s+")
_SUPPRESSED: Final = frozenset({".."})


@dataclass(frozen=True, slots=True)
class BraCrimeRecord:
    """One cell pair (count and rate) of a SOL export.

    Attributes:
        region_name: as written by Brå (``"Göteborg"``, ``"Hela landet"``).
        region_level: ``riket``, ``polisregion``, ``lan``, ``kommun`` or ``annat``
            (stadsområden and anything unrecognised).
        municipality_code: SCB kommunkod when ``region_level == "kommun"``.
        crime_label: the ``Brott`` text; ``crime_code`` its 4-digit brottskod prefix
            (``"0950 - …"``) when present.
        year, period_kind, month (1–12), quarter (1–4).
        count: ``Antal`` (``None`` for ``..``); per_100k: ``/100 000 inv`` (``None`` for
            ``..`` or when the column was not exported).
        is_preliminary: the period carried ``prel.``.
    """

    source_name: str
    row_number: int
    region_name: str
    region_level: RegionLevel
    municipality_code: str | None
    crime_label: str
    crime_code: str | None
    year: int
    period_kind: PeriodKind
    month: int | None
    quarter: int | None
    count: int | None
    per_100k: float | None
    is_preliminary: bool


@dataclass(frozen=True, slots=True)
class SolExport:
    """Parsed export: records, the echoed parent labels dropped, and the text encoding."""

    records: tuple[BraCrimeRecord, ...]
    dropped_parent_labels: tuple[str, ...]
    encoding: str


def classify_region(
    name: str, gazetteer: Gazetteer, areas: AreaMode = "auto"
) -> tuple[RegionLevel, str | None]:
    """Classify a Brå region name and find its kommun code.

    ``"Hela landet"`` → riket; ``"Region Syd"``/``"Polisregion Syd"`` and the bare region
    names → polisregion; ``"… län"`` → lan; an exact kommun name (``"Göteborg"``,
    ``"Göteborgs kommun"``) → kommun with its code; anything else → annat.
    ``"Stockholm"`` is both a kommun and a police region: ``areas="auto"`` and ``"kommun"``
    read it as the kommun, ``areas="region"`` (exports from the region menus 98/34/104/46)
    as the police region.
    """
    key = name_key(name)
    if key in {"hela landet", "riket", "hela riket", "sverige"}:
        return "riket", None
    stem = key.removeprefix("polisregion ").removeprefix("region ")
    if stem != key and stem in _POLICE_REGION_KEYS:
        return "polisregion", None
    if areas == "region" and key in _POLICE_REGION_KEYS:
        return "polisregion", None
    if gazetteer.county_by_name(name) is not None:
        return "lan", None
    municipality = gazetteer.municipality_by_name(name)
    if municipality is not None:
        return "kommun", municipality.code
    if key in _POLICE_REGION_KEYS:
        return "polisregion", None
    return "annat", None


def _parse_period(
    year_cell: str, period_cell: str, source_name: str, row: int
) -> tuple[int, PeriodKind, int | None, int | None, bool]:
    year_text = year_cell.strip().lower()
    period_text = period_cell.strip().lower()
    is_preliminary = "prel" in year_text or "prel" in period_text
    if year_text in {"år", "ar", "helår"}:
        year_text, period_text = period_text, "år"
    year_match = _YEAR_RE.match(year_text)
    if year_match is None:
        raise SourceFormatError(source_name, row, "År", f"ogiltigt år {describe(year_cell)}")
    year = int(year_match.group(1))
    compact = period_text.replace(" ", "").replace("–", "-").rstrip(".")
    if period_text in {"år", "ar", "helår", ""}:
        return year, "year", None, None, is_preliminary
    if compact in _MONTHS:
        return year, "month", _MONTHS[compact], None, is_preliminary
    quarter_match = _QUARTER_RE.match(period_text.replace(":", ""))
    if quarter_match:
        return year, "quarter", None, int(quarter_match.group(1)), is_preliminary
    if compact in _QUARTER_RANGES:
        return year, "quarter", None, _QUARTER_RANGES[compact], is_preliminary
    raise SourceFormatError(
        source_name, row, "Period", f"okänd period {describe(period_cell)} (månad eller kvartal)"
    )


def _parse_number(text: str, source_name: str, row: int, field: str) -> float | None:
    stripped = text.strip()
    if stripped in _SUPPRESSED or stripped == "":
        return None
    value = parse_decimal(stripped)
    if value is None or value < 0:
        raise SourceFormatError(
            source_name, row, field, f"ogiltigt tal {describe(text)} ('..' betyder saknas)"
        )
    return value


def parse_sol_dbfil(
    raw: bytes | str,
    source_name: str,
    *,
    gazetteer: Gazetteer | None = None,
    areas: AreaMode = "auto",
    max_rows: int = DEFAULT_MAX_ROWS,
) -> SolExport:
    """Parse a SOL "Databasfil" export (ISO-8859-1 or UTF-8, optionally gzip).

    The header must start with ``Region;Brott;År;Period`` and have ``Antal`` and/or a
    ``100 000`` column after that; trailing ``;`` are ignored. Exact duplicate rows (the
    same label echoed under two parents) are kept once. See the module docstring for the
    ``År``/``Period`` convention and the handling of ``..``.

    Raises :class:`SourceFormatError` naming file, line and column.
    """
    gazetteer = gazetteer or default_gazetteer()
    if isinstance(raw, bytes):
        raw = read_maybe_gzip(raw, source_name)
    text, encoding = decode_text(raw, source_name)
    reader = csv.reader(io.StringIO(text), delimiter=";")
    header: list[str] | None = None
    count_index: int | None = None
    rate_index: int | None = None
    rows: list[BraCrimeRecord] = []
    seen: set[tuple[object, ...]] = set()
    try:
        for cells in reader:
            row = reader.line_num
            while cells and not cells[-1].strip():
                cells = cells[:-1]
            if not cells:
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
                lowered = [cell.lower() for cell in header]
                if lowered[:4] != ["region", "brott", "år", "period"]:
                    raise SourceFormatError(
                        source_name,
                        row,
                        None,
                        "rubrikraden ska börja med 'Region;Brott;År;Period' "
                        f"(fick {describe(';'.join(header))})",
                    )
                for index, name in enumerate(lowered[4:], start=4):
                    if "100 000" in name or "100000" in name:
                        rate_index = index
                    elif name == "antal":
                        count_index = index
                if count_index is None and rate_index is None:
                    raise SourceFormatError(
                        source_name, row, None, "kolumnerna 'Antal' och '/100 000 inv' saknas"
                    )
                continue
            if len(cells) > len(header):
                raise SourceFormatError(
                    source_name,
                    row,
                    None,
                    f"raden har {len(cells)} fält men rubrikraden {len(header)}",
                )
            cells = cells + [""] * (len(header) - len(cells))
            if len(rows) >= max_rows:
                raise SourceFormatError(
                    source_name, row, None, f"filen har fler än {max_rows} rader"
                )
            region_name, crime_label = cells[0].strip(), cells[1].strip()
            if not region_name:
                raise SourceFormatError(source_name, row, "Region", "region saknas")
            if not crime_label:
                raise SourceFormatError(source_name, row, "Brott", "brottstyp saknas")
            year, kind, month, quarter, is_preliminary = _parse_period(
                cells[2], cells[3], source_name, row
            )
            count_value = (
                _parse_number(cells[count_index], source_name, row, "Antal")
                if count_index is not None
                else None
            )
            if count_value is not None and not count_value.is_integer():
                raise SourceFormatError(
                    source_name, row, "Antal", f"antal ska vara ett heltal, fick {count_value}"
                )
            rate = (
                _parse_number(cells[rate_index], source_name, row, "/100 000 inv")
                if rate_index is not None
                else None
            )
            level, municipality_code = classify_region(region_name, gazetteer, areas)
            code_match = _CRIME_CODE_RE.match(crime_label)
            key = (region_name, crime_label, year, kind, month, quarter, count_value, rate)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                BraCrimeRecord(
                    source_name=source_name,
                    row_number=row,
                    region_name=region_name,
                    region_level=level,
                    municipality_code=municipality_code,
                    crime_label=crime_label,
                    crime_code=code_match.group(1) if code_match else None,
                    year=year,
                    period_kind=kind,
                    month=month,
                    quarter=quarter,
                    count=None if count_value is None else int(count_value),
                    per_100k=rate,
                    is_preliminary=is_preliminary,
                )
            )
    except csv.Error as error:
        raise SourceFormatError(
            source_name, reader.line_num, None, f"felaktig rad ({error})"
        ) from error
    if header is None:
        raise SourceFormatError(source_name, None, None, "filen är tom (ingen rubrikrad)")
    records, dropped = _drop_echoed_parents(rows)
    return SolExport(records=records, dropped_parent_labels=dropped, encoding=encoding)


def _drop_echoed_parents(
    rows: Iterable[BraCrimeRecord],
) -> tuple[tuple[BraCrimeRecord, ...], tuple[str, ...]]:
    """Drop labels with no number anywhere (parent nodes echoed with ``..`` only).

    A ``..`` cell of a label that has numbers elsewhere (e.g. one suppressed kommun-month)
    is kept as ``None``.
    """
    rows = list(rows)
    has_number: dict[str, bool] = {}
    for record in rows:
        has_number[record.crime_label] = has_number.get(record.crime_label, False) or (
            record.count is not None or record.per_100k is not None
        )
    dropped = tuple(label for label, numbered in has_number.items() if not numbered)
    kept = tuple(record for record in rows if has_number[record.crime_label])
    return kept, dropped
