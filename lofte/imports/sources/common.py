"""Shared building blocks for the pure source parsers.

Everything here is Django-free and returns plain dataclasses. The readers are written for
untrusted uploads: every entry point takes explicit size and row limits and gzip streams are
decompressed with a ceiling. Tables (CSV or XLSX, decided by content) and text encodings are
read by the shared pure reader :mod:`lofte.tabular`; its errors become
:class:`SourceFormatError` here. Worksheets are read by :mod:`lofte.imports.sources.spreadsheets`.
"""

from __future__ import annotations

import gzip
import math
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final, Protocol, cast

from lofte.tabular import Limits, TabularError, cell_to_text, decode_bytes, normalise_header
from lofte.tabular import read_table as read_tabular_upload

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ROWS",
    "CsvTable",
    "ParsedRecord",
    "SourceFormatError",
    "TableRow",
    "decode_text",
    "from_tabular_error",
    "is_gzip",
    "normalise_header",
    "open_maybe_gzip",
    "parse_decimal",
    "read_csv_table",
    "read_maybe_gzip",
]

DEFAULT_MAX_BYTES: Final = 256 * 1024 * 1024
"""Ceiling for decompressed input (256 MiB), well above the 70k-event archive (~25 MB)."""

DEFAULT_MAX_ROWS: Final = 200_000
"""Ceiling for table rows in an uploaded CSV/XLSX file."""

MAX_FIELD_CHARS: Final = 20_000
"""Longest single CSV/XLSX cell we accept (dialogue free text is the longest real field)."""

GZIP_MAGIC: Final = b"\x1f\x8b"


class SourceFormatError(TabularError):
    """A source file does not have the documented format.

    ``message`` is Swedish and meant for the person who uploaded or scheduled the import;
    ``str(error)`` names file, row and field, e.g.
    ``"handelser.json, rad 12, fält 'datetime': ogiltig tidpunkt '2026-13-01 7:00:00 +01:00'"``.
    ``row`` is 1-based (the data row or JSON-lines line; for CSV/XLSX the physical line/row
    number including the header), ``None`` when the problem concerns the whole file.
    A :class:`~lofte.tabular.TabularError` (its ``column`` is the ``field`` here), so callers
    of the shared reader and of the source parsers handle one kind of error.
    """

    column_label = "fält"

    def __init__(
        self, file: str, row: int | None, field: str | None, message: str, *, code: str = "format"
    ) -> None:
        super().__init__(file, message, code=code, row=row, column=field)

    @property
    def field(self) -> str | None:
        return self.column

    def __reduce__(self) -> tuple[type[SourceFormatError], tuple[str, int | None, str | None, str]]:
        return (type(self), (self.file, self.row, self.field, self.message))


class ParsedRecord(Protocol):
    """What every record returned by a parser in this package carries.

    ``source_name`` is the file name or URL the caller passed in; ``row_number`` is the
    1-based position in that source (see :class:`SourceFormatError`), so an import run can
    point a reviewer at the exact line.
    """

    @property
    def source_name(self) -> str: ...

    @property
    def row_number(self) -> int: ...


def _truncate(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- bytes in


def is_gzip(data: bytes) -> bool:
    """True when ``data`` starts with the gzip magic bytes."""
    return data[:2] == GZIP_MAGIC


def read_maybe_gzip(data: bytes, source_name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Return ``data`` gunzipped if it starts with the gzip magic, else unchanged.

    Decompression stops with :class:`SourceFormatError` as soon as the output would pass
    ``max_bytes`` (gzip bombs), and on corrupt streams. Concatenated gzip members are
    supported. Uncompressed input longer than ``max_bytes`` is rejected too.
    """
    if not is_gzip(data):
        if len(data) > max_bytes:
            raise SourceFormatError(
                source_name, None, None, f"filen är större än gränsen {max_bytes} byte"
            )
        return data
    out = bytearray()
    remaining = data
    try:
        while remaining:
            decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
            pending = remaining
            while True:
                # max_length is always >= 1 here (0 would mean "unlimited" to zlib).
                out += decompressor.decompress(pending, max_bytes + 1 - len(out))
                if len(out) > max_bytes:
                    raise SourceFormatError(
                        source_name,
                        None,
                        None,
                        f"uppackad gzip-data är större än gränsen {max_bytes} byte",
                    )
                pending = decompressor.unconsumed_tail
                if not pending or decompressor.eof:
                    break
            if not decompressor.eof:
                raise SourceFormatError(
                    source_name, None, None, "gzip-strömmen är avkortad eller skadad"
                )
            remaining = decompressor.unused_data.lstrip(b"\x00")
            if remaining and not is_gzip(remaining):
                raise SourceFormatError(source_name, None, None, "skräpdata efter gzip-strömmen")
    except zlib.error as error:
        raise SourceFormatError(
            source_name, None, None, f"gzip-strömmen kan inte packas upp ({error})"
        ) from error
    return bytes(out)


def open_maybe_gzip(path: str | Path) -> IO[bytes]:
    """Open a file for binary reading, transparently gunzipping it when it is gzip.

    Detection is by magic bytes, not by file name. The caller closes the returned stream.
    Use :func:`read_maybe_gzip` for untrusted input: it enforces a size ceiling.
    """
    raw = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    head = raw.read(2)
    raw.seek(0)
    if head == GZIP_MAGIC:
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
    return raw


def from_tabular_error(error: TabularError) -> SourceFormatError:
    """The same problem as a :class:`SourceFormatError` (column → field)."""
    return SourceFormatError(error.file, error.row, error.column, error.message, code=error.code)


def decode_text(data: bytes | str, source_name: str) -> tuple[str, str]:
    """Decode bytes to text: BOM first, then UTF-8, Windows-1252, ISO-8859-1.

    Returns ``(text, encoding)``. Brå's SOL exports are ISO-8859-1; Excel on Swedish
    Windows saves CSV as Windows-1252; everything else is UTF-8. Detection is
    :func:`lofte.tabular.decode_bytes` (NUL bytes without a UTF-16 BOM are refused).
    """
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), "str"
    try:
        return decode_bytes(data, source_name)
    except TabularError as error:
        raise from_tabular_error(error) from error


# --------------------------------------------------------------------------- numbers

_DECIMAL_RE: Final = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def parse_decimal(text: str) -> float | None:
    """Parse a Swedish or English decimal: ``"1,54"``, ``"1.54"``, ``"14 278"``, ``"−3"``.

    Thin spaces, non-breaking spaces and ordinary spaces are thousands separators; a single
    comma is the decimal mark; the Unicode minus sign is accepted. Returns ``None`` for text
    that is not a finite number (never raises).
    """
    cleaned = (
        text.strip()
        .replace("\u2212", "-")
        .replace("\u00a0", "")
        .replace("\u202f", "")
        .replace("\u2009", "")
        .replace(" ", "")
    )
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not _DECIMAL_RE.match(cleaned):
        return None
    value = float(cleaned)
    return value if math.isfinite(value) else None


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class TableRow:
    """One data row of a CSV/XLSX table, keyed by normalised header names.

    ``row_number`` is the physical line (CSV) or worksheet row (XLSX), 1-based, header
    included, so it matches what the user sees in Excel.
    """

    row_number: int
    values: Mapping[str, str]

    def get(self, column: str) -> str:
        """The stripped cell text, ``""`` when the column is absent or empty."""
        return self.values.get(column, "").strip()


@dataclass(frozen=True, slots=True)
class CsvTable:
    """A decoded table: normalised header, data rows and how the file was read."""

    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    delimiter: str
    encoding: str
    header_row: int = 1


def read_csv_table(
    data: bytes | str,
    source_name: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_field_chars: int = MAX_FIELD_CHARS,
) -> CsvTable:
    """Read a table with a header row: CSV (any delimiter/encoding) or XLSX, by content.

    Gzip input is unpacked first (with the ``max_bytes`` ceiling); the rest is
    :func:`lofte.tabular.read_table`: delimiter ``;``, ``,`` or tab sniffed from the header
    line, encoding detected, blank lines and ``#`` comment lines before the header skipped,
    an XLSX read from its first sheet with cells rendered by
    :func:`~lofte.tabular.cell_to_text`.

    Raises :class:`SourceFormatError` for empty files, duplicate headers, rows with values
    right of the header, fields over ``max_field_chars`` characters, more than ``max_rows``
    data rows, and files that are no table (PDF, HTML, binary, zip bombs …).
    """
    if isinstance(data, str):
        if len(data) > max_bytes:
            raise SourceFormatError(
                source_name, None, None, f"filen är större än gränsen {max_bytes} byte"
            )
        data, given_as = data.encode("utf-8"), "str"
    else:
        data, given_as = read_maybe_gzip(data, source_name, max_bytes=max_bytes), ""
    limits = Limits(max_bytes=max_bytes, max_rows=max_rows, max_cell_chars=max_field_chars)
    try:
        table = read_tabular_upload(data, source_name, limits=limits)
    except TabularError as error:
        raise from_tabular_error(error) from error
    rows = tuple(
        TableRow(
            row_number=row.number,
            values={column: cell_to_text(value) for column, value in row.values.items()},
        )
        for row in table.rows
    )
    return CsvTable(
        header=table.header,
        rows=rows,
        delimiter=table.delimiter,
        encoding=given_as or table.encoding,
        header_row=table.header_row,
    )


def describe(value: object) -> str:
    """Short quoted rendering of a bad value for an error message."""
    return repr(_truncate(value))
