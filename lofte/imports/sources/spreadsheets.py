"""Spreadsheet reading with limits: xlsx worksheets and CSV-or-XLSX template uploads.

Split from :mod:`lofte.imports.sources.common` (which holds the errors and the gzip, text
and CSV readers). Everything here treats its input as hostile: see :func:`read_xlsx_sheets`.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

from lofte.imports.sources.common import (
    DEFAULT_MAX_ROWS,
    MAX_FIELD_CHARS,
    CsvTable,
    SourceFormatError,
    TableRow,
    is_xlsx,
    normalise_header,
    read_csv_table,
)

__all__ = ["CellValue", "XlsxSheet", "cell_to_text", "read_table", "read_xlsx_sheets"]

CellValue = str | int | float | bool | datetime | date | time | None
"""A cell as openpyxl returns it in read-only, values-only mode."""


@dataclass(frozen=True, slots=True)
class XlsxSheet:
    """One worksheet: its name, 1-based position and its non-empty rows.

    ``rows`` holds ``(row_number, cells)`` pairs; ``cells`` is a tuple padded to the same
    width for all rows of the sheet, with trailing empty columns removed.
    """

    name: str
    index: int
    rows: tuple[tuple[int, tuple[CellValue, ...]], ...]


def _check_zip_archive(
    data: bytes, source_name: str, *, max_uncompressed_bytes: int, max_ratio: int
) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise SourceFormatError(
            source_name, None, None, "filen är inte en giltig xlsx-fil (zip-arkivet är trasigt)"
        ) from error
    with archive:
        members = archive.infolist()
        if len(members) > 10_000:
            raise SourceFormatError(
                source_name, None, None, "xlsx-filen innehåller orimligt många delar"
            )
        total = 0
        for member in members:
            total += member.file_size
            if total > max_uncompressed_bytes:
                raise SourceFormatError(
                    source_name,
                    None,
                    None,
                    f"uppackad xlsx-fil blir större än gränsen {max_uncompressed_bytes} byte",
                )
            if member.file_size > 1024 * 1024 and member.file_size > max_ratio * max(
                member.compress_size, 1
            ):
                raise SourceFormatError(
                    source_name,
                    None,
                    None,
                    f"delen {member.filename!r} packas upp misstänkt mycket (zip-bomb?)",
                )
        if "[Content_Types].xml" not in archive.namelist():
            raise SourceFormatError(
                source_name, None, None, "filen är ett zip-arkiv men ingen xlsx-fil"
            )


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
    """Read worksheets of an xlsx file with hard limits.

    1. Reject files over ``max_bytes`` and archives whose members would unpack past
       ``max_uncompressed_bytes`` or compress better than ``max_ratio``:1 (zip bombs).
    2. Open with openpyxl in ``read_only`` + ``data_only`` mode (streams the XML; openpyxl
       uses defusedxml when installed, which blocks entity expansion).
    3. Read at most ``max_columns`` columns; fail once a sheet passes ``max_rows`` rows or a
       text cell passes ``max_field_chars`` characters. Fully empty rows are skipped.

    ``sheet_names`` limits reading to those sheets (others are skipped, not parsed).
    """
    from openpyxl import load_workbook  # heavy import, only paid by xlsx callers

    if len(data) > max_bytes:
        raise SourceFormatError(
            source_name, None, None, f"filen är större än gränsen {max_bytes} byte"
        )
    _check_zip_archive(
        data, source_name, max_uncompressed_bytes=max_uncompressed_bytes, max_ratio=max_ratio
    )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SourceFormatError:
        raise
    except Exception as error:  # openpyxl raises many unrelated types for bad files
        raise SourceFormatError(
            source_name, None, None, f"xlsx-filen kan inte läsas ({type(error).__name__})"
        ) from error
    sheets: list[XlsxSheet] = []
    try:
        for index, worksheet in enumerate(workbook.worksheets, start=1):
            if sheet_names is not None and worksheet.title not in sheet_names:
                continue
            rows: list[tuple[int, tuple[CellValue, ...]]] = []
            width = 0
            for row_number, cells in enumerate(
                worksheet.iter_rows(max_col=max_columns, values_only=True), start=1
            ):
                if row_number > max_rows + 50:
                    raise SourceFormatError(
                        source_name,
                        row_number,
                        None,
                        f"bladet {worksheet.title!r} har fler än {max_rows} rader",
                    )
                values: list[CellValue] = list(cells)
                if all(
                    value is None or (isinstance(value, str) and not value.strip())
                    for value in values
                ):
                    continue
                for value in values:
                    if isinstance(value, str) and len(value) > max_field_chars:
                        raise SourceFormatError(
                            source_name,
                            row_number,
                            None,
                            f"en cell i bladet {worksheet.title!r} är längre än "
                            f"{max_field_chars} tecken",
                        )
                while values and values[-1] is None:
                    values.pop()
                width = max(width, len(values))
                rows.append((row_number, tuple(values)))
                if len(rows) > max_rows:
                    raise SourceFormatError(
                        source_name,
                        row_number,
                        None,
                        f"bladet {worksheet.title!r} har fler än {max_rows} rader",
                    )
            padded = tuple(
                (number, cells + (None,) * (width - len(cells))) for number, cells in rows
            )
            sheets.append(XlsxSheet(name=worksheet.title, index=index, rows=padded))
    except SourceFormatError:
        raise
    except Exception as error:
        raise SourceFormatError(
            source_name, None, None, f"xlsx-filen kan inte läsas ({type(error).__name__})"
        ) from error
    finally:
        workbook.close()
    return sheets


def cell_to_text(value: CellValue) -> str:
    """Render a cell as the text a user typed: ``2023.0`` → ``"2023"``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sant" if value else "falskt"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def read_table(
    data: bytes,
    source_name: str,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_bytes: int = 50 * 1024 * 1024,
) -> CsvTable:
    """Read a template upload that is either CSV (any delimiter/encoding) or XLSX.

    XLSX is recognised by its zip magic bytes; its first worksheet is used, the first
    non-empty row not starting with ``#`` is the header, and cells are rendered with
    :func:`cell_to_text`. The result has the same shape as :func:`read_csv_table`.
    """
    if not is_xlsx(data):
        return read_csv_table(data, source_name, max_rows=max_rows, max_bytes=max_bytes)
    sheets = read_xlsx_sheets(data, source_name, max_rows=max_rows, max_bytes=max_bytes)
    if not sheets:
        raise SourceFormatError(source_name, None, None, "xlsx-filen har inga blad")
    header: tuple[str, ...] | None = None
    header_row = 1
    rows: list[TableRow] = []
    for row_number, cells in sheets[0].rows:
        texts = [cell_to_text(cell) for cell in cells]
        if header is None:
            if texts and texts[0].startswith("#"):
                continue
            header_row = row_number
            header = tuple(normalise_header(text) for text in texts)
            while header and header[-1] == "":
                header = header[:-1]
            duplicates = sorted({name for name in header if name and header.count(name) > 1})
            if duplicates:
                raise SourceFormatError(
                    source_name,
                    row_number,
                    duplicates[0],
                    "kolumnen förekommer mer än en gång i rubrikraden",
                )
            continue
        if any(text.strip() for text in texts[len(header) :]):
            raise SourceFormatError(
                source_name,
                row_number,
                None,
                f"raden har värden utanför de {len(header)} rubricerade kolumnerna",
            )
        values = {column: text for column, text in zip(header, texts, strict=False) if column}
        rows.append(TableRow(row_number=row_number, values=values))
    if header is None:
        raise SourceFormatError(source_name, None, None, "filen är tom (ingen rubrikrad)")
    return CsvTable(
        header=header,
        rows=tuple(rows),
        delimiter="xlsx",
        encoding="xlsx",
        header_row=header_row,
    )
