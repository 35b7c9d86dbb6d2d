from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lofte.core.pii import EMAIL, PERSONNUMMER, PHONE, PLATE, luhn_ok, mask_pii, mask_pii_detailed


def with_check_digit(nine: str) -> str:
    for d in "0123456789":
        if luhn_ok(nine + d):
            return nine + d
    raise AssertionError("unreachable")


@pytest.mark.parametrize("text", [
    "811228-9874", "19811228-9874", "8112289874", "811228+9874", "198112289874",
    "701063-2391",  # samordningsnummer (day + 60)
    "811228 9874", "19811228 9874",  # a space instead of the dash
])
def test_personnummer_forms_are_masked(text: str) -> None:
    masked = mask_pii(f"Han heter Kalle, {text}, bor här")
    assert masked == f"Han heter Kalle, {PERSONNUMMER}, bor här"


@pytest.mark.parametrize("text", [
    "811228-9875",  # wrong check digit
    "811228 9875",  # wrong check digit, with a space
    "05.06.2025", "kl 08.15", "08/06 2025", "2025-06-22 1430", "0,5 promille",
    "811328-9874",  # month 13
    "2026-11-22 kl 22:30", "1 200 kr", "år 2025", "ärende 12345",
])
def test_lookalikes_are_kept(text: str) -> None:
    assert mask_pii(text) == text


@pytest.mark.parametrize("text", [
    "070-123 45 67", "0701234567", "+46 70 123 45 67", "+46701234567", "0046 70-123 45 67",
    "08-123 456 78", "036-12 34 56", "+46 (0)70-123 45 67", "073-1234567",
    "070 - 123 45 67", "08/123 456 78", "070.123.45.67", "0480.123.45", "08.123.456.78",
])
def test_phone_numbers_are_masked(text: str) -> None:
    assert mask_pii(f"ring {text} i kväll") == f"ring {PHONE} i kväll"


@pytest.mark.parametrize("text", [
    "anna.svensson@example.se", "x+tag@sub.domain.com", "anna[at]example.se",
    "anna.b (at) telia.com", "anna [at] gmail [dot] com", "ANNA(AT)MAIL(PUNKT)SE",
])
def test_email_addresses_are_masked(text: str) -> None:
    assert mask_pii(f"mejla {text}.") == f"mejla {EMAIL}."


@pytest.mark.parametrize("text", [
    "ABC 123", "ABC123", "abc12a", "XYZ 12B", "HJK 45X", "abc 123", "xyz 12b", "abc-123",
])
def test_plates_are_masked(text: str) -> None:
    assert mask_pii(f"bilen {text} stod där") == f"bilen {PLATE} stod där"


@pytest.mark.parametrize("text", [
    "XYZ 12O", "och 123 personer", "ÅÄÖ 123", "ABCD 123", "VIQ 123", "med 120 km/h",
    "rum 214", "typ 100 personer", "ett 100-tal", "per 100 000 invånare", "tog 300 meter",
])
def test_plate_lookalikes_are_kept(text: str) -> None:
    assert mask_pii(text) == text


def test_counts_are_reported() -> None:
    result = mask_pii_detailed("811228-9874, 070-123 45 67, a@b.se, ABC 123")
    assert result.counts == {"personnummer": 1, "email": 1, "phone": 1, "plate": 1}
    assert result.changed


@st.composite
def personnummer(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)))
    is_coordination = draw(st.booleans())
    day = born.day + (60 if is_coordination else 0)
    nine = f"{born:%y%m}{day:02d}{draw(st.integers(0, 999)):03d}"
    ten = with_check_digit(nine)
    form = draw(st.sampled_from(["short-dash", "short", "long-dash", "long", "plus"]))
    century = f"{born.year // 100}"
    return {
        "short-dash": f"{ten[:6]}-{ten[6:]}", "short": ten, "plus": f"{ten[:6]}+{ten[6:]}",
        "long-dash": f"{century}{ten[:6]}-{ten[6:]}", "long": century + ten,
    }[form]


words = st.text(alphabet="abcdefghjklmnoprstuåäö ,.", max_size=30)


@settings(max_examples=200, deadline=None)
@given(before=words, number=personnummer(), after=words)
def test_any_valid_personnummer_in_text_is_masked(before: str, number: str, after: str) -> None:
    masked = mask_pii(f"{before} {number} {after}")
    assert number not in masked
    assert PERSONNUMMER in masked


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_masking_is_idempotent(text: str) -> None:
    once = mask_pii(text)
    assert mask_pii(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Nd"], exclude_characters="@"),
               max_size=80))
def test_text_without_digits_or_at_signs_is_unchanged_apart_from_nothing(text: str) -> None:
    assume("(at)" not in text.lower() and "[at]" not in text.lower())  # obfuscated e-mail
    assert mask_pii(text) == text
