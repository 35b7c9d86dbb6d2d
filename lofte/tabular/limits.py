"""Limits for reading untrusted uploads. Every reader takes one :class:`Limits`."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "Limits"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Hard ceilings; crossing one raises :class:`~lofte.tabular.errors.TabularError`.

    Attributes (units in the names' sense):

    - ``max_bytes``: size of the uploaded file as received (50 MiB).
    - ``max_uncompressed_bytes``: XLSX only, total declared size of the zip members (200 MiB).
      Python's :mod:`zipfile` never returns more than a member's declared size, so checking
      the declarations is enough.
    - ``max_ratio``: XLSX only, largest compression ratio of a member over 1 MiB (100:1; real
      worksheets compress 5–20:1).
    - ``max_zip_members``: XLSX only, parts in the archive (a workbook has a few dozen).
    - ``max_rows``: data rows (header and blank rows not counted). Reading stops one row past
      it, so a huge sheet is never loaded whole.
    - ``max_blank_rows``: blank rows tolerated in a worksheet on top of ``max_rows`` (an XLSX
      can declare a million empty rows in a few bytes).
    - ``max_columns``: cells per row after trailing empty cells are dropped.
    - ``max_cell_chars``: characters in one cell.
    """

    max_bytes: int = 50 * 1024 * 1024
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 100
    max_zip_members: int = 1_000
    max_rows: int = 200_000
    max_blank_rows: int = 1_000
    max_columns: int = 200
    max_cell_chars: int = 20_000


DEFAULT_LIMITS = Limits()
