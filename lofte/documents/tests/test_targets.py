"""Targets of activities: numbers in digits and words, bounds, periods, units; non-targets."""

from __future__ import annotations

import pytest

from lofte.documents.parsing.numbers import parse_number
from lofte.documents.parsing.targets import find_target


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("en", 1), ("ett", 1), ("två", 2), ("tre", 3), ("tolv", 12), ("femton", 15),
        ("arton", 18), ("tjugo", 20), ("tjugofem", 25), ("trettio", 30), ("fyrtiotvå", 42),
        ("hundra", 100), ("etthundra", 100), ("tvåhundrafemtio", 250), ("12", 12), ("Femton", 15),
    ],
)  # fmt: skip
def test_parse_number_reads_digits_and_swedish_words(word: str, value: int) -> None:
    assert parse_number(word) == value


@pytest.mark.parametrize("word", ["första", "andra", "tjugotjugo", "hundrahundra", "", "x" * 40])
def test_parse_number_rejects_ordinals_and_nonsense(word: str) -> None:
    assert parse_number(word) is None


@pytest.mark.parametrize(
    ("text", "count", "count_max", "per", "unit"),
    [
        ("Polisen ska genomföra minst femton trafikkontroller med inriktning på trafikbeteenden.",
         15, None, None, "trafikkontroller"),
        ("Polisen ska vid minst femton tillfällen genomföra flygande inspektioner av fordon.",
         15, None, None, "flygande inspektioner"),
        ("en gång varje kvartal genomföra en större trafikinsats på aktuella vägavsnitt",
         1, None, "kvartal", "större trafikinsats"),
        ("att genomföra minst 4 brottsförebyggande insatser/aktiviteter kommunen i syfte att",
         4, None, None, "brottsförebyggande insatser/aktiviteter"),
        ("Genomföra upp till 20 nykterhetskontroller per år.", None, 20, "år",
         "nykterhetskontroller"),
        ("Högst tio föräldramöten per termin.", None, 10, "termin", "föräldramöten"),
        ("Genomföra 8–10 föräldraträffar under året.", 8, 10, None, "föräldraträffar"),
        ("Anordna mellan fem och sju dialogmöten.", 5, 7, None, "dialogmöten"),
        ("Två gånger per termin anordna föräldraträffar för vårdnadshavare.", 2, None, "termin",
         "föräldraträffar"),
        ("Hålla öppet hus på polisstationen en gång i månaden.", 1, None, "månad", "öppet hus"),
        ("Fältgruppen ska vara ute tre kvällar i veckan.", 3, None, "vecka", "kvällar"),
        ("Kommunen ska genomföra en trygghetsvandring varje år.", 1, None, "år",
         "trygghetsvandring"),
        ("Genomföra samverkansmöten kvartalsvis.", None, None, "kvartal", "samverkansmöten"),
        ("Polisen ska hålla tolv samverkansmöten.", 12, None, None, "samverkansmöten"),
        ("Genomföra 20 trafikkontroller/år.", 20, None, "år", "trafikkontroller"),
        ("Genomföra cirka 30 hastighetskontroller årligen.", 30, None, "år",
         "hastighetskontroller"),
        ("Två gånger per termin besöka skolorna.", 2, None, "termin", "gånger"),
    ],
)  # fmt: skip
def test_targets_are_read(
    text: str, count: int | None, count_max: int | None, per: str | None, unit: str
) -> None:
    target = find_target(text)
    assert target is not None
    assert (target.count, target.count_max, target.per, target.unit) == (
        count,
        count_max,
        per,
        unit,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Genomföra trygghetsvandringar i Skillingaryd och Vaggeryd.",
        "Vi har varit ute i nästan två år och pratat bedrägerier.",  # duration
        "Under 2023 genomfördes 12 trafikkontroller.",  # result already achieved
        "Polisen har genomfört 41 kontroller i centrum.",  # result already achieved
        "Trygghetsvandring på Storgatan 12 i centrum.",  # street number
        "Föräldraträffar för elever i årskurs 7-9.",  # school years
        "Information till unga 13–17 år om droger.",  # ages
        "Insatser för unga under 18 i centrum.",  # age bound
        "Se över belysningen enligt 3 § ordningsstadgan.",  # paragraph
        "Genomföra insatser under 2024 och 2025.",  # years
        "Minska brotten med 10 procent.",  # percentage
        "Samverkansmöte den 15 maj på stadshuset.",  # date
        "Ring 0470-410 00 för att anmäla.",  # phone number
        "Genomföra en trafikinsats på aktuella vägavsnitt.",  # "en" is an article
        "Genomföra informationsinsatser kring årliga risktillfällen.",  # "årliga" is no period
    ],
)
def test_numbers_that_are_not_targets_give_no_target(text: str) -> None:
    target = find_target(text)
    assert target is None or (target.count is None and target.count_max is None), target


def test_bounds_are_qualified() -> None:
    minimum = find_target("minst femton riktade insatser")
    maximum = find_target("upp till 20 kontroller")
    assert minimum is not None and minimum.qualifier == "minst"
    assert maximum is not None and maximum.qualifier == "högst"
