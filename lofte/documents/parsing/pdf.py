"""PDF to plain text with pdfminer.six, guarded against hostile files.

Guards: the caller has already capped the file size (``inputs.MAX_PDF_BYTES``); here encrypted
files are refused, at most ``MAX_PAGES`` pages are read, extraction stops after
``TIMEOUT_SECONDS`` (checked between pages, and by a SIGALRM timer when running in the main
thread, which also interrupts a single pathological page), the extracted text is capped, and every
pdfminer failure (malformed xref, bad streams, recursion) becomes a Swedish ``ParseError``.
"""

from __future__ import annotations

import io
import signal
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from pdfminer.converter import TextConverter
from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1

from lofte.documents.parsing.errors import ParseError
from lofte.documents.parsing.inputs import MAX_TEXT_CHARS

MAX_PAGES = 100
# A page of text needs tens of kilobytes of drawing instructions; scanned pages hold images.
MAX_PAGE_CONTENT_BYTES = 4 * 1024 * 1024
TIMEOUT_SECONDS = 20.0


class _Timeout(Exception):
    pass


def pdf_to_text(data: bytes, *, timeout: float = TIMEOUT_SECONDS) -> str:
    """Extract the text of a PDF, page by page.

    Raises ``ParseError`` (codes ``pdf_encrypted``, ``pdf_malformed``, ``too_many_pages``,
    ``timeout``, ``pdf_no_text``) for files that cannot or should not be read.
    """
    deadline = time.monotonic() + timeout
    try:
        with _alarm(timeout):
            text = _extract(data, deadline)
    except ParseError:
        raise
    except _Timeout as error:
        raise _timeout_error() from error
    except (PDFEncryptionError, PDFPasswordIncorrect) as error:
        raise _encrypted_error() from error
    except RecursionError as error:
        raise ParseError(
            "PDF-filen är felaktigt uppbyggd (för djupt nästlad) och kan inte läsas.",
            "pdf_malformed",
        ) from error
    except MemoryError as error:
        raise ParseError("PDF-filen är för stor att packa upp.", "too_large") from error
    except Exception as error:  # pdfminer raises a wide range of errors on malformed files
        raise ParseError(
            "PDF-filen är skadad eller felaktigt uppbyggd och kan inte läsas.", "pdf_malformed"
        ) from error
    if not text.strip():
        raise ParseError(
            "PDF-filen innehåller ingen läsbar text (den kan vara inskannad som bild).",
            "pdf_no_text",
        )
    return text


def _extract(data: bytes, deadline: float) -> str:
    parser = PDFParser(io.BytesIO(data))
    document = PDFDocument(parser)
    if document.encryption is not None:
        raise _encrypted_error()
    if not document.is_extractable:
        raise ParseError("PDF-filen tillåter inte att texten hämtas ut.", "pdf_encrypted")
    manager = PDFResourceManager(caching=True)
    output = io.StringIO()
    converter = TextConverter(manager, output, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, converter)
    try:
        for number, page in enumerate(PDFPage.create_pages(document), start=1):
            if number > MAX_PAGES:
                raise ParseError(
                    f"PDF-filen har fler än {MAX_PAGES} sidor; ett medborgarlöfte är kortare.",
                    "too_many_pages",
                )
            _check_content_size(page)
            interpreter.process_page(page)
            if time.monotonic() > deadline:
                raise _timeout_error()
            if output.tell() > MAX_TEXT_CHARS * 4:
                raise ParseError("PDF-filen innehåller för mycket text.", "too_long")
    finally:
        converter.close()
    return output.getvalue()


def _check_content_size(page: PDFPage) -> None:
    """Refuse a page whose drawing instructions unpack to more than ``MAX_PAGE_CONTENT_BYTES``.

    pdfminer unpacks a whole stream at once and interprets every operator in pure Python, so
    a few kilobytes of compressed zeros (a "zip bomb") would cost memory and minutes.
    """
    total = 0
    for reference in page.contents:
        stream = resolve1(reference)
        if not isinstance(stream, PDFStream):
            continue
        raw = stream.get_rawdata()
        if raw is None:
            total += len(stream.get_data())
            continue
        filters = [str(getattr(name, "name", name)) for name, _ in stream.get_filters()]
        if filters[:1] in (["FlateDecode"], ["Fl"]):
            inflater = zlib.decompressobj()
            try:
                total += len(inflater.decompress(raw, MAX_PAGE_CONTENT_BYTES + 1))
            except zlib.error:
                continue  # pdfminer reports broken streams itself
        else:
            total += len(raw)
        if total > MAX_PAGE_CONTENT_BYTES:
            raise ParseError(
                "PDF-filen har en sida med orimligt mycket innehåll och kan inte läsas.",
                "too_large",
            )


def _encrypted_error() -> ParseError:
    return ParseError(
        "PDF-filen är krypterad eller lösenordsskyddad. Spara en oskyddad kopia och försök igen.",
        "pdf_encrypted",
    )


def _timeout_error() -> ParseError:
    return ParseError(
        "Det tog för lång tid att läsa PDF-filen; den är ovanligt komplex eller skadad.",
        "timeout",
    )


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` when a real-time timer can be used here."""
    can_use_timer = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )
    if not can_use_timer:
        yield
        return

    def _on_alarm(signum: int, frame: FrameType | None) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
