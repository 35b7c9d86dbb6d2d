"""The one error the tabular reader raises, carrying file, row, column and a Swedish message."""

from __future__ import annotations

from typing import Any

__all__ = ["TabularError"]


class TabularError(ValueError):
    """An uploaded table cannot be read, or breaks a limit.

    The fields are plain values so callers can turn them into their own error displays:

    - ``file``: the name the caller passed in (shown as given, never used to decide the format);
    - ``row``: 1-based physical row as the user sees it (the line in a CSV file, the row number
      in Excel), ``None`` when the problem concerns the whole file;
    - ``column``: the header name when known, otherwise the Excel column letter, or ``None``;
    - ``message``: Swedish, safe to show as is (it never echoes cell contents);
    - ``code``: a stable English identifier for programs and tests (``empty``, ``too_large``,
      ``pdf``, ``image``, ``html``, ``xml``, ``office_legacy``, ``archive``, ``rtf``,
      ``not_xlsx``, ``corrupt_xlsx``, ``zip_bomb``, ``macros``, ``external_links``,
      ``embedded_objects``, ``encrypted``, ``binary``, ``utf16_without_bom``, ``encoding``,
      ``csv_malformed``, ``no_header``, ``duplicate_column``, ``values_outside_header``,
      ``too_many_rows``, ``too_many_columns``, ``cell_too_long``, ``no_sheets``).

    ``str(error)`` reads ``"lista.csv, rad 7, kolumn 'datum': värdet är längre än 20000 tecken"``;
    a subclass may name the column differently through ``column_label``.
    """

    column_label = "kolumn"

    def __init__(
        self,
        file: str,
        message: str,
        *,
        code: str,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.message = message
        self.code = code
        self.row = row
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        parts = [self.file or "(okänd fil)"]
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column is not None:
            parts.append(f"{self.column_label} '{self.column}'")
        return ", ".join(parts) + f": {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.file, self.message, self.code, self.row, self.column))


def _rebuild(
    file: str, message: str, code: str, row: int | None, column: str | None
) -> TabularError:
    return TabularError(file, message, code=code, row=row, column=column)
