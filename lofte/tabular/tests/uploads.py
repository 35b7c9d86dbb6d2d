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
