"""Spreadsheet reading for the source parsers: xlsx worksheets and CSV-or-XLSX template uploads.

Both are thin adapters over the shared pure reader :mod:`lofte.tabular` (format by content,
zip-bomb and active-part checks before openpyxl opens a workbook, limits), turning its
:class:`~lofte.tabular.TabularError` into :class:`SourceFormatError`.
"""

from __future__ import annotations

from lofte.imports.sources.common import (
    DEFAULT_MAX_ROWS,
    MAX_FIELD_CHARS,
    CsvTable,
    SourceFormatError,
    from_tabular_error,
    read_csv_table,
)
from lofte.tabular import (
    Cell,
    Limits,
    Sheet,
    TabularError,
    cell_to_text,
    detect_format,
    read_sheets,
)

__all__ = ["CellValue", "XlsxSheet", "cell_to_text", "read_table", "read_xlsx_sheets"]

CellValue = Cell
"""A cell as openpyxl returns it in read-only, values-only mode."""

XlsxSheet = Sheet
"""One worksheet: name, 1-based position and its non-empty ``(row_number, cells)`` rows."""


def read_xlsx_sheets(
    data: bytes,
    source_name: str,
    *,
    sheet_names: set[str] | None = None,
    max_bytes: int = 50 * 1024 * 1024,
    max_uncompressed_bytes: int = 200 * 1024 * 1024,
    max_ratio: int = 100,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_columns: int = 200,
    max_field_chars: int = MAX_FIELD_CHARS,
) -> list[XlsxSheet]:
    """Read worksheets of an xlsx file with hard limits (see :class:`lofte.tabular.Limits`).

    Anything that is not a workbook by content is refused; archives that would unpack past
    ``max_uncompressed_bytes`` or compress better than ``max_ratio``:1 (zip bombs) and
    workbooks with macros or external links are refused before any XML is parsed. A sheet
    with more than ``max_rows`` non-empty rows, a row wider than ``max_columns`` or a cell
    over ``max_field_chars`` characters is refused. ``sheet_names`` limits reading to those
    sheets. Raises :class:`SourceFormatError`.
    """
    limits = Limits(
        max_bytes=max_bytes,
        max_uncompressed_bytes=max_uncompressed_bytes,
        max_ratio=max_ratio,
        max_rows=max_rows,
        max_columns=max_columns,
        max_cell_chars=max_field_chars,
    )
    try:
        is_workbook = detect_format(data, source_name, limits) == "xlsx"
        sheets = (
            read_sheets(data, source_name, limits=limits, sheet_names=sheet_names)
            if is_workbook
            else ()
        )
    except TabularError as error:
        raise from_tabular_error(error) from error
    if not is_workbook:
        raise SourceFormatError(
            source_name, None, None, "filen är ingen xlsx-fil (Excel-arbetsbok)"
        )
    return list(sheets)


def read_table(
    data: bytes,
    source_name: str,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_bytes: int = 50 * 1024 * 1024,
) -> CsvTable:
    """Read a template upload that is either CSV (any delimiter/encoding) or XLSX.

    The format is decided by content; an XLSX is read from its first worksheet, the first
    non-empty row not starting with ``#`` is the header, and cells are rendered with
    :func:`cell_to_text`. Same result and errors as :func:`read_csv_table`.
    """
    return read_csv_table(data, source_name, max_rows=max_rows, max_bytes=max_bytes)
