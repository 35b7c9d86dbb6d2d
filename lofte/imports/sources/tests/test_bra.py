from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from lofte.imports.sources.bra import classify_region, parse_sol_dbfil
from lofte.imports.sources.bra_indicators import (
    parse_bra_indicator_workbook,
    parse_indicator_sheet,
)
from lofte.imports.sources.common import SourceFormatError
from lofte.imports.sources.geography import default_gazetteer
from lofte.imports.sources.spreadsheets import XlsxSheet
from lofte.imports.sources.tests.conftest import FIXTURES

DOCS = FIXTURES / "bra_sol_dbfil_docs_3_1.txt"  # verbatim lines from data-sources.md §3.1
SYNTHETIC = FIXTURES / "bra_sol_dbfil_synthetic_iso8859.txt"  # synthetic, ISO-8859-1


def test_documented_lines() -> None:
    export = parse_sol_dbfil(DOCS.read_bytes(), DOCS.name)
    yearly, monthly = export.records
    assert (yearly.region_level, yearly.municipality_code) == ("riket", None)
    assert (yearly.year, yearly.period_kind, yearly.is_preliminary) == (2025, "year", False)
    assert (yearly.count, yearly.per_100k) == (14278, 135.0)
    assert yearly.crime_label == "Befogenhetsbedrägeri"
    assert yearly.crime_code is None
    assert (monthly.year, monthly.period_kind, monthly.month) == (2026, "month", 8)
    assert monthly.is_preliminary
    assert monthly.crime_code == "0950"
    assert (monthly.count, monthly.per_100k) == (498, 5.0)
    assert monthly.row_number == 3
    assert export.encoding == "utf-8"


def test_synthetic_iso_export() -> None:
    export = parse_sol_dbfil(SYNTHETIC.read_bytes(), SYNTHETIC.name)
    assert export.encoding == "cp1252"
    assert export.dropped_parent_labels == ("3-7 kap. Brott mot person",)
    by_key = {(r.region_name, r.crime_label, r.year, r.month, r.quarter): r for r in export.records}
    assert len(export.records) == 9  # 12 rows − 2 parent echoes − 1 exact duplicate
    gothenburg = by_key[("Göteborg", "Totalt antal brott", 2025, None, None)]
    assert (gothenburg.municipality_code, gothenburg.count, gothenburg.per_100k) == (
        "1480",
        84816,
        None,
    )
    suppressed = by_key[("Ljungby", "Misshandel inkl. grov (5, 6 §)", 2025, 2, None)]
    assert (suppressed.count, suppressed.per_100k, suppressed.is_preliminary) == (
        None,
        None,
        True,
    )
    assert suppressed.municipality_code == "0781"
    quarter = by_key[("Älmhult", "Skadegörelsebrott", 2025, None, 2)]
    assert (quarter.period_kind, quarter.per_100k, quarter.municipality_code) == (
        "quarter",
        175.4,
        "0765",
    )
    vasby = by_key[("Upplands Väsby", "Skadegörelsebrott", 2025, None, 1)]
    assert (vasby.count, vasby.per_100k, vasby.municipality_code) == (1204, 2439.5, "0114")
    levels = {r.region_name: r.region_level for r in export.records}
    assert levels["Kronobergs län"] == "lan"
    assert levels["Region Syd"] == "polisregion"
    assert levels["Göteborg: Centrum"] == "annat"


def test_utf8_with_bom_and_gzip_read_the_same() -> None:
    import gzip

    text = SYNTHETIC.read_bytes().decode("iso-8859-1")
    plain = parse_sol_dbfil(SYNTHETIC.read_bytes(), "a").records
    for raw in (b"\xef\xbb\xbf" + text.encode(), gzip.compress(text.encode()), text):
        records = parse_sol_dbfil(raw, "a").records
        assert [(r.region_name, r.count) for r in records] == [
            (r.region_name, r.count) for r in plain
        ]


def test_count_only_export() -> None:
    export = parse_sol_dbfil("Region;Brott;År;Period;Antal\nLjungby;Stöld;År;2025;12\n", "x")
    assert (export.records[0].count, export.records[0].per_100k) == (12, None)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("Ljungby;Stöld;År;tjugo;12;3;", "År"),
        ("Ljungby;Stöld;2025;Vecka 3;12;3;", "Period"),
        ("Ljungby;Stöld;År;2025;-;3;", "Antal"),
        ("Ljungby;Stöld;År;2025;12,5;3;", "Antal"),
        ("Ljungby;Stöld;År;2025;12;tre;", "/100 000 inv"),
        (";Stöld;År;2025;12;3;", "Region"),
        ("Ljungby;;År;2025;12;3;", "Brott"),
    ],
)
def test_malformed_rows(line: str, field: str) -> None:
    raw = "Region;Brott;År;Period;Antal;/100 000 inv\nLjungby;Stöld;År;2024;10;3;\n" + line
    with pytest.raises(SourceFormatError) as caught:
        parse_sol_dbfil(raw, "export.txt")
    assert (caught.value.file, caught.value.row, caught.value.field) == ("export.txt", 3, field)


def test_wrong_header_and_too_many_fields() -> None:
    with pytest.raises(SourceFormatError, match="Region;Brott;År;Period"):
        parse_sol_dbfil("Kommun;Brott;År;Antal\n", "x")
    with pytest.raises(SourceFormatError, match="fält"):
        parse_sol_dbfil("Region;Brott;År;Period;Antal\nA;B;År;2025;1;2;3\n", "x")
    with pytest.raises(SourceFormatError, match="tom"):
        parse_sol_dbfil(b"", "x")


def test_stockholm_depends_on_the_export_menu() -> None:
    gazetteer = default_gazetteer()
    assert classify_region("Stockholm", gazetteer) == ("kommun", "0180")
    assert classify_region("Stockholm", gazetteer, "region") == ("polisregion", None)
    assert classify_region("Bergslagen", gazetteer) == ("polisregion", None)
    assert classify_region("Polisregion Öst", gazetteer) == ("polisregion", None)


@given(st.text(max_size=300))
def test_garbage_raises_only_source_format_error(text: str) -> None:
    header = "Region;Brott;År;Period;Antal;/100 000 inv\n"
    for raw in (text, header + text):
        with contextlib.suppress(SourceFormatError):
            parse_sol_dbfil(raw, "fuzz.txt")


# --------------------------------------------------------------------------- xlsx
# The indicator workbooks below are SYNTHETIC: the real header strings are unverified.


def synthetic_indicator_workbook() -> bytes:
    workbook = Workbook()
    contents = workbook.active
    assert contents is not None
    contents.title = "Innehåll"
    contents.append(["Indikatorer för kommuners lägesbild – Ljungby (SYNTETISK TESTFIL)"])
    contents.append(["Blad 2–15: anmälda brott; blad *-NTU: Nationella trygghetsundersökningen"])

    grouped = workbook.create_sheet("Skadegörelsebrott")
    grouped.append(["Anmälda skadegörelsebrott 2022–2024"])
    grouped.append([None, "Antal", None, None, "Antal per 100 000 invånare", None, None])
    grouped.merge_cells("B2:D2")
    grouped.merge_cells("E2:G2")
    grouped.append(["Region", 2022, 2023, 2024, 2022, 2023, 2024])
    grouped.append(["Ljungby", 301, 288, "..", 1070.5, 1023.4, ".."])
    grouped.append(["Kronobergs län", 2210, 2301, 2190, 1088.0, 1121.2, 1062.9])
    grouped.append(["Hela landet", 175000, 171000, 168000, 1680.1, 1630.2, 1590.3])
    grouped.append([])
    grouped.append(["Källa: Brå, anmälda brott"])

    inline = workbook.create_sheet("Narkotikabrott")
    inline.append(["Anmälda narkotikabrott"])
    inline.append(
        ["Region", "Antal 2023", "Antal 2024", "Per 100 000 inv. 2023", "Per 100 000 inv. 2024"]
    )
    inline.append(["Ljungby", 140, "151", "497,6", 536.1])

    repeated = workbook.create_sheet("Bostadsinbrott")
    repeated.append(["Anmälda bostadsinbrott"])
    repeated.append(["Region", "2024", "2024"])
    repeated.append(["Ljungby", 44, 156.4])

    survey = workbook.create_sheet("Otrygghet utomhus-NTU")
    survey.append(["Andel som känner sig otrygga utomhus sent en kväll (%)"])
    survey.append(["Region", "2017/2018", "2019/2020", "2021–2022"])
    survey.append(["Ljungby", 24.1, "XX", 21])
    survey.append(["Kronobergs län", 22.0, 20.5, 19.8])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_synthetic_indicator_workbook() -> None:
    result = parse_bra_indicator_workbook(synthetic_indicator_workbook(), "Ljungby.xlsx")
    assert result.sheets_skipped == ("Innehåll",)
    assert result.sheets_read == (
        "Skadegörelsebrott",
        "Narkotikabrott",
        "Bostadsinbrott",
        "Otrygghet utomhus-NTU",
    )
    values = {(v.sheet, v.region_name, v.period, v.measure): v for v in result.values}
    damage = values[("Skadegörelsebrott", "Ljungby", "2023", "per_100k")]
    assert damage.value == 1023.4
    assert damage.municipality_code == "0781"
    assert damage.title == "Anmälda skadegörelsebrott 2022–2024"
    assert damage.row_number == 4
    assert values[("Skadegörelsebrott", "Ljungby", "2024", "antal")].value is None
    assert values[("Skadegörelsebrott", "Kronobergs län", "2022", "antal")].region_level == "lan"
    assert values[("Skadegörelsebrott", "Hela landet", "2024", "antal")].value == 168000
    assert len([v for v in result.values if v.sheet == "Skadegörelsebrott"]) == 18

    assert values[("Narkotikabrott", "Ljungby", "2024", "antal")].value == 151
    assert values[("Narkotikabrott", "Ljungby", "2023", "per_100k")].value == 497.6

    assert values[("Bostadsinbrott", "Ljungby", "2024", "antal")].value == 44
    assert values[("Bostadsinbrott", "Ljungby", "2024", "per_100k")].value == 156.4

    pooled = values[("Otrygghet utomhus-NTU", "Ljungby", "2017/2018", "andel_procent")]
    assert (pooled.value, pooled.first_year, pooled.last_year) == (24.1, 2017, 2018)
    assert pooled.is_survey
    assert pooled.indicator == "Otrygghet utomhus"
    assert values[("Otrygghet utomhus-NTU", "Ljungby", "2019/2020", "andel_procent")].value is None
    assert ("Otrygghet utomhus-NTU", "Ljungby", "2021/2022", "andel_procent") in values


def test_bad_indicator_cell_names_sheet_and_column() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Stöldbrott"
    sheet.append(["Titel"])
    sheet.append(["Region", 2024])
    sheet.append(["Ljungby", "många"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(SourceFormatError) as caught:
        parse_bra_indicator_workbook(buffer.getvalue(), "Ljungby.xlsx")
    assert (caught.value.row, caught.value.field) == (3, "Stöldbrott!B")


def test_workbook_without_data_sheets_is_rejected() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Bara text"])
    sheet.append(["Ingen tabell här"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(SourceFormatError, match="rubrikrad med år"):
        parse_bra_indicator_workbook(buffer.getvalue(), "fel.xlsx")


def test_not_an_xlsx() -> None:
    with pytest.raises(SourceFormatError, match="xlsx"):
        parse_bra_indicator_workbook(b"PK\x03\x04 inte en zip", "fel.xlsx")


cells = (
    st.none()
    | st.integers(-10, 3000)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.sampled_from(
        ["..", "XX", "2017/2018", "Antal", "Per 100 000 inv", "Ljungby", "Kronobergs län", "2024"]
    )
)


@given(st.lists(st.lists(cells, min_size=3, max_size=3), max_size=6), st.booleans())
def test_garbage_sheets_raise_only_source_format_error(
    rows: list[list[object]], is_survey: bool
) -> None:
    sheet = XlsxSheet(
        name="Otrygghet-NTU" if is_survey else "Stöldbrott",
        index=2,
        rows=tuple((number, tuple(row)) for number, row in enumerate(rows, start=1)),  # type: ignore[misc]
    )
    try:
        values = parse_indicator_sheet(sheet, "fuzz.xlsx", default_gazetteer())
    except SourceFormatError:
        return
    for value in values or []:
        assert value.value is None or value.value >= 0
        assert value.first_year <= value.last_year
