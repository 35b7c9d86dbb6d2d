from __future__ import annotations

import gzip
import io
import pickle
import zipfile
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from lofte.imports.sources.common import (
    SourceFormatError,
    decode_text,
    open_maybe_gzip,
    parse_decimal,
    read_csv_table,
    read_maybe_gzip,
)
from lofte.imports.sources.spreadsheets import read_table, read_xlsx_sheets


def test_error_message_names_file_row_and_field() -> None:
    error = SourceFormatError("fil.csv", 7, "varde", "ska vara ett tal")
    assert str(error) == "fil.csv, rad 7, fält 'varde': ska vara ett tal"
    assert str(SourceFormatError("fil.csv", None, None, "tom")) == "fil.csv: tom"
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, round-trip test
    assert (copy.file, copy.row, copy.field, copy.message) == (
        "fil.csv",
        7,
        "varde",
        "ska vara ett tal",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,54", 1.54),
        ("1.54", 1.54),
        ("14 278", 14278.0),
        ("14\u00a0278", 14278.0),
        ("2 439,5", 2439.5),
        ("\u22123", -3.0),
        ("..", None),
        ("", None),
        ("1,2,3", None),
        ("inf", None),
        ("nan", None),
        ("1e400", None),
    ],
)
def test_parse_decimal(text: str, expected: float | None) -> None:
    assert parse_decimal(text) == expected


@given(st.text(max_size=30))
def test_parse_decimal_never_raises(text: str) -> None:
    parse_decimal(text)


def test_decode_text_prefers_utf8_then_windows_1252() -> None:
    assert decode_text("Älmhult".encode(), "x") == ("Älmhult", "utf-8")
    assert decode_text(b"\xef\xbb\xbf\xc3\x84", "x") == ("Ä", "utf-8-sig")
    assert decode_text("Älmhult".encode("cp1252"), "x") == ("Älmhult", "cp1252")
    assert decode_text("Ä".encode("utf-16"), "x") == ("Ä", "utf-16")
    assert decode_text(b"\x81\x8d", "x")[1] == "iso-8859-1"


def test_read_maybe_gzip_handles_members_and_limits(tmp_path: object) -> None:
    two_members = gzip.compress(b"abc") + gzip.compress(b"def")
    assert read_maybe_gzip(two_members, "x") == b"abcdef"
    assert read_maybe_gzip(b"plain", "x") == b"plain"
    with pytest.raises(SourceFormatError, match="gränsen"):
        read_maybe_gzip(b"x" * 100, "x", max_bytes=10)
    with pytest.raises(SourceFormatError, match="skräpdata"):
        read_maybe_gzip(gzip.compress(b"abc") + b"junk", "x")
    with pytest.raises(SourceFormatError, match="gzip"):
        read_maybe_gzip(b"\x1f\x8b\x08\x00garbage", "x")


def test_open_maybe_gzip(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    directory = Path(str(tmp_path))
    (directory / "a.bin").write_bytes(gzip.compress(b"hello"))
    (directory / "b.txt").write_bytes(b"hello")
    for name in ("a.bin", "b.txt"):
        with open_maybe_gzip(directory / name) as handle:
            assert handle.read() == b"hello"


def test_csv_sniffing_bom_comments_and_blank_lines() -> None:
    data = "\ufeff# kommentar\n\nA;B;C\n1;2;3\n\n4;5;6;\n".encode()
    table = read_csv_table(data, "x.csv")
    assert table.header == ("a", "b", "c")
    assert table.delimiter == ";"
    assert table.header_row == 3
    assert [row.row_number for row in table.rows] == [4, 6]
    assert table.rows[1].get("c") == "6"


def test_csv_duplicate_header_and_field_limits() -> None:
    with pytest.raises(SourceFormatError, match="mer än en gång") as caught:
        read_csv_table(b"a,b,A\n", "x.csv")
    assert caught.value.field == "a"
    with pytest.raises(SourceFormatError, match="längre än"):
        read_csv_table(b"a\n" + b"x" * 100 + b"\n", "x.csv", max_field_chars=50)
    with pytest.raises(SourceFormatError, match="tom"):
        read_csv_table(b"\n\n", "x.csv")


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_row_limit() -> None:
    data = xlsx_bytes([["a"], *[[n] for n in range(30)]])
    with pytest.raises(SourceFormatError, match="fler än 10 rader"):
        read_xlsx_sheets(data, "x.xlsx", max_rows=10)


def test_xlsx_zip_bomb_is_refused_before_parsing() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 20_000_000 + b">")
    with pytest.raises(SourceFormatError, match="zip-bomb"):
        read_xlsx_sheets(buffer.getvalue(), "bomb.xlsx")
    with pytest.raises(SourceFormatError, match="gränsen"):
        read_xlsx_sheets(buffer.getvalue(), "bomb.xlsx", max_uncompressed_bytes=1_000_000)


def test_zip_that_is_not_xlsx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hej")
    with pytest.raises(SourceFormatError, match="ingen xlsx"):
        read_table(buffer.getvalue(), "x.xlsx")


def test_read_table_xlsx_renders_cells_as_typed() -> None:
    from datetime import datetime

    data = xlsx_bytes([["Datum", "Antal", "Text"], [datetime(2025, 9, 16), 23.0, "hej"]])
    table = read_table(data, "x.xlsx")
    assert table.header == ("datum", "antal", "text")
    assert dict(table.rows[0].values) == {"datum": "2025-09-16", "antal": "23", "text": "hej"}


def test_read_table_xlsx_refuses_values_outside_header() -> None:
    with pytest.raises(SourceFormatError, match="utanför"):
        read_table(xlsx_bytes([["a"], ["1", "2"]]), "x.xlsx")


def test_source_errors_are_tabular_errors_with_the_reader_fields() -> None:
    from lofte.tabular import TabularError

    error = SourceFormatError("fil.csv", 7, "varde", "ska vara ett tal")
    assert isinstance(error, TabularError) and error.column == "varde"
    with pytest.raises(SourceFormatError) as caught:
        read_csv_table(b"a;b\n1;\x002\n", "x.csv")
    assert (caught.value.row, caught.value.code) == (2, "binary")
    assert str(caught.value).startswith("x.csv, rad 2: filen innehåller NUL-tecken")
    with pytest.raises(SourceFormatError, match="ingen xlsx-fil"):
        read_xlsx_sheets(b"a;b\n1;2\n", "x.xlsx")
