"""Smaller reading rules: police area forms, actor labels, follow-up, period, signatories."""

from __future__ import annotations

import pytest

from lofte.documents.parsing import parse_text
from lofte.documents.parsing.follow_up import find_follow_up
from lofte.documents.parsing.people import find_police_area, find_signatories
from lofte.documents.parsing.period import find_period


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Älmhults kommun och lokalpolisområde Ljungby avger härmed löfte", "Ljungby"),
        ("Anders Karlsson, Chef lokalpolisområde Ljungby", "Ljungby"),
        ("Samverkan med LPO Höglandet", "Höglandet"),
        ("Höglandets lokalpolisområde och Nässjö kommun", "Höglandet"),
        ("inom lokalpolisområdet Södra Dalarna.", "Södra Dalarna"),
    ],
)
def test_police_area_forms(line: str, name: str) -> None:
    area = find_police_area([line])
    assert area is not None and area.name == name


def test_no_police_area_is_invented() -> None:
    assert find_police_area(["Lokalpolisområdeschef Håkan Boberg och Gert Jonsson"]) is None


@pytest.mark.parametrize(
    ("item", "actor", "text"),
    [
        ("Polisen: Minst 10 nykterhetskontroller per månad.", "polisen", "Minst 10"),
        ("Utreda gångfartsområde i centrum. Ansvar: Kommunen", "kommunen", "Utreda"),
        ("Föräldravandringar (ansvarig: kommunen och polisen)", "gemensamt", "Föräldra"),
        ("Polisen besöker alla skolor med årskurs 8.", "polisen", "Polisen besöker"),
        ("Socialtjänsten ska erbjuda samtal till unga.", "kommunen", "Socialtjänsten"),
        ("Räddningstjänsten ska hålla två brandövningar.", "räddningstjänsten", "Räddnings"),
        ("Kommunen ska i samverkan med polisen kartlägga otrygga platser.", "gemensamt", "Kom"),
        ("Öka polisiär närvaro i centrum kvällstid.", "polisen", "Öka"),
    ],
)
def test_actor_of_an_item(item: str, actor: str, text: str) -> None:
    parsed = parse_text(f"Medborgarlöfte 2025\n\nDetta gör vi genom:\n\n• {item}\n")
    (activity,) = parsed.activities
    assert activity.actor == actor
    assert activity.text.startswith(text)
    assert "Ansvar" not in activity.text and "ansvarig" not in activity.text


def test_follow_up_of_the_promise_wins_over_an_activity_that_follows_up() -> None:
    sentences = [
        "Sanera klotter och följa upp skadegörelse varje vecka.",
        "Uppföljning sker tertialvis.",
    ]
    follow_up = find_follow_up(sentences, {sentences[0]})
    assert follow_up is not None and follow_up.cadence == "tertialvis"
    follow_up = find_follow_up(["Löftet följs upp halvårsvis och revideras vid behov."])
    assert follow_up is not None
    assert (follow_up.cadence, follow_up.revision) == ("halvårsvis", "vid behov")


@pytest.mark.parametrize(
    ("sentences", "headings", "published", "expected"),
    [
        (["Medborgarlöftet gäller i två år från undertecknandet 2023."], [], None, (2023, 2024)),
        (["Ett tvåårigt medborgarlöfte för 2024."], [], None, (2024, 2025)),
        ([], ["Medborgarlöfte 2023–24"], None, (2023, 2024)),
        (["Sedan 2015 har brotten minskat. Löftet för 2022 är klart."], [], None, (2022, 2022)),
        (["Här finns inget årtal."], [], 2021, (2021, 2021)),
    ],
)
def test_period(
    sentences: list[str], headings: list[str], published: int | None, expected: tuple[int, int]
) -> None:
    period = find_period(sentences, headings, published)
    assert period is not None and (period.start_year, period.end_year) == expected


def test_quoted_people_and_page_owners_are_not_signatories() -> None:
    sentences = [
        "– Det ger effekt, säger kommunpolisen Andreas Sjöqvist.",
        "Kommunstyrelsens ordförande Anna Berg (S) skrev under medborgarlöftet.",
    ]
    lines = ["Sidansvarig:", "Johan Lundell"]
    signatories = find_signatories(lines, sentences)
    assert [(item.name, item.role, item.party) for item in signatories] == [
        ("Anna Berg", "Kommunstyrelsens ordförande", "S")
    ]


def test_news_item_with_inline_focus_areas_nested_lists_and_end_year() -> None:
    text = (
        "Nytt medborgarlöfte i Eksjö\n\nPublicerad 3 mars 2023\n\n"
        "Eksjö kommun och polisen har undertecknat ett medborgarlöfte. Fokusområdena är "
        "trafiksäkerhet, narkotika bland unga och trygghet i centrum. Löftet gäller till och "
        "med 2024.\n\nAktiviteter\n• Polisen ska:\n  ◦ genomföra 20 trafikkontroller per år\n"
        "  ◦ genomföra fem insatser mot narkotika\n• Kommunen ska:\n"
        "  ◦ anordna två trygghetsvandringar\n\n"
        "Eva Svensson, kommunstyrelsens ordförande, Eksjö kommun\n"
        "Lars Berg, lokalpolisområdeschef i Höglandet\n"
    )
    parsed = parse_text(text)
    assert parsed.period is not None
    assert (parsed.period.start_year, parsed.period.end_year) == (2023, 2024)
    assert [item.text for item in parsed.focus_areas] == [
        "Trafiksäkerhet",
        "Narkotika bland unga",
        "Trygghet i centrum",
    ]
    assert [
        (item.actor, item.target.count if item.target else None) for item in parsed.activities
    ] == [
        ("polisen", 20),
        ("polisen", 5),
        ("kommunen", 2),
    ]
    assert parsed.police_area is not None and parsed.police_area.name == "Höglandet"
    assert [(item.name, item.organisation) for item in parsed.signatories] == [
        ("Eva Svensson", "Eksjö kommun"),
        ("Lars Berg", None),
    ]


def test_pdf_line_habits_bullets_on_their_own_line_and_hyphenated_words() -> None:
    text = (
        "Medborgarlöfte Nybro kommun 2025\n\nDetta gör vi genom:\n\n•\n"
        "Polisen ska genomföra tolv trafik-\nkontroller på riksväg 25.\n\n•\n"
        "Kommunen ska samverka med polis-\noch räddningstjänst.\n"
    )
    parsed = parse_text(text)
    assert [item.text for item in parsed.activities] == [
        "Polisen ska genomföra tolv trafikkontroller på riksväg 25.",
        "Kommunen ska samverka med polis- och räddningstjänst.",
    ]
    target = parsed.activities[0].target
    assert target is not None and (target.count, target.unit) == (12, "trafikkontroller")
