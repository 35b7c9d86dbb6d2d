"""Kommun names in running text: every form, whole words only, parties not bystanders."""

from __future__ import annotations

import pytest

from lofte.documents.parsing import parse_text
from lofte.documents.parsing.municipalities import find_mentions, gazetteer, genitive


def test_all_290_kommuner_are_loaded_with_scb_codes() -> None:
    names = gazetteer()
    assert len(names.by_code) == 290
    assert names.by_code["0685"].name == "Vetlanda"
    assert all(len(code) == 4 and code.isdigit() for code in names.by_code)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Vaggeryd", "Vaggeryds"), ("Älmhult", "Älmhults"), ("Mönsterås", "Mönsterås"),
     ("Borås", "Borås"), ("Falun", "Falu"), ("Vetlanda", "Vetlandas")],
)  # fmt: skip
def test_genitive(name: str, expected: str) -> None:
    assert genitive(name) == expected


@pytest.mark.parametrize(
    ("text", "code", "is_strong"),
    [
        ("Vaggeryds kommun och polisen", "0665", True),
        ("Medborgarlöfte Älmhult kommun 2018", "0765", True),
        ("Mönsterås kommun lovar", "0861", True),
        ("i Falu kommun", "2080", True),
        ("Region Gotland och polisen", "0980", True),
        ("Gotlands kommun", "0980", True),
        ("Stockholms stad och polisen", "0180", True),
        ("Upplands Väsby kommun", "0114", True),
        ("Malung-Sälens kommun", "2023", True),
        ("Marks kommun", "1463", True),
        ("Medborgarlöfte i Vetlanda", "0685", False),
    ],
)
def test_forms_are_found(text: str, code: str, is_strong: bool) -> None:
    mentions = find_mentions(text)
    assert [(mention.code, mention.is_strong) for mention in mentions] == [(code, is_strong)]


@pytest.mark.parametrize(
    "text",
    [
        "Värnamopolisen undertecknade",  # inside a compound
        "Malmö-Köpenhamnsområdet är nära",  # inside a hyphenated compound
        "nu har man dragit i gång ute i Bor",  # a village, not Borås
        "Mark och vatten",  # a word, not the kommun, unless "Marks kommun"
        "Anna Berg är ordförande",  # a surname
        "Bredaryd och Lanna",  # villages
    ],
)
def test_no_false_kommun_mentions(text: str) -> None:
    assert find_mentions(text) == []


def test_lists_of_kommuner() -> None:
    codes = {m.code for m in find_mentions("Ljusdals, Hudiksvalls och Nordanstigs kommuner")}
    assert codes == {"2161", "2184", "2132"}
    codes = {m.code for m in find_mentions("kommunerna Gnosjö, Gislaved och Vaggeryd")}
    assert codes == {"0617", "0662", "0665"}
    sentence = "I dag undertecknade Ljusdals, Hudiksvalls och Nordanstigs kommuner ett löfte"
    assert [m.code for m in find_mentions(sentence)] == ["2161", "2184", "2132"]
    sentence = "tillsammans med kommunerna Gnosjö och Gislaved tillsammans med polisen"
    assert [m.code for m in find_mentions(sentence)] == ["0617", "0662"]
    assert [m.code for m in find_mentions("Upplands Väsby och Sollentuna kommuner")] == [
        "0114",
        "0163",
    ]
    assert find_mentions("alla kommuner i länet och andra kommuner") == []


def test_parties_are_those_named_in_the_promise_not_neighbours() -> None:
    text = (
        "Medborgarlöfte 2023\n\n"
        "Eksjö kommun och Polisen lovar att arbeta för ökad trygghet.\n\n"
        "Brottsligheten är lägre än i Jönköpings kommun och grannkommunen Nässjö kommun.\n\n"
        "Detta gör vi genom:\n• Polisen ska genomföra tio trafikkontroller.\n"
    )
    parsed = parse_text(text)
    assert [item.code for item in parsed.municipalities] == ["0686"]
