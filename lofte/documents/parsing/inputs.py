"""Turn uploaded bytes into plain text: sniff the format, decode, enforce limits.

Formats: plain text (UTF-8, UTF-16 with BOM, cp1252/latin-1), HTML (a saved web page) and PDF.
Everything else (Word, images, archives, binary) is rejected with a Swedish ``ParseError``.
"""

from __future__ import annotations

import re
from typing import Literal

from lofte.documents.parsing.errors import ParseError

Kind = Literal["text", "html", "pdf"]

MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_PDF_BYTES = 20 * 1024 * 1024
# After extraction: a promise is a page or two (5–30 000 characters); 400 000 is a report.
MAX_TEXT_CHARS = 400_000

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "ett zip-arkiv eller Office-dokument (till exempel .docx)"),
    (b"\xd0\xcf\x11\xe0", "ett äldre Office-dokument (.doc)"),
    (b"\x89PNG", "en bild (PNG)"),
    (b"\xff\xd8\xff", "en bild (JPEG)"),
    (b"GIF8", "en bild (GIF)"),
    (b"\x1f\x8b", "en komprimerad fil (gzip)"),
    (b"{\\rtf", "ett RTF-dokument"),
)
_HTML_SNIFF = re.compile(
    rb"<!doctype\s+html|<(?:html|head|body|div|p|main|article|section|table|ul|ol|li|h[1-6]|br|span)"
    rb"[\s/>]|<meta\s|<a\s+href", re.IGNORECASE
)
_MOJIBAKE = re.compile("Ã[¤¥¶„…–©]")
_SWEDISH_LETTERS = re.compile("[åäöÅÄÖ]")


def sniff_kind(data: bytes, filename: str | None, content_type: str | None) -> Kind:
    """Decide the format from the content: magic bytes (PDF, and formats that are refused), then
    HTML markup. A name or content type that claims PDF without a PDF header is refused.

    Raises ``ParseError`` for formats the parser does not read.
    """
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    claimed = (content_type or "").split(";")[0].strip().lower()
    extension = (filename or "").rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
    if claimed == "application/pdf" or extension == "pdf":
        raise ParseError(
            "Filen sägs vara en PDF men saknar PDF-huvud; den är skadad eller av annat slag.",
            "pdf_malformed",
        )
    for signature, description in _BINARY_SIGNATURES:
        if head.startswith(signature):
            raise ParseError(
                f"Filformatet stöds inte: filen ser ut att vara {description}. "
                "Ladda upp en PDF, en sparad webbsida (HTML) eller en textfil.",
                "unsupported_format",
            )
    # HTML or text is decided by the content alone: a name or browser type of .html on plain
    # text must not make the parser drop what looks like tags, and a web page called .txt is
    # still read as a web page.
    if _HTML_SNIFF.search(data[:65536]):
        return "html"
    return "text"


def check_size(data: bytes, kind: Kind) -> None:
    if not data or not data.strip():
        raise ParseError("Filen är tom.", "empty")
    limit = MAX_PDF_BYTES if kind == "pdf" else MAX_TEXT_BYTES
    if len(data) > limit:
        raise ParseError(
            f"Filen är för stor ({len(data) // (1024 * 1024)} MB); "
            f"högst {limit // (1024 * 1024)} MB kan läsas.",
            "too_large",
        )


def decode_text(data: bytes) -> str:
    """Decode text bytes: BOM, then UTF-8, then cp1252/latin-1 with a sanity check.

    Raises ``ParseError`` for binary data (NUL bytes, mostly unprintable characters).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_printable(data.decode("utf-16"))
        except UnicodeDecodeError as error:
            raise ParseError("Filen har en felaktig teckenkodning (UTF-16).", "encoding") from error
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:65536]:
        raise ParseError("Filen innehåller binära data och kan inte läsas som text.", "binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    return _check_printable(repair_mojibake(text))


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252/latin-1 ("MedborgarlÃ¶fte") when that clearly helps."""
    if len(_MOJIBAKE.findall(text)) < 2:
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if len(_SWEDISH_LETTERS.findall(repaired)) > len(_SWEDISH_LETTERS.findall(text)):
            return repaired
    return text


def _check_printable(text: str) -> str:
    sample = text[:65536]
    if not sample.strip():
        raise ParseError("Filen är tom.", "empty")
    unprintable = sum(
        1 for character in sample if not (character.isprintable() or character in "\n\r\t\f")
    )
    if "\x00" in sample or unprintable > max(8, len(sample) // 50):
        raise ParseError(
            "Filen innehåller binära data eller fel teckenkodning och kan inte läsas som text.",
            "binary",
        )
    return text


def check_text_length(text: str) -> str:
    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(
            f"Texten är för lång ({len(text)} tecken); högst {MAX_TEXT_CHARS} tecken kan läsas.",
            "too_long",
        )
    if not text.strip():
        raise ParseError("Dokumentet innehåller ingen text.", "empty")
    return text
