"""Theme classification of activities and focus areas."""

from __future__ import annotations

import pytest

from lofte.documents.parsing import THEME_LABELS, classify_themes, parse_text, theme_label
from lofte.documents.tests.support import seed_text


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Polisen ska genomföra minst femton trafikkontroller", "traffic"),
        ("Insatser riktade mot bedrägerier mot äldre", "fraud"),
        ("upptäcka fler narkotikabrott bland unga", "drugs"),
        ("upptäcka fler narkotikabrott bland unga", "youth"),
        ("Trygghetsvandringar i centrum", "public_safety"),
        ("Sanera klotter och skadegörelse", "vandalism"),
        ("Förebygga våld i nära relationer", "violence"),
        ("Fortsatt arbete enligt Effektiv samordning för trygghet (EST)", "collaboration"),
        ("motverka langning av alkohol", "alcohol_tobacco"),
        ("Starta grannsamverkan i fler områden", "citizen_dialogue"),
    ],
)
def test_classify_themes(text: str, theme: str) -> None:
    assert theme in classify_themes(text)


def test_unrelated_text_has_no_theme_and_every_theme_has_a_label() -> None:
    assert classify_themes("Mötet börjar klockan tio.") == ()
    assert classify_themes("trygghetsrundor på platser (hot spots)") == ("public_safety",)
    assert all(theme_label(code) for code in THEME_LABELS)


def test_fraud_appears_in_2024_promises() -> None:
    parsed = parse_text(seed_text("000"))
    assert "fraud" in parsed.themes
    assert "traffic" in parsed.themes
