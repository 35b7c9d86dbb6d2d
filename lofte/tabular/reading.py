"""Reading CSV and XLSX uploads into rows of cells, with limits, by content.

Cells are returned as typed (XLSX numbers, dates and text as openpyxl gives them; CSV cells
as text) and are never altered: a cell such as ``=HYPERLINK(…)`` comes back verbatim. Writers
of CSV exports neutralise formulas; readers validate each column for what it must hold.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, Final, Protocol

from lofte.tabular.errors import TabularError
from lofte.tabular.limits import DEFAULT_LIMITS, Limits
from lofte.tabular.sniff import Format, check_xlsx_archive, decode_text, detect_format

__all__ = [
    "Cell",
    "Sheet",
    "Table",
    "TableRow",
    "cell_to_text",
    "column_letter",
    "normalise_header",
    "read_limited",
    "read_sheets",
    "read_table",
]

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
"""A cell: text for CSV; for XLSX what openpyxl returns in read-only, values-only mode."""

RawRow = tuple[int, tuple[Cell, ...]]

_DELIMITERS: Final = (";", ",", "\t")
_UNREADABLE_XLSX: Final = "xlsx-filen kan inte läsas (den är skadad eller av annat slag)"


class SupportsRead(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet (a CSV file is one sheet): name, 1-based position, non-empty rows.

    ``rows`` holds ``(row_number, cells)`` pairs; ``cells`` is padded to the same width for
    all rows of the sheet, with trailing empty columns removed.
    """

    name: str
    index: int
    rows: tuple[RawRow, ...]


@dataclass(frozen=True, slots=True)
class TableRow:
    """One data row keyed by header name; ``number`` is the row the user sees (header = 1)."""

    number: int
    values: Mapping[str, Cell]

    def text(self, column: str) -> str:
        """The cell as stripped text (see :func:`cell_to_text`), ``""`` when absent."""
        return cell_to_text(self.values.get(column)).strip()


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row, read from the first sheet of a CSV or XLSX upload.

    ``header`` holds the normalised names (``""`` for an unnamed column); ``delimiter`` and
    ``encoding`` say how a CSV file was read (``"xlsx"`` for both when it was a workbook).
    """

    file: str
    format: Format
    header: tuple[str, ...]
    header_row: int
    rows: tuple[TableRow, ...]
    delimiter: str
    encoding: str


# --------------------------------------------------------------------------- helpers


def normalise_header(name: str) -> str:
    """Lower-case, trim, spaces/hyphens/slashes to ``_``: ``" Antal svar"`` → ``"antal_svar"``."""
    return re.sub(r"[\s\-/]+", "_", name.strip().lower()).strip("_")


def column_letter(index: int) -> str:
    """Excel's name of a 0-based column index: 0 → ``A``, 26 → ``AA``."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_to_text(value: Cell) -> str:
    """Render a cell as the text a user typed: ``2023.0`` → ``"2023"``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sant" if value else "falskt"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _trim(cells: list[Cell]) -> list[Cell]:
    while cells and _is_blank(cells[-1]):
        cells.pop()
    return cells


def read_limited(
    stream: SupportsRead | IO[bytes], file: str, limits: Limits = DEFAULT_LIMITS
) -> bytes:
    """Read an upload stream, refusing it once it passes ``limits.max_bytes``.

    Reads at most one byte past the limit, so an oversized upload is never held whole.
    """
    data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise TabularError(
            file, f"filen är större än gränsen {limits.max_bytes} byte", code="too_large"
        )
    return data


# --------------------------------------------------------------------------- CSV


def _sniff_delimiter(line: str) -> str:
    counts = {delimiter: line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > 0 else ","


def _csv_rows(
    text: str, file: str, limits: Limits, comment_prefix: str | None
) -> tuple[str, Iterator[RawRow]]:
    """Split off blank and comment lines before the first row; sniff its delimiter.

    Returns the delimiter and an iterator of ``(line number, cells)`` of the non-blank rows.
    Comment lines are skipped as text, so a stray quote in them cannot swallow data lines.
    """
    stream = io.StringIO(text, newline="")
    skipped = 0
    for line in stream:
        if line.strip() and not (comment_prefix and line.startswith(comment_prefix)):
            first = line
            break
        skipped += 1
    else:
        raise TabularError(file, "filen är tom (ingen rubrikrad)", code="no_header")
    delimiter = _sniff_delimiter(first)

    def rows() -> Iterator[RawRow]:
        reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter)
        try:
            for cells in reader:
                trimmed = _trim(list[Cell](cells))
                if trimmed:
                    yield skipped + reader.line_num, tuple(trimmed)
        except csv.Error as error:
            line = skipped + reader.line_num
            if "field larger than field limit" in str(error):
                raise TabularError(
                    file,
                    f"ett värde är längre än {limits.max_cell_chars} tecken",
                    code="cell_too_long",
                    row=line,
                ) from error
            raise TabularError(
                file, f"felaktig CSV ({error})", code="csv_malformed", row=line
            ) from error

    return delimiter, rows()


# --------------------------------------------------------------------------- XLSX


@contextmanager
def _open_workbook(data: bytes, file: str, limits: Limits) -> Iterator[Any]:
    from openpyxl import load_workbook  # heavy import, only paid for workbooks

    check_xlsx_archive(data, file, limits)
    try:
        # read_only streams the XML (openpyxl uses defusedxml, a dependency, against entity
        # expansion); data_only gives the values Excel computed; keep_links=False ignores
        # external links (refused by check_xlsx_archive anyway).
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many unrelated types for bad files
        raise TabularError(file, _UNREADABLE_XLSX, code="corrupt_xlsx") from error
    try:
        yield workbook
    finally:
        workbook.close()


def _xlsx_rows(worksheet: Any, file: str, limits: Limits) -> Iterator[RawRow]:
    """Non-empty rows of a worksheet; stops with an error past the row or column limit."""
    row_limit = limits.max_rows + limits.max_blank_rows + 1
    try:
        for number, values in enumerate(
            worksheet.iter_rows(max_col=limits.max_columns + 1, values_only=True), start=1
        ):
            if number > row_limit:
                raise TabularError(
                    file,
                    f"bladet {worksheet.title!r} har fler än {limits.max_rows} rader",
                    code="too_many_rows",
                    row=number,
                )
            cells = _trim([_cell(value) for value in values])
            if cells:
                yield number, tuple(cells)
    except TabularError:
        raise
    except Exception as error:  # malformed sheet XML surfaces while iterating
        raise TabularError(file, _UNREADABLE_XLSX, code="corrupt_xlsx") from error


def _cell(value: object) -> Cell:
    if value is None or isinstance(
        value, str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta
    ):
        return value
    return str(value)


# --------------------------------------------------------------------------- checks


def _check_row(
    file: str, number: int, cells: tuple[Cell, ...], limits: Limits, names: tuple[str, ...] = ()
) -> None:
    if len(cells) > limits.max_columns:
        raise TabularError(
            file,
            f"raden har fler än {limits.max_columns} kolumner",
            code="too_many_columns",
            row=number,
            column=column_letter(limits.max_columns),
        )
    for index, value in enumerate(cells):
        if isinstance(value, str) and len(value) > limits.max_cell_chars:
            name = names[index] if index < len(names) and names[index] else column_letter(index)
            raise TabularError(
                file,
                f"värdet är längre än {limits.max_cell_chars} tecken",
                code="cell_too_long",
                row=number,
                column=name,
            )


def _too_many_rows(file: str, number: int, limits: Limits) -> TabularError:
    return TabularError(
        file,
        f"filen har fler än {limits.max_rows} rader (högst {limits.max_rows} rader per fil)",
        code="too_many_rows",
        row=number,
    )


# --------------------------------------------------------------------------- entry points


def read_sheets(
    data: bytes,
    file: str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    sheet_names: set[str] | None = None,
) -> tuple[Sheet, ...]:
    """Read every worksheet (or those in ``sheet_names``) of an upload without a header notion.

    A CSV upload is one sheet named after ``file``. Each sheet may hold at most
    ``limits.max_rows`` non-empty rows; reading stops at the first row past it.
    Raises :class:`TabularError`.
    """
    sheets: list[Sheet] = []
    if detect_format(data, file, limits) == "csv":
        text, _encoding = decode_text(data, file)
        _delimiter, iterator = _csv_rows(text, file, limits, None)
        sheets.append(Sheet(name=file, index=1, rows=_collect(iterator, file, limits)))
        return tuple(sheets)
    with _open_workbook(data, file, limits) as workbook:
        for index, worksheet in enumerate(workbook.worksheets, start=1):
            if sheet_names is not None and worksheet.title not in sheet_names:
                continue
            rows = _collect(_xlsx_rows(worksheet, file, limits), file, limits)
            sheets.append(Sheet(name=worksheet.title, index=index, rows=rows))
    return tuple(sheets)


def _collect(iterator: Iterator[RawRow], file: str, limits: Limits) -> tuple[RawRow, ...]:
    rows: list[RawRow] = []
    for number, cells in iterator:
        _check_row(file, number, cells, limits)
        if len(rows) >= limits.max_rows:
            raise _too_many_rows(file, number, limits)
        rows.append((number, cells))
    width = max((len(cells) for _number, cells in rows), default=0)
    return tuple((number, cells + (None,) * (width - len(cells))) for number, cells in rows)


def read_table(
    data: bytes,
    file: str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    normalise: Callable[[str], str] = normalise_header,
    comment_prefix: str | None = "#",
    check_extension: bool = False,
) -> Table:
    """Read the first sheet of a CSV or XLSX upload as a table with one header row.

    1. The format is decided by content (:func:`~lofte.tabular.sniff.detect_format`); CSV
       text is decoded by :func:`~lofte.tabular.sniff.decode_text` and its delimiter
       (``;``, ``,`` or tab) sniffed from the header line.
    2. Blank rows, and rows starting with ``comment_prefix`` before the header, are skipped.
       The header names pass through ``normalise``; empty names mark ignored columns;
       a name given twice is refused.
    3. Data rows must not have values right of the header, more than ``max_columns`` cells or
       a cell over ``max_cell_chars``; reading stops at the first row past ``max_rows``.

    The name never makes a file acceptable. With ``check_extension`` a file named ``.xlsx``
    whose content is no workbook is refused as broken instead of being read as text.

    Raises :class:`TabularError` naming file, row and column.
    """
    fmt = detect_format(data, file, limits)
    if fmt == "csv":
        text, encoding = decode_text(data, file)
        if check_extension and file.lower().endswith((".xlsx", ".xlsm")):
            raise TabularError(
                file,
                "filen heter .xlsx men är ingen Excel-arbetsbok (den är skadad eller av annat "
                "slag)",
                code="not_xlsx",
            )
        delimiter, iterator = _csv_rows(text, file, limits, comment_prefix)
        return _table(file, fmt, iterator, limits, normalise, comment_prefix, delimiter, encoding)
    with _open_workbook(data, file, limits) as workbook:
        if not workbook.worksheets:
            raise TabularError(file, "xlsx-filen har inga blad", code="no_sheets")
        iterator = _xlsx_rows(workbook.worksheets[0], file, limits)
        return _table(file, fmt, iterator, limits, normalise, comment_prefix, "xlsx", "xlsx")


def _table(
    file: str,
    fmt: Format,
    iterator: Iterator[RawRow],
    limits: Limits,
    normalise: Callable[[str], str],
    comment_prefix: str | None,
    delimiter: str,
    encoding: str,
) -> Table:
    header: tuple[str, ...] | None = None
    header_row = 0
    rows: list[TableRow] = []
    for number, cells in iterator:
        if header is None:
            if comment_prefix and cell_to_text(cells[0]).startswith(comment_prefix):
                continue
            _check_row(file, number, cells, limits)
            header_row = number
            names = [normalise(cell_to_text(cell)) for cell in cells]
            while names and not names[-1]:
                names.pop()
            header = tuple(names)
            repeated = sorted({name for name in header if name and header.count(name) > 1})
            if repeated:
                raise TabularError(
                    file,
                    "kolumnen förekommer mer än en gång i rubrikraden",
                    code="duplicate_column",
                    row=number,
                    column=repeated[0],
                )
            continue
        _check_row(file, number, cells, limits, header)
        if len(cells) > len(header):
            raise TabularError(
                file,
                f"raden har värden utanför de {len(header)} kolumner som rubrikraden har",
                code="values_outside_header",
                row=number,
                column=column_letter(len(header)),
            )
        if len(rows) >= limits.max_rows:
            raise _too_many_rows(file, number, limits)
        values = {name: cell for name, cell in zip(header, cells, strict=False) if name}
        rows.append(TableRow(number=number, values=values))
    if header is None:
        raise TabularError(file, "filen är tom (ingen rubrikrad)", code="no_header")
    return Table(
        file=file,
        format=fmt,
        header=header,
        header_row=header_row,
        rows=tuple(rows),
        delimiter=delimiter,
        encoding=encoding,
    )
