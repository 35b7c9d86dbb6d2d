"""Property tests: whatever the bytes, the reader answers with a table or a TabularError."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lofte.tabular import Limits, TabularError, read_sheets, read_table
from lofte.tabular.tests.uploads import xlsx_bytes

SMALL = Limits(max_rows=50, max_columns=20, max_cell_chars=200, max_bytes=20_000)
PREFIXES = [b"", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"%PDF-", b"<html>", b"a;b\n"]


def read_or_refuse(data: bytes) -> None:
    for reader in (read_table, read_sheets):
        try:
            reader(data, "slump.csv", limits=SMALL)
        except TabularError as error:
            assert error.message and error.code and error.file == "slump.csv"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PREFIXES), st.binary(max_size=2_000))
def test_random_bytes_give_a_table_or_a_tabular_error(prefix: bytes, data: bytes) -> None:
    read_or_refuse(prefix + data)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=1_000))
def test_random_text_gives_a_table_or_a_tabular_error(text: str) -> None:
    read_or_refuse(text.encode("utf-8"))


VALID_XLSX = xlsx_bytes([["a", "b"], [1, "x"], [2, "y"]])


@settings(max_examples=100, deadline=None)
@given(st.integers(0, len(VALID_XLSX) - 1), st.binary(min_size=1, max_size=8))
def test_corrupted_workbooks_give_a_table_or_a_tabular_error(position: int, noise: bytes) -> None:
    read_or_refuse(VALID_XLSX[:position] + noise + VALID_XLSX[position + len(noise) :])


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=500), st.binary(max_size=500))
def test_workbook_shaped_zips_with_random_parts(sheet: bytes, workbook: bytes) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", VALID_CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    read_or_refuse(buffer.getvalue())


with zipfile.ZipFile(io.BytesIO(VALID_XLSX)) as _archive:
    VALID_CONTENT_TYPES = _archive.read("[Content_Types].xml")
