"""Deciding what an upload is by its content (never its name), and decoding CSV text.

CSV is decodable text without control characters; XLSX is a zip archive with the parts of a
workbook and nothing active in it. PDFs, images, web pages, older Office files, archives and
other binary files are refused with a Swedish message that says what the file looks like.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from typing import Final, Literal

from lofte.tabular.errors import TabularError
from lofte.tabular.limits import Limits

__all__ = ["Format", "check_xlsx_archive", "decode_bytes", "decode_text", "detect_format"]

Format = Literal["csv", "xlsx"]

SAVE_AS: Final = "Spara den som CSV (UTF-8) eller Excel-arbetsbok (.xlsx) och försök igen."

# (magic bytes, error code, what the file looks like)
_FOREIGN_SIGNATURES: Final[tuple[tuple[bytes, str, str], ...]] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "office_legacy",
        "en äldre Excel-fil (.xls) eller en lösenordsskyddad Office-fil",
    ),
    (b"\x89PNG\r\n\x1a\n", "image", "en bild (PNG)"),
    (b"\xff\xd8\xff", "image", "en bild (JPEG)"),
    (b"GIF87a", "image", "en bild (GIF)"),
    (b"GIF89a", "image", "en bild (GIF)"),
    (b"II*\x00", "image", "en bild (TIFF)"),
    (b"MM\x00*", "image", "en bild (TIFF)"),
    (b"\x1f\x8b", "archive", "en komprimerad fil (gzip)"),
    (b"7z\xbc\xaf\x27\x1c", "archive", "en komprimerad fil (7z)"),
    (b"Rar!\x1a\x07", "archive", "en komprimerad fil (rar)"),
    (b"{\\rtf", "rtf", "ett RTF-dokument"),
)
_ZIP_MAGIC: Final = b"PK"
_HTML_START: Final = re.compile(r"<(?:!doctype\s+html|html|head|body|table|meta|div|p)[\s>/]")
# C0 controls except tab, LF and CR; DEL; C1 controls (only appear when bytes were not text).
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Zip parts that make a workbook active or reach outside itself.
_ACTIVE_PARTS: Final[tuple[tuple[str, str, str], ...]] = (
    ("vbaproject.bin", "macros", "innehåller makron"),
    ("xl/macrosheets/", "macros", "innehåller makroblad"),
    ("xl/dialogsheets/", "macros", "innehåller dialogblad (makron)"),
    ("xl/activex/", "macros", "innehåller ActiveX-kontroller"),
    ("xl/externallinks/", "external_links", "innehåller länkar till andra filer"),
    ("xl/connections.xml", "external_links", "innehåller dataanslutningar till externa källor"),
    ("xl/embeddings/", "embedded_objects", "innehåller inbäddade objekt"),
)


def _refuse(file: str, code: str, message: str, *, row: int | None = None) -> TabularError:
    return TabularError(file, message, code=code, row=row)


def detect_format(data: bytes, file: str, limits: Limits) -> Format:
    """Return ``"xlsx"`` for a zip archive and ``"csv"`` for anything that may be text.

    Raises :class:`TabularError` for empty or oversized input and for formats recognised by
    their magic bytes (PDF, images, older Office files, gzip/7z/rar, RTF). Whether a zip is
    really a workbook is decided by :func:`check_xlsx_archive`; whether text is really text by
    :func:`decode_text`.
    """
    if len(data) > limits.max_bytes:
        raise _refuse(file, "too_large", f"filen är större än gränsen {limits.max_bytes} byte")
    if not data.strip():
        raise _refuse(file, "empty", "filen är tom")
    if data.startswith(_ZIP_MAGIC):
        return "xlsx"
    if b"%PDF-" in data[:1024]:
        raise _refuse(file, "pdf", f"filen är en PDF, inte en tabell. {SAVE_AS}")
    for signature, code, description in _FOREIGN_SIGNATURES:
        if data.startswith(signature):
            raise _refuse(file, code, f"filen är {description}, inte en tabell. {SAVE_AS}")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise _refuse(file, "image", f"filen är en bild (WebP), inte en tabell. {SAVE_AS}")
    return "csv"


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:512]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd)


def _line_of(data: bytes | str, position: int) -> int:
    newline: bytes | str = b"\n" if isinstance(data, bytes) else "\n"
    return data[:position].count(newline) + 1  # type: ignore[arg-type]


def decode_bytes(data: bytes, file: str) -> tuple[str, str]:
    """Decode bytes that should be text; return ``(text, encoding)`` without a byte-order mark.

    1. A BOM decides: UTF-8, UTF-16 (what Excel's "Unicode-text" writes) or UTF-32.
    2. Without a BOM, NUL bytes mean UTF-16 without a BOM or a binary file: refused.
    3. Otherwise UTF-8, then Windows-1252 (Excel on Swedish Windows), then ISO-8859-1 (Brå).

    Only the encoding is decided here; :func:`decode_text` also checks that the result is
    plain text. Raises :class:`TabularError`.
    """
    encoding: str
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data[3:]
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding, body = "utf-32", data
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        encoding, body = "", data
    if encoding:
        try:
            text = body.decode("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError as error:
            raise _refuse(
                file,
                "encoding",
                f"filen är märkt som {encoding.upper().removesuffix('-SIG')} men innehåller "
                f"ogiltiga tecken. {SAVE_AS}",
            ) from error
        text = text.removeprefix("\ufeff")
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            if _looks_like_utf16(data):
                raise _refuse(
                    file,
                    "utf16_without_bom",
                    f"filen verkar vara UTF-16 utan byteordningsmärke (BOM). {SAVE_AS}",
                )
            raise _refuse(
                file,
                "binary",
                f"filen innehåller NUL-tecken och är ingen textfil. {SAVE_AS}",
                row=_line_of(data, nul),
            )
        for encoding in ("utf-8", "cp1252", "iso-8859-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return text, encoding


def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """Decode CSV bytes with :func:`decode_bytes`, then check that they are plain text.

    The text must not contain control characters (binary data that happened to decode, named
    by line) and must not be a web page or an XML file. Raises :class:`TabularError`.
    """
    text, encoding = decode_bytes(data, file)
    control = _CONTROL.search(text)
    if control is not None:
        what = "NUL-tecken" if control.group() == "\x00" else "styrtecken"
        raise _refuse(
            file,
            "binary",
            f"filen innehåller {what} och är ingen textfil. {SAVE_AS}",
            row=_line_of(text, control.start()),
        )
    start = text.lstrip()[:200].lower()
    if _HTML_START.match(start):
        raise _refuse(file, "html", f"filen är en webbsida (HTML), inte en tabell. {SAVE_AS}")
    if start.startswith("<?xml"):
        raise _refuse(file, "xml", f"filen är en XML-fil, inte en tabell. {SAVE_AS}")
    return text, encoding


def _zip_kind(names: set[str], archive: zipfile.ZipFile) -> str:
    if any(name.startswith("word/") for name in names):
        return "ett Word-dokument"
    if any(name.startswith("ppt/") for name in names):
        return "en PowerPoint-presentation"
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:200]
        except Exception:  # a broken part only makes the description vaguer
            mimetype = b""
        if b"opendocument.spreadsheet" in mimetype:
            return "ett OpenDocument-kalkylark (.ods)"
    return "ett zip-arkiv"


def check_xlsx_archive(data: bytes, file: str, limits: Limits) -> None:
    """Check a zip archive before any XML in it is parsed.

    1. It opens as a zip, with at most ``max_zip_members`` parts, none encrypted, each
       stored or deflated.
    2. Declared sizes stay under ``max_uncompressed_bytes`` in total, and no part over 1 MiB
       compresses better than ``max_ratio``:1 (zip bombs).
    3. It has the parts of an Excel workbook (``[Content_Types].xml``, ``xl/workbook.xml``).
    4. It has no macros, ActiveX, external links, data connections or embedded objects.

    Raises :class:`TabularError`.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as error:  # zipfile raises BadZipFile, ValueError, OSError, EOFError …
        raise _refuse(
            file, "corrupt_xlsx", f"filen är ett trasigt zip-arkiv, ingen xlsx-fil. {SAVE_AS}"
        ) from error
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            raise _refuse(file, "zip_bomb", "xlsx-filen innehåller orimligt många delar")
        total = 0
        for member in members:
            if member.flag_bits & 0x1:
                raise _refuse(file, "encrypted", f"xlsx-filen är krypterad. {SAVE_AS}")
            if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _refuse(
                    file, "corrupt_xlsx", f"xlsx-filen är packad på okänt sätt. {SAVE_AS}"
                )
            total += member.file_size
            if total > limits.max_uncompressed_bytes:
                raise _refuse(
                    file,
                    "zip_bomb",
                    "uppackad blir xlsx-filen större än gränsen "
                    f"{limits.max_uncompressed_bytes} byte (zip-bomb?)",
                )
            if member.file_size > 1024 * 1024 and member.file_size > limits.max_ratio * max(
                member.compress_size, 1
            ):
                raise _refuse(
                    file, "zip_bomb", "xlsx-filen packas upp misstänkt mycket (zip-bomb?)"
                )
        names = {member.filename.lower() for member in members}
        if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
            raise _refuse(
                file,
                "not_xlsx",
                f"filen är {_zip_kind(names, archive)}, ingen xlsx-fil. {SAVE_AS}",
            )
        for name in sorted(names):
            for marker, code, description in _ACTIVE_PARTS:
                if name.startswith(marker) or name.endswith(marker):
                    raise _refuse(
                        file,
                        code,
                        f"xlsx-filen {description}. Av säkerhetsskäl läses bara vanliga "
                        "arbetsböcker: kopiera värdena till en ny arbetsbok och spara som .xlsx.",
                    )
