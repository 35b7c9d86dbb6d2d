"""Reading files safely: formats, encodings, page furniture, and clear errors for bad input."""

from __future__ import annotations

import zlib

import pytest

from lofte.documents.parsing import ParseError, parse_document, parse_text
from lofte.documents.parsing.html import html_to_text
from lofte.documents.parsing.inputs import MAX_PDF_BYTES, MAX_TEXT_BYTES, MAX_TEXT_CHARS
from lofte.documents.tests.pdf_builder import build_pdf
from lofte.documents.tests.renderings import text_to_html
from lofte.documents.tests.support import seed_text


def _error(data: bytes, filename: str | None = None, content_type: str | None = None) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_document(data, filename=filename, content_type=content_type)
    return caught.value


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"   \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "unsupported_format"),
        (b"PK\x03\x04" + bytes(200), "unsupported_format"),
        (b"\xd0\xcf\x11\xe0" + bytes(200), "unsupported_format"),
        (bytes(range(256)) * 10, "binary"),
        (b"Medborgarl\x00fte \x00\x00", "binary"),
        (b"%PDF-1.4\n garbage without objects", "pdf_malformed"),
    ],
)
def test_bad_input_gives_a_clear_swedish_error(data: bytes, code: str) -> None:
    error = _error(data)
    assert error.code == code
    assert error.message and error.message[0].isupper() and error.message.endswith(".")
    assert str(error) == error.message


def test_a_file_claiming_to_be_pdf_without_pdf_header_is_rejected() -> None:
    assert _error(b"hej hej", filename="löfte.pdf").code == "pdf_malformed"
    assert _error(b"hej hej", content_type="application/pdf").code == "pdf_malformed"


def test_oversized_files_are_rejected_before_reading() -> None:
    assert _error(b"a" * (MAX_TEXT_BYTES + 1)).code == "too_large"
    assert _error(b"%PDF-1.4\n" + b"0" * MAX_PDF_BYTES).code == "too_large"


def test_overlong_text_is_rejected() -> None:
    with pytest.raises(ParseError) as caught:
        parse_text("ord " * (MAX_TEXT_CHARS // 4 + 1))
    assert caught.value.code == "too_long"


def test_cp1252_utf16_and_mojibake_are_decoded() -> None:
    text = seed_text("004")
    for data in (
        text.encode("cp1252"),
        text.encode("utf-16"),
        text.encode("utf-8-sig"),
        text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"),
    ):
        parsed = parse_document(data, filename="almhult.txt")
        assert [item.code for item in parsed.municipalities] == ["0765"]
        assert parsed.signatories[0].name == "Eva Ballovaare"


def test_html_page_furniture_is_dropped() -> None:
    page = text_to_html(seed_text("003"))
    text = html_to_text(page)
    for furniture in ("kakor", "Godkänn", "99 kontroller", "Hjälpte informationen", "Om polisen"):
        assert furniture not in text
    assert "Polisen ska genomföra minst femton trafikkontroller" in text
    parsed = parse_document(page.encode("utf-8"), filename="vetlanda.html")
    assert [item.code for item in parsed.municipalities] == ["0685"]  # not Jönköping, Vaggeryd
    assert len(parsed.activities) == 7


def test_html_tables_and_ordered_lists_keep_their_structure() -> None:
    page = """<html><body><main>
    <h1>Medborgarlöfte för Nybro kommun 2025</h1>
    <p>Nybro kommun och Polisen lovar följande.</p>
    <h2>Polisen ska:</h2><ol><li>Genomföra tio trafikkontroller.</li>
    <li>Genomföra fem narkotikainsatser.</li></ol>
    <table><tr><th>Aktivitet</th><th>Ansvarig</th><th>Mål</th></tr>
    <tr><td>Trygghetsvandringar</td><td>Kommunen</td><td>Två per år</td></tr></table>
    </main></body></html>"""
    parsed = parse_document(page.encode("utf-8"), content_type="text/html; charset=utf-8")
    summary = [(a.actor, a.target.count if a.target else None) for a in parsed.activities]
    assert summary == [("polisen", 10), ("polisen", 5), ("kommunen", 2)]
    assert parsed.activities[2].target is not None and parsed.activities[2].target.per == "år"


def test_deeply_nested_html_gives_a_draft_or_a_clear_error() -> None:
    page = "<div>" * 5000 + "Medborgarlöfte Vetlanda kommun 2024" + "</div>" * 5000
    try:
        parsed = parse_document(page.encode(), filename="deep.html")
    except ParseError as error:
        assert error.code == "empty"  # lxml drops text nested deeper than it allows
    else:
        assert parsed.activities == ()


def test_pdf_text_is_read() -> None:
    lines = seed_text("003").split("\n")
    parsed = parse_document(build_pdf(lines), filename="vetlanda.pdf")
    assert parsed.police_area is not None and parsed.police_area.name == "Höglandet"
    assert len(parsed.activities) == 7


def test_encrypted_pdf_is_rejected() -> None:
    assert _error(build_pdf(["Medborgarlöfte"], encrypted=True)).code == "pdf_encrypted"


def test_truncated_and_corrupted_pdfs_are_rejected() -> None:
    pdf = build_pdf(seed_text("001").split("\n"))
    assert _error(pdf[: len(pdf) // 3]).code in {"pdf_malformed", "pdf_no_text"}
    without_objects = pdf.replace(b" obj", b" job")
    assert _error(without_objects).code in {"pdf_malformed", "pdf_no_text"}


def test_pdf_without_text_is_rejected() -> None:
    assert _error(build_pdf([])).code == "pdf_no_text"


def test_pdf_decompression_bomb_is_bounded() -> None:
    # A 20 MB page of zeros compressed to a few kB: the text cap or the error must stop it.
    bomb = zlib.compress(b"0 0 m " * 3_000_000, 9)
    pdf = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >> endobj\n"
        + f"4 0 obj << /Length {len(bomb)} /Filter /FlateDecode >> stream\n".encode()
        + bomb
        + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    assert _error(pdf).code == "too_large"


def test_wrong_types_are_rejected() -> None:
    with pytest.raises(ParseError):
        parse_document("text, inte bytes")  # type: ignore[arg-type]
    with pytest.raises(ParseError):
        parse_text(b"bytes, inte text")  # type: ignore[arg-type]


def test_text_that_is_no_promise_gives_warnings_not_an_error() -> None:
    parsed = parse_text("Välkommen till vår webbplats. Här finns information om parkering.")
    assert parsed.activities == ()
    assert parsed.municipalities == ()
    assert any("aktiviteter" in warning for warning in parsed.warnings)
