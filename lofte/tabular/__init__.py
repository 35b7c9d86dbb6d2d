"""Reading tabular uploads (CSV and XLSX) safely: one pure, typed module for every app.

No Django here (checked by import-linter, contract "tabular-pure"), so the EST report
import, the promise activity import and the official-source parsers all use it. The format
is decided by content, never by the file name; every read has limits (:class:`Limits`);
every problem is a :class:`TabularError` with file, row, column, a Swedish message and a
stable ``code``. Cells are returned as typed and never altered.

Entry points: :func:`read_table` (one header row, the usual upload), :func:`read_sheets`
(every worksheet, no header notion), :func:`read_limited` (read an upload stream with the
size limit), :func:`detect_format`, :func:`decode_text` and :func:`decode_bytes` (content sniffing).
"""

from __future__ import annotations

from lofte.tabular.errors import TabularError
from lofte.tabular.limits import DEFAULT_LIMITS, Limits
from lofte.tabular.reading import (
    Cell,
    Sheet,
    Table,
    TableRow,
    cell_to_text,
    column_letter,
    normalise_header,
    read_limited,
    read_sheets,
    read_table,
)
from lofte.tabular.sniff import (
    Format,
    check_xlsx_archive,
    decode_bytes,
    decode_text,
    detect_format,
)

__all__ = [
    "DEFAULT_LIMITS",
    "Cell",
    "Format",
    "Limits",
    "Sheet",
    "Table",
    "TableRow",
    "TabularError",
    "cell_to_text",
    "check_xlsx_archive",
    "column_letter",
    "decode_bytes",
    "decode_text",
    "detect_format",
    "normalise_header",
    "read_limited",
    "read_sheets",
    "read_table",
]
