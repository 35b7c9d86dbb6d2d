"""Safety survey results uploaded with the template (police trygghetsmätning and NTU).

Neither source has a machine-readable release (data-sources.md §4): the police/kommun
trygghetsmätning is published as PDF reports per lokalpolisområde, and NTU's local figures
come from Brå's web tool or Excel files. Staff copy the figures into
``lofte/imports/data/templates/trygghetsresultat_mall.csv`` (or ``.xlsx``); the columns
are defined in :data:`~lofte.imports.sources.templates.SURVEY_COLUMNS`.

Validation is strict: every problem raises :class:`SourceFormatError` naming file, row and
column in Swedish, and nothing is imported from a file with an error.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final, Literal
from urllib.parse import urlsplit

from lofte.imports.sources.common import (
    CsvTable,
    SourceFormatError,
    TableRow,
    describe,
    parse_decimal,
)
from lofte.imports.sources.geography import Gazetteer, default_gazetteer, name_key
from lofte.imports.sources.spreadsheets import read_table
from lofte.imports.sources.templates import SURVEY_COLUMNS, Column

__all__ = [
    "AreaLevel",
    "SurveyResult",
    "check_columns",
    "normalise_police_area",
    "parse_period",
    "parse_survey_results",
]

SurveySource = Literal["trygghetsmatning", "ntu"]
SurveyMeasure = Literal["index_0_6", "andel_procent"]
Gender = Literal["alla", "kvinnor", "man"]
AreaLevel = Literal["kommun", "lokalpolisomrade"]

_SOURCES: Final[dict[str, SurveySource]] = {"trygghetsmatning": "trygghetsmatning", "ntu": "ntu"}
_MEASURES: Final[dict[str, SurveyMeasure]] = {
    "index_0_6": "index_0_6",
    "andel_procent": "andel_procent",
}
_MEASURE_RANGES: Final[dict[SurveyMeasure, tuple[float, float]]] = {
    "index_0_6": (0.0, 6.0),
    "andel_procent": (0.0, 100.0),
}
_GENDERS: Final[dict[str, Gender]] = {
    "alla": "alla",
    "kvinnor": "kvinnor",
    "man": "man",
    "män": "man",
}
_PERIOD_RE: Final = re.compile(r"^(\d{4})(?:\s*/\s*(\d{4}))?$")
_AGE_RE: Final = re.compile(r"^(\d{1,3})\s*(?:-|–)\s*(\d{1,3})$|^(\d{1,3})\s*\+$")
_MUNICIPALITY_CODE_RE: Final = re.compile(r"^\d{4}$")
MIN_YEAR: Final = 1995
MAX_YEAR: Final = 2100


@dataclass(frozen=True, slots=True)
class SurveyResult:
    """One validated template row.

    ``area_level`` is ``kommun`` when ``municipality_code`` is given, otherwise
    ``lokalpolisomrade`` (then ``police_area`` names it). ``sub_area`` is an optional
    delområde. ``period`` is ``"2023"`` or ``"2017/2018"`` with ``first_year``/``last_year``.
    ``value`` is an index 0–6 (lower is better) or a share 0–100 per ``measure``.
    """

    source_name: str
    row_number: int
    area_level: AreaLevel
    municipality_code: str | None
    police_area: str | None
    sub_area: str | None
    period: str
    first_year: int
    last_year: int
    source: SurveySource
    indicator: str
    measure: SurveyMeasure
    value: float
    gender: Gender
    age_group: str
    respondents: int | None
    response_rate: float | None
    source_url: str | None
    comment: str | None


def check_columns(table: CsvTable, columns: Collection[Column], source_name: str) -> None:
    """Fail on unknown header names (typos) and on missing required columns."""
    known = {column.name for column in columns}
    header_row = table.header_row
    unknown = [name for name in table.header if name and name not in known]
    if unknown:
        raise SourceFormatError(
            source_name,
            header_row,
            unknown[0],
            f"okänd kolumn; tillåtna kolumner är {', '.join(sorted(known))}",
        )
    missing = [c.name for c in columns if c.required and c.name not in table.header]
    if missing:
        raise SourceFormatError(
            source_name, header_row, missing[0], "obligatorisk kolumn saknas i rubrikraden"
        )


def parse_period(
    text: str, source_name: str = "", row: int | None = None, field: str = "ar_eller_period"
) -> tuple[str, int, int]:
    """``"2023"`` → ``("2023", 2023, 2023)``; ``"2017/2018"`` → ``("2017/2018", 2017, 2018)``.

    Years must lie in 1995–2100; a pooled period spans 2–5 consecutive years in order.
    """
    match = _PERIOD_RE.match(text.strip())
    if match is None:
        raise SourceFormatError(
            source_name,
            row,
            field,
            f"ska vara ett år (2023) eller en period (2017/2018), fick {describe(text)}",
        )
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else first
    if not (MIN_YEAR <= first <= MAX_YEAR and MIN_YEAR <= last <= MAX_YEAR):
        raise SourceFormatError(
            source_name, row, field, f"året ska ligga mellan {MIN_YEAR} och {MAX_YEAR}"
        )
    if match.group(2) and not 1 <= last - first <= 4:
        raise SourceFormatError(
            source_name, row, field, "perioden ska vara 2–5 år i stigande ordning, t.ex. 2017/2018"
        )
    return (f"{first}/{last}" if match.group(2) else str(first)), first, last


def normalise_police_area(name: str) -> str:
    """``"Lokalpolisområde Kävlinge"``/``"LPO Kävlinge"``/``" kävlinge "`` → ``"Kävlinge"``-ish.

    Strips the prefixes and extra spaces; keeps the user's capitalisation of the rest.
    """
    cleaned = " ".join(name.split())
    for prefix in ("lokalpolisområde ", "lokalpolisomrade ", "lpo "):
        if cleaned.lower().startswith(prefix):
            cleaned = cleaned[len(prefix) :]
    return cleaned


def municipality_code_of(
    text: str, gazetteer: Gazetteer, source_name: str, row: int, field: str = "kommunkod"
) -> str:
    """Validate a kommunkod cell against the 290 kommuner (hint when Excel ate the zero)."""
    code = text.strip()
    if not _MUNICIPALITY_CODE_RE.match(code):
        hint = ""
        if code.isdigit() and len(code) == 3 and gazetteer.municipality_by_code("0" + code):
            hint = f" (inledande nolla saknas? menade du 0{code}?)"
        raise SourceFormatError(
            source_name, row, field, f"kommunkoden ska ha fyra siffror, fick {describe(text)}{hint}"
        )
    if gazetteer.municipality_by_code(code) is None:
        raise SourceFormatError(source_name, row, field, f"okänd kommunkod {code}")
    return code


def _optional_number(
    row: TableRow, field: str, source_name: str, low: float, high: float, *, integer: bool
) -> float | None:
    text = row.get(field)
    if not text:
        return None
    value = parse_decimal(text)
    if value is None or (integer and not value.is_integer()):
        kind = "ett heltal" if integer else "ett tal"
        raise SourceFormatError(
            source_name, row.row_number, field, f"ska vara {kind}, fick {describe(text)}"
        )
    if not low <= value <= high:
        raise SourceFormatError(
            source_name,
            row.row_number,
            field,
            f"ska ligga mellan {low:g} och {high:g}, fick {value:g}",
        )
    return value


def _parse_row(
    row: TableRow,
    source_name: str,
    gazetteer: Gazetteer,
    known_police_areas: dict[str, str] | None,
) -> SurveyResult:
    number = row.row_number
    code_text = row.get("kommunkod")
    area_text = row.get("lokalpolisomrade")
    if not code_text and not area_text:
        raise SourceFormatError(
            source_name, number, "kommunkod", "ange kommunkod eller lokalpolisomrade"
        )
    municipality_code = (
        municipality_code_of(code_text, gazetteer, source_name, number) if code_text else None
    )
    police_area: str | None = None
    if area_text:
        police_area = normalise_police_area(area_text)
        if known_police_areas is not None:
            canonical = known_police_areas.get(name_key(police_area))
            if canonical is None:
                raise SourceFormatError(
                    source_name,
                    number,
                    "lokalpolisomrade",
                    f"okänt lokalpolisområde {describe(area_text)}",
                )
            police_area = canonical
    period, first_year, last_year = parse_period(row.get("ar_eller_period"), source_name, number)
    source = _SOURCES.get(row.get("kalla").lower())
    if source is None:
        raise SourceFormatError(
            source_name,
            number,
            "kalla",
            f"ska vara trygghetsmatning eller ntu, fick {describe(row.get('kalla'))}",
        )
    indicator = " ".join(row.get("indikator").split())
    if not indicator or len(indicator) > 200:
        raise SourceFormatError(source_name, number, "indikator", "ska anges (högst 200 tecken)")
    measure = _MEASURES.get(row.get("matt").lower())
    if measure is None:
        raise SourceFormatError(
            source_name,
            number,
            "matt",
            f"ska vara index_0_6 eller andel_procent, fick {describe(row.get('matt'))}",
        )
    low, high = _MEASURE_RANGES[measure]
    if not row.get("varde"):
        raise SourceFormatError(source_name, number, "varde", "värde saknas")
    value = _optional_number(row, "varde", source_name, low, high, integer=False)
    assert value is not None
    gender = _GENDERS.get(row.get("kon").lower() or "alla")
    if gender is None:
        raise SourceFormatError(
            source_name,
            number,
            "kon",
            f"ska vara alla, kvinnor eller man, fick {describe(row.get('kon'))}",
        )
    age_group = row.get("alder").lower() or "alla"
    if age_group != "alla":
        age_match = _AGE_RE.match(age_group)
        if age_match is None or (
            age_match.group(1) and int(age_match.group(1)) > int(age_match.group(2))
        ):
            raise SourceFormatError(
                source_name,
                number,
                "alder",
                f"ska vara alla, t.ex. 16-29 eller 65+, fick {describe(age_group)}",
            )
        age_group = age_group.replace(" ", "").replace("–", "-")
    respondents = _optional_number(row, "antal_svar", source_name, 0, 10_000_000, integer=True)
    response_rate = _optional_number(
        row, "svarsfrekvens_procent", source_name, 0, 100, integer=False
    )
    url = row.get("kalla_url") or None
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.netloc or " " in url:
            raise SourceFormatError(
                source_name, number, "kalla_url", f"ska vara en http(s)-länk, fick {describe(url)}"
            )
    return SurveyResult(
        source_name=source_name,
        row_number=number,
        area_level="kommun" if municipality_code else "lokalpolisomrade",
        municipality_code=municipality_code,
        police_area=police_area,
        sub_area=" ".join(row.get("omrade").split()) or None,
        period=period,
        first_year=first_year,
        last_year=last_year,
        source=source,
        indicator=indicator,
        measure=measure,
        value=value,
        gender=gender,
        age_group=age_group,
        respondents=None if respondents is None else int(respondents),
        response_rate=response_rate,
        source_url=url,
        comment=row.get("kommentar") or None,
    )


def parse_survey_results(
    data: bytes,
    source_name: str,
    *,
    gazetteer: Gazetteer | None = None,
    known_police_areas: Collection[str] | None = None,
    max_rows: int = 50_000,
) -> list[SurveyResult]:
    """Parse and validate a filled-in survey template (CSV with ``;``/``,``, or XLSX).

    ``known_police_areas``: when given, ``lokalpolisomrade`` must be one of these names
    (compared case-insensitively, prefixes like ``LPO`` ignored) and is returned in the
    spelling given here. Two rows with the same area, period, source, indicator, measure,
    gender and age group are an error (both rows are named).

    Raises :class:`SourceFormatError` for the first problem found.
    """
    gazetteer = gazetteer or default_gazetteer()
    table = read_table(data, source_name, max_rows=max_rows)
    check_columns(table, SURVEY_COLUMNS, source_name)
    areas = (
        {
            name_key(normalise_police_area(name)): normalise_police_area(name)
            for name in known_police_areas
        }
        if known_police_areas is not None
        else None
    )
    results: list[SurveyResult] = []
    first_row_of: dict[tuple[object, ...], int] = {}
    for row in table.rows:
        result = _parse_row(row, source_name, gazetteer, areas)
        key = (
            result.municipality_code,
            None if result.municipality_code else name_key(result.police_area or ""),
            name_key(result.sub_area or ""),
            result.period,
            result.source,
            name_key(result.indicator),
            result.measure,
            result.gender,
            result.age_group,
        )
        if key in first_row_of:
            raise SourceFormatError(
                source_name,
                row.row_number,
                "indikator",
                f"samma område, period, indikator, kön och ålder finns redan på rad "
                f"{first_row_of[key]}",
            )
        first_row_of[key] = row.row_number
        results.append(result)
    return results
