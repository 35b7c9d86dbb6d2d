"""Builders of hostile and ordinary uploads, shared by the tabular tests and the import tests."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    """A real workbook written by openpyxl with ``rows`` on its first sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_extra_part(data: bytes, name: str, content: bytes = b"x") -> bytes:
    """``data`` (an xlsx) with one more zip member, e.g. ``xl/vbaProject.bin``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        target.writestr(name, content)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A workbook-shaped zip whose sheet unpacks 20 MB from about 20 kB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 20_000_000 + b">")
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HTML = (
    b"<!DOCTYPE html>\n<html><head><title>Export</title></head>"
    b"<body><table><tr><td>a</td></tr></table></body></html>"
)


def hostile_files(
    header: Sequence[str], good_row: Sequence[str]
) -> dict[str, tuple[str, bytes, str, int | None]]:
    """Hostile uploads for an import whose valid table is ``header`` + ``good_row``.

    Each case maps to ``(file name, content, words the Swedish message must contain, the row
    it must name or None)``. The workbooks and CSV files are otherwise valid, so a refusal
    can only come from the hostile part.
    """
    valid_xlsx = xlsx_bytes([header, good_row])
    csv_text = ";".join(header) + "\n" + ";".join(good_row) + "\n"
    with_nul = csv_text + "\x00" + ";".join(good_row) + "\n"
    return {
        "zip-bomb": ("bomb.xlsx", zip_bomb(), "zip-bomb", None),
        "external-link": (
            "lankad.xlsx",
            with_extra_part(valid_xlsx, "xl/externalLinks/externalLink1.xml", b"<externalLink/>"),
            "länkar till andra filer",
            None,
        ),
        "macro": ("makro.xlsx", with_extra_part(valid_xlsx, "xl/vbaProject.bin"), "makron", None),
        "nul-bytes": ("nul.csv", with_nul.encode(), "NUL-tecken", 3),
        "utf-16-without-bom": ("utf16.csv", csv_text.encode("utf-16-le"), "UTF-16", None),
        "pdf-as-csv": ("rapport.csv", PDF, "PDF", None),
        "html-as-xlsx": ("tabell.xlsx", HTML, "webbsida", None),
    }
