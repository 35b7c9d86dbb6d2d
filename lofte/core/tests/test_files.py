"""Serving uploads: the type comes from the bytes and a whitelist; names are plain ASCII."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from lofte.core.files import FALLBACK_TYPE, safe_filename, sniff_content_type

SAFE_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}\.(jpg|png|webp|pdf|bin)")


def test_content_type_comes_from_the_bytes() -> None:
    assert sniff_content_type(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "image/jpeg"
    assert sniff_content_type(b"\x89PNG\r\n\x1a\n\x00\x00") == "image/png"
    assert sniff_content_type(b"RIFF\x10\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff_content_type(b"%PDF-1.7\n") == "application/pdf"
    for other in (b"<html><script>alert(1)</script>", b"<?php echo 1;", b"<svg onload=x>",
                  b"GIF89a", b"PK\x03\x04", b"", b"RIFF\x10\x00\x00\x00WAVEfmt "):
        assert sniff_content_type(other) == FALLBACK_TYPE


def test_safe_filename_examples() -> None:
    assert safe_filename("rapport-12-foto-3", "image/jpeg") == "rapport-12-foto-3.jpg"
    assert safe_filename('"><img src=x onerror=alert(1)>', "image/png") == \
        "img-src-x-onerror-alert-1.png"
    assert safe_filename("../../etc/passwd", FALLBACK_TYPE) == "etc-passwd.bin"
    assert safe_filename("Åtgärd på torget", "application/pdf") == "Atgard-pa-torget.pdf"
    assert safe_filename("<>", "image/jpeg") == "fil.jpg"


@given(st.text(max_size=300), st.sampled_from(["image/jpeg", "image/png", "image/webp",
                                               "application/pdf", FALLBACK_TYPE, "text/html"]))
def test_safe_filename_is_always_plain_ascii_without_path_or_quotes(stem: str,
                                                                     content_type: str) -> None:
    name = safe_filename(stem, content_type)
    assert SAFE_NAME.fullmatch(name), name
