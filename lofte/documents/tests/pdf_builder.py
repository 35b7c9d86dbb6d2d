"""A minimal PDF writer for tests: text lines in Helvetica (WinAnsi), optionally 'encrypted'.

Real promise PDFs cannot be committed for every case, so the tests build small, valid PDFs.
"""

from __future__ import annotations

LINES_PER_PAGE = 60


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def build_pdf(lines: list[str], *, encrypted: bool = False) -> bytes:
    """Return the bytes of a PDF showing ``lines``, one text line each, 60 lines a page."""
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = []
    page_count = len(pages)
    font_number = 3
    first_page_number = 4
    kids = " ".join(f"{first_page_number + 2 * i} 0 R" for i in range(page_count))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {page_count} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for index, page_lines in enumerate(pages):
        content_number = first_page_number + 2 * index + 1
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                f"/Resources << /Font << /F1 {font_number} 0 R >> >> "
                f"/Contents {content_number} 0 R >>"
            ).encode()
        )
        stream = b"BT /F1 10 Tf 40 800 Td 13 TL\n"
        for line in page_lines:
            stream += b"(" + _escape(line) + b") Tj T*\n"
        stream += b"ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    encrypt_reference = b""
    if encrypted:
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 "
            b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
        )
        encrypt_reference = f" /Encrypt {len(objects)} 0 R /ID [<00112233><00112233>]".encode()
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_offset = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        output += f"{offset:010d} 00000 n \n".encode()
    output += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R".encode()
        + encrypt_reference
        + f" >>\nstartxref\n{xref_offset}\n%%EOF\n".encode()
    )
    return bytes(output)
