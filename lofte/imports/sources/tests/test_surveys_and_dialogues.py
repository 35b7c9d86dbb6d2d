from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from lofte.imports.sources.common import SourceFormatError
from lofte.imports.sources.dialogues import parse_dialogue_results
from lofte.imports.sources.surveys import parse_period, parse_survey_results
from lofte.imports.sources.templates import (
    DIALOGUE_COLUMNS,
    DIALOGUE_EXAMPLES,
    SURVEY_COLUMNS,
    SURVEY_EXAMPLES,
    TEMPLATE_DIR,
    write_template_csv,
)

SURVEY_HEADER = ";".join(column.name for column in SURVEY_COLUMNS)
DIALOGUE_HEADER = ";".join(column.name for column in DIALOGUE_COLUMNS)


def survey_csv(*lines: str, header: str = SURVEY_HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def survey_line(**values: str) -> str:
    defaults = {
        "kommunkod": "0781",
        "ar_eller_period": "2024",
        "kalla": "trygghetsmatning",
        "indikator": "Totalindex",
        "matt": "index_0_6",
        "varde": "1,5",
    }
    defaults.update(values)
    return ";".join(defaults.get(column.name, "") for column in SURVEY_COLUMNS)


# --------------------------------------------------------------------------- templates


def test_shipped_csv_templates_are_up_to_date() -> None:
    assert (TEMPLATE_DIR / "trygghetsresultat_mall.csv").read_bytes() == write_template_csv(
        SURVEY_COLUMNS, SURVEY_EXAMPLES
    )
    assert (TEMPLATE_DIR / "dialogresultat_mall.csv").read_bytes() == write_template_csv(
        DIALOGUE_COLUMNS, DIALOGUE_EXAMPLES
    )


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_shipped_survey_template_parses_with_the_real_examples(suffix: str) -> None:
    path = TEMPLATE_DIR / f"trygghetsresultat_mall.{suffix}"
    results = parse_survey_results(path.read_bytes(), path.name)
    assert len(results) == len(SURVEY_EXAMPLES) == 9
    kavlinge = results[0]
    assert (kavlinge.area_level, kavlinge.police_area, kavlinge.municipality_code) == (
        "lokalpolisomrade",
        "Kävlinge",
        None,
    )
    assert (kavlinge.period, kavlinge.indicator, kavlinge.measure, kavlinge.value) == (
        "2023",
        "Problemindex",
        "index_0_6",
        1.54,
    )
    assert (kavlinge.respondents, kavlinge.response_rate) == (1514, 56.2)
    alvesta = results[5]
    assert (alvesta.area_level, alvesta.municipality_code, alvesta.value) == (
        "kommun",
        "0764",
        1.66,
    )
    ntu = results[6]
    assert (ntu.source, ntu.measure, ntu.value, ntu.municipality_code) == (
        "ntu",
        "andel_procent",
        16.0,
        "0780",
    )
    assert results[0].row_number == 2


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_shipped_dialogue_template_parses_and_masks(suffix: str) -> None:
    path = TEMPLATE_DIR / f"dialogresultat_mall.{suffix}"
    seen: list[str] = []

    def mask(text: str) -> str:
        seen.append(text)
        return "[maskerad]"

    results = parse_dialogue_results(path.read_bytes(), path.name, mask=mask)
    assert len(results) == 3
    assert all(result.free_text == "[maskerad]" for result in results)
    assert len(seen) == 3
    first = results[0]
    assert (first.held_on.isoformat(), first.municipality_code, first.kind, first.votes) == (
        "2025-09-16",
        "0685",
        "medborgardialog",
        23,
    )
    assert results[2].votes is None
    assert results[2].area is None


# --------------------------------------------------------------------------- survey rules


def test_comma_separated_windows_1252_csv_is_accepted() -> None:
    header = SURVEY_HEADER.replace(";", ",")
    line = survey_line(indikator="Oro för inbrott", matt="andel_procent", varde="12.5")
    data = (header + "\r\n" + line.replace(";", ",") + "\r\n").encode("cp1252")
    (result,) = parse_survey_results(data, "export.csv")
    assert (result.indicator, result.value) == ("Oro för inbrott", 12.5)


def test_defaults_and_normalisation() -> None:
    (result,) = parse_survey_results(
        survey_csv(
            survey_line(kommunkod="", lokalpolisomrade="LPO  kävlinge", kon="", alder="16 – 29")
        ),
        "x.csv",
        known_police_areas=["Lokalpolisområde Kävlinge", "Ljungby"],
    )
    assert result.police_area == "Kävlinge"
    assert (result.gender, result.age_group) == ("alla", "16-29")


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"kommunkod": "", "lokalpolisomrade": ""}, "kommunkod", "lokalpolisomrade"),
        ({"kommunkod": "781"}, "kommunkod", "menade du 0781"),
        ({"kommunkod": "9999"}, "kommunkod", "okänd kommunkod"),
        ({"ar_eller_period": "23"}, "ar_eller_period", "2017/2018"),
        ({"ar_eller_period": "2018/2017"}, "ar_eller_period", "stigande"),
        ({"ar_eller_period": "1980"}, "ar_eller_period", "mellan"),
        ({"kalla": "enkät"}, "kalla", "trygghetsmatning eller ntu"),
        ({"indikator": ""}, "indikator", "anges"),
        ({"matt": "index"}, "matt", "index_0_6"),
        ({"varde": ""}, "varde", "saknas"),
        ({"varde": "6,5"}, "varde", "mellan 0 och 6"),
        ({"varde": "-0,1"}, "varde", "mellan 0 och 6"),
        ({"matt": "andel_procent", "varde": "101"}, "varde", "mellan 0 och 100"),
        ({"varde": "hög"}, "varde", "ett tal"),
        ({"kon": "båda"}, "kon", "kvinnor"),
        ({"alder": "unga"}, "alder", "16-29"),
        ({"alder": "29-16"}, "alder", "16-29"),
        ({"antal_svar": "12,5"}, "antal_svar", "heltal"),
        ({"svarsfrekvens_procent": "120"}, "svarsfrekvens_procent", "100"),
        ({"kalla_url": "javascript:alert(1)"}, "kalla_url", "http"),
    ],
)
def test_invalid_values_name_file_row_and_field(
    values: dict[str, str], field: str, fragment: str
) -> None:
    # The second row differs in indicator, so the duplicate check does not fire first.
    data = survey_csv(survey_line(), survey_line(**{"indikator": "Annat", **values}))
    with pytest.raises(SourceFormatError) as caught:
        parse_survey_results(data, "trygghet.csv")
    assert (caught.value.file, caught.value.row, caught.value.field) == ("trygghet.csv", 3, field)
    assert fragment in caught.value.message


def test_unknown_police_area_when_a_list_is_given() -> None:
    with pytest.raises(SourceFormatError, match="okänt lokalpolisområde") as caught:
        parse_survey_results(
            survey_csv(survey_line(kommunkod="", lokalpolisomrade="Atlantis")),
            "x.csv",
            known_police_areas=["Kävlinge"],
        )
    assert caught.value.field == "lokalpolisomrade"


def test_duplicate_rows_are_refused_naming_the_first() -> None:
    with pytest.raises(SourceFormatError, match="rad 2") as caught:
        parse_survey_results(survey_csv(survey_line(), survey_line(varde="2")), "x.csv")
    assert caught.value.row == 3


def test_unknown_and_missing_columns() -> None:
    with pytest.raises(SourceFormatError, match="okänd kolumn") as caught:
        parse_survey_results(survey_csv(header=SURVEY_HEADER + ";vardet"), "x.csv")
    assert (caught.value.row, caught.value.field) == (1, "vardet")
    header = SURVEY_HEADER.replace(";varde", "")
    with pytest.raises(SourceFormatError, match="obligatorisk") as caught:
        parse_survey_results(survey_csv(header=header), "x.csv")
    assert caught.value.field == "varde"


def test_row_with_extra_cells_is_refused() -> None:
    with pytest.raises(SourceFormatError, match="värden"):
        parse_survey_results(survey_csv(survey_line() + ";extra"), "x.csv")


def test_row_limit_is_enforced() -> None:
    lines = [survey_line(ar_eller_period=str(2000 + n)) for n in range(20)]
    with pytest.raises(SourceFormatError, match="fler än 10"):
        parse_survey_results(survey_csv(*lines), "x.csv", max_rows=10)


def test_xlsx_upload_with_numeric_cells() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.name for column in SURVEY_COLUMNS])
    sheet.append(
        [
            "0781",
            None,
            "Centrum",
            2024,
            "ntu",
            "Otrygghet utomhus",
            "andel_procent",
            23.5,
            "kvinnor",
            "16-29",
            312.0,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    (result,) = parse_survey_results(buffer.getvalue(), "upload.xlsx")
    assert (result.period, result.value, result.respondents, result.sub_area) == (
        "2024",
        23.5,
        312,
        "Centrum",
    )
    assert result.gender == "kvinnor"


@given(st.text(max_size=12))
def test_period_parser_raises_only_source_format_error(text: str) -> None:
    try:
        period, first, last = parse_period(text)
    except SourceFormatError:
        return
    assert first <= last
    assert period in {str(first), f"{first}/{last}"}


@given(st.binary(max_size=400))
def test_garbage_uploads_raise_only_source_format_error(data: bytes) -> None:
    for raw in (data, SURVEY_HEADER.encode() + b"\n" + data):
        with contextlib.suppress(SourceFormatError):
            parse_survey_results(raw, "fuzz.csv")


# --------------------------------------------------------------------------- dialogues


def dialogue_csv(*lines: str) -> bytes:
    return ("\n".join([DIALOGUE_HEADER, *lines]) + "\n").encode("utf-8")


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("2025-13-01;0685;medborgardialog;;Belysning;3;", "datum"),
        ("16/9 2025;0685;medborgardialog;;Belysning;3;", "datum"),
        ("2025-09-16;;medborgardialog;;Belysning;3;", "kommunkod"),
        ("2025-09-16;685;medborgardialog;;Belysning;3;", "kommunkod"),
        ("2025-09-16;0685;dialog;;Belysning;3;", "typ"),
        ("2025-09-16;0685;medborgardialog;;;3;", "amne"),
        ("2025-09-16;0685;medborgardialog;;Belysning;tre;", "roster"),
        ("2025-09-16;0685;medborgardialog;;Belysning;-3;", "roster"),
    ],
)
def test_invalid_dialogue_rows(line: str, field: str) -> None:
    with pytest.raises(SourceFormatError) as caught:
        parse_dialogue_results(dialogue_csv(line), "dialog.csv", mask=lambda text: text)
    assert (caught.value.row, caught.value.field) == (2, field)


def test_mask_sees_only_free_text_and_empty_text_is_not_masked() -> None:
    calls: list[str] = []

    def mask(text: str) -> str:
        calls.append(text)
        return text.replace("Anna Svensson", "[namn]")

    results = parse_dialogue_results(
        dialogue_csv(
            "2025-09-16;0685;Medborgardialog;Torget;Nedskräpning;5;"
            "Anna Svensson sa att det är skräpigt",
            "2025-09-16;0685;medborgardialog;Torget;Belysning;2;",
        ),
        "dialog.csv",
        mask=mask,
    )
    assert calls == ["Anna Svensson sa att det är skräpigt"]
    assert results[0].free_text == "[namn] sa att det är skräpigt"
    assert results[1].free_text == ""
    assert results[0].kind == "medborgardialog"
