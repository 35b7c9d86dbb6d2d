"""The tabular reader: formats by content, encodings, delimiters, limits and error fields."""

from __future__ import annotations

import codecs
import datetime as dt
import pickle

import pytest

from lofte.tabular import (
    Limits,
    TabularError,
    cell_to_text,
    column_letter,
    detect_format,
    read_limited,
    read_sheets,
    read_table,
)
from lofte.tabular.tests.uploads import HTML, PDF, with_extra_part, xlsx_bytes, zip_bomb


def refused(data: bytes, file: str = "fil.csv", **kwargs: object) -> TabularError:
    with pytest.raises(TabularError) as caught:
        read_table(data, file, **kwargs)  # type: ignore[arg-type]
    return caught.value


# --------------------------------------------------------------------------- ordinary files


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b""), ("utf-16", b"")],
)
def test_csv_encodings_and_delimiters(delimiter: str, encoding: str, prefix: bytes) -> None:
    text = delimiter.join(["Plats", "Antal svar"]) + "\r\n" + delimiter.join(["Östra torget", "3"])
    table = read_table(prefix + text.encode(encoding), "lista.csv")
    assert table.format == "csv" and table.delimiter == delimiter
    assert table.header == ("plats", "antal_svar")
    assert [(row.number, dict(row.values)) for row in table.rows] == [
        (2, {"plats": "Östra torget", "antal_svar": "3"})
    ]


def test_latin1_with_a_byte_cp1252_cannot_decode() -> None:
    # 0x81 is undefined in Windows-1252 but is a (control) character in ISO-8859-1: not text.
    assert refused(b"a\n\x81\xc5\n").code == "binary"
    table = read_table("län\nÖrebro\n".encode("latin-1"), "bra.txt")
    assert table.header == ("län",) and table.rows[0].text("län") == "Örebro"


def test_comments_blank_lines_and_row_numbers_as_in_the_file() -> None:
    data = b'# mall "trygghet\n\nA;B;C\n1;2;3\n\n4;5;6;\n"x\ny";7;8\n'
    table = read_table(data, "x.csv")
    assert table.header_row == 3
    assert [row.number for row in table.rows] == [4, 6, 8]
    assert table.rows[2].values["a"] == "x\ny"


def test_xlsx_cells_come_back_typed_and_formula_text_verbatim() -> None:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["# kommentar"])
    sheet.append(["Datum", "Antal", "Text"])
    sheet.append([dt.datetime(2025, 9, 16), 23, "hej"])
    sheet.append([None, None, None])
    sheet.append([dt.datetime(2025, 9, 17, 8, 30), 2.5, None])
    sheet["C5"].value = '=HYPERLINK("http://x","klicka")'
    sheet["C5"].data_type = "s"  # text that looks like a formula, as a user may type it
    sheet.append([dt.date(2025, 9, 18), 1, '=HYPERLINK("http://x")'])  # a real formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "x.xlsx")
    assert table.format == "xlsx" and table.header == ("datum", "antal", "text")
    assert [row.number for row in table.rows] == [3, 5, 6]
    assert table.rows[0].values["datum"] == dt.datetime(2025, 9, 16)
    assert table.rows[0].text("datum") == "2025-09-16" and table.rows[0].text("antal") == "23"
    assert table.rows[1].values["text"] == '=HYPERLINK("http://x","klicka")'
    # A formula is read as the value Excel computed and stored (openpyxl stores none).
    assert "text" not in table.rows[2].values
    csv_table = read_table(b'text\n"=HYPERLINK(""http://x"",""klicka"")"\n', "x.csv")
    assert csv_table.rows[0].values["text"] == '=HYPERLINK("http://x","klicka")'


def test_format_is_decided_by_content_not_name() -> None:
    assert read_table(xlsx_bytes([["a"], [1]]), "lista.csv").format == "xlsx"
    assert read_table(b"a\n1\n", "lista.xlsx").format == "csv"
    # Optionally a file named .xlsx must be a workbook (a text file so named is broken).
    assert refused(b"a\n1\n", "lista.xlsx", check_extension=True).code == "not_xlsx"
    assert read_table(b"a\n1\n", "lista.csv", check_extension=True).format == "csv"


def test_read_sheets_reads_every_sheet_or_the_named_ones() -> None:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Ett"
    first.append(["a", None, "c"])
    first.append(["b"])
    second = workbook.create_sheet("Två")
    second.append([1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheets = read_sheets(buffer.getvalue(), "x.xlsx")
    assert [(sheet.name, sheet.index) for sheet in sheets] == [("Ett", 1), ("Två", 2)]
    assert sheets[0].rows == ((1, ("a", None, "c")), (2, ("b", None, None)))
    assert [sheet.name for sheet in read_sheets(buffer.getvalue(), "x", sheet_names={"Två"})] == [
        "Två"
    ]


# --------------------------------------------------------------------------- refused files


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (PDF, "pdf", "PDF"),
        (HTML, "html", "webbsida"),
        (b"<?xml version='1.0'?><Workbook/>", "xml", "XML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image", "bild"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image", "bild"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "office_legacy", ".xls"),
        (b"\x1f\x8b\x08\x00", "archive", "gzip"),
        (b"", "empty", "tom"),
        (b" \r\n\n", "empty", "tom"),
        (b"PK\x03\x04garbage", "corrupt_xlsx", "zip"),
    ],
)
def test_foreign_files_are_named_for_what_they_are(data: bytes, code: str, words: str) -> None:
    for name in ("lista.csv", "lista.xlsx"):
        error = refused(data, name)
        assert (error.code, error.file, error.row) == (code, name, None)
        assert words in error.message


def test_nul_bytes_name_the_line() -> None:
    error = refused(b"a;b\n1;2\n3;\x004\n")
    assert (error.code, error.row) == ("binary", 3)
    assert "NUL-tecken" in error.message and str(error).startswith("fil.csv, rad 3: ")


def test_utf16_without_bom_and_with_a_broken_bom() -> None:
    assert refused("a;b\n1;2\n".encode("utf-16-le")).code == "utf16_without_bom"
    assert refused(codecs.BOM_UTF8 + b"a\n\xff\n").code == "encoding"


def test_control_characters_are_binary() -> None:
    error = refused(b"a\n\x01\x02\x03\n")
    assert (error.code, error.row) == ("binary", 2) and "styrtecken" in error.message


@pytest.mark.parametrize(
    ("part", "code"),
    [
        ("xl/vbaProject.bin", "macros"),
        ("xl/externalLinks/externalLink1.xml", "external_links"),
        ("xl/connections.xml", "external_links"),
        ("xl/embeddings/oleObject1.bin", "embedded_objects"),
        ("xl/activeX/activeX1.xml", "macros"),
    ],
)
def test_active_or_linked_parts_are_refused(part: str, code: str) -> None:
    error = refused(with_extra_part(xlsx_bytes([["a"], [1]]), part), "x.xlsx")
    assert error.code == code and "arbetsbok" in error.message


def test_zip_bomb_is_refused_before_parsing() -> None:
    error = refused(zip_bomb(), "bomb.xlsx")
    assert error.code == "zip_bomb" and "zip-bomb" in error.message
    limits = Limits(max_uncompressed_bytes=1_000_000)
    assert refused(zip_bomb(), "bomb.xlsx", limits=limits).code == "zip_bomb"


def test_zip_that_is_not_a_workbook() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
    error = refused(buffer.getvalue(), "x.xlsx")
    assert error.code == "not_xlsx" and "Word" in error.message


@pytest.mark.parametrize("make", [lambda rows: xlsx_bytes(rows), None])
def test_row_limit_stops_one_row_past_it(make: object) -> None:
    rows = [["a"], *[[n] for n in range(1, 8)]]
    data = xlsx_bytes(rows) if make else "\n".join(str(r[0]) for r in rows).encode()
    assert len(read_table(data, "x", limits=Limits(max_rows=7)).rows) == 7
    error = refused(data, "x", limits=Limits(max_rows=6))
    assert (error.code, error.row) == ("too_many_rows", 8)
    assert "fler än 6 rader" in error.message


def test_blank_rows_in_a_sheet_are_bounded() -> None:
    data = xlsx_bytes([["a"], *([[None]] * 30), [1]])
    error = refused(data, "x.xlsx", limits=Limits(max_rows=5, max_blank_rows=10))
    assert error.code == "too_many_rows"


@pytest.mark.parametrize("as_xlsx", [False, True])
def test_long_cell_names_row_and_column(as_xlsx: bool) -> None:
    rows = [["kategori", "beskrivning"], ["Klotter", "x" * 60]]
    data = xlsx_bytes(rows) if as_xlsx else "\n".join(";".join(r) for r in rows).encode()
    error = refused(data, "r", limits=Limits(max_cell_chars=50))
    assert (error.code, error.row, error.column) == ("cell_too_long", 2, "beskrivning")
    assert str(error) == "r, rad 2, kolumn 'beskrivning': värdet är längre än 50 tecken"


def test_csv_cell_past_the_csv_module_limit() -> None:
    error = refused(b"a\n" + b"x" * 200_000 + b"\n")
    assert (error.code, error.row) == ("cell_too_long", 2)


@pytest.mark.parametrize("as_xlsx", [False, True])
def test_too_many_columns(as_xlsx: bool) -> None:
    rows = [[f"k{n}" for n in range(6)], list(range(6))]
    data = xlsx_bytes(rows) if as_xlsx else "\n".join(",".join(map(str, r)) for r in rows).encode()
    error = refused(data, "r", limits=Limits(max_columns=5))
    assert (error.code, error.row, error.column) == ("too_many_columns", 1, "F")


@pytest.mark.parametrize("as_xlsx", [False, True])
def test_header_problems(as_xlsx: bool) -> None:
    def build(rows: list[list[object]]) -> bytes:
        if as_xlsx:
            return xlsx_bytes(rows)
        return "\n".join(";".join(cell_to_text(c) for c in r) for r in rows).encode()  # type: ignore[arg-type]

    duplicate = refused(build([["a", "b", "A"]]), "r")
    assert (duplicate.code, duplicate.row, duplicate.column) == ("duplicate_column", 1, "a")
    outside = refused(build([["a", "b"], [1, 2, 3]]), "r")
    assert (outside.code, outside.row, outside.column) == ("values_outside_header", 2, "C")
    # Trailing empty cells (Excel's "1;2;") are not values outside the header.
    assert read_table(b"a;b\n1;2;;\n", "r").rows[0].values == {"a": "1", "b": "2"}


def test_read_limited_stops_one_byte_past_the_limit() -> None:
    import io

    stream = io.BytesIO(b"x" * 100)
    assert read_limited(stream, "f", Limits(max_bytes=100)) == b"x" * 100
    with pytest.raises(TabularError) as caught:
        read_limited(io.BytesIO(b"x" * 101), "f", Limits(max_bytes=100))
    assert caught.value.code == "too_large"
    assert detect_format(b"a", "f", Limits(max_bytes=100)) == "csv"
    assert refused(b"a\n" * 60, "f", limits=Limits(max_bytes=100)).code == "too_large"


def test_error_round_trips_through_pickle_and_renders_in_swedish() -> None:
    error = TabularError("f.csv", "fel", code="binary", row=3, column="B")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, round-trip test
    assert (copy.file, copy.message, copy.code, copy.row, copy.column) == (
        "f.csv",
        "fel",
        "binary",
        3,
        "B",
    )
    assert str(copy) == "f.csv, rad 3, kolumn 'B': fel"


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
