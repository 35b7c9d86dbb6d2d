"""Quirks of the five real seed texts, spelled out (the gold test checks every field)."""

from __future__ import annotations

from lofte.documents.parsing import parse_text
from lofte.documents.tests.support import seed_text


def test_vaggeryd_2024_bullets_without_actor_are_joint_and_the_broken_focus_bullet_is_joined() -> (
    None
):
    parsed = parse_text(seed_text("000"))
    assert [item.actor for item in parsed.activities] == ["gemensamt"] * 4
    assert all(item.target is None for item in parsed.activities)
    assert len(parsed.focus_areas) == 4
    assert parsed.focus_areas[1].text.endswith("riskerar att hamna i ett missbruk.")
    assert parsed.police_area is None


def test_vaggeryd_2020_quarterly_traffic_operation_is_one_per_quarter() -> None:
    parsed = parse_text(seed_text("001"))
    (target,) = [item.target for item in parsed.activities if item.target]
    assert (target.count, target.per, target.unit) == (1, "kvartal", "större trafikinsats")
    wrapped = parsed.activities[2]
    assert wrapped.text.endswith("platser (hot spots) i kommunen.")
    assert parsed.follow_up is not None and parsed.follow_up.cadence == "tertialvis"
    names = [item.name for item in parsed.signatories]
    assert names == ["Håkan Boberg", "Gert Jonsson"]
    assert "Johan Lundell" not in names  # "Sidansvarig" in the page footer


def test_varnamo_press_release_paraphrases_four_points_and_ignores_villages_and_quotes() -> None:
    parsed = parse_text(seed_text("002"))
    assert [item.code for item in parsed.municipalities] == ["0683"]
    assert len(parsed.activities) == 4
    assert parsed.activities[0].text.startswith("Fortsätta med arbetsmetodiken")
    assert all(item.target is None for item in parsed.activities)  # "nästan två år" is no target
    assert parsed.police_area is not None and parsed.police_area.name == "Värnamo"
    assert {item.name: item.party for item in parsed.signatories} == {
        "Anders Sund": None,
        "Tobias Pettersson": "M",
    }


def test_vetlanda_word_numbers_actors_period_and_signature_block() -> None:
    parsed = parse_text(seed_text("003"))
    assert parsed.period is not None
    assert (parsed.period.start_year, parsed.period.end_year) == (2020, 2021)
    targets = [
        (item.actor, item.target.count if item.target else None) for item in parsed.activities
    ]
    assert targets == [
        ("gemensamt", None),
        ("polisen", 15),
        ("polisen", 15),
        ("kommunen", 2),
        ("polisen", 15),
        ("kommunen", None),
        ("gemensamt", 2),
    ]
    assert parsed.signatories[1].organisation == "Lokalpolisområde Höglandet"
    assert parsed.follow_up is not None
    assert (parsed.follow_up.cadence, parsed.follow_up.revision) == ("löpande", "årligen")


def test_almhult_history_years_are_not_the_period_and_en_minst_is_one() -> None:
    parsed = parse_text(seed_text("004"))
    assert parsed.period is not None and parsed.period.start_year == 2018
    first = parsed.activities[0].target
    assert first is not None and first.count == 1
    assert parsed.activities[1].actor == "polisen"  # polisär närvaro, fotpatrullering
    assert [item.role for item in parsed.signatories] == [
        "Kommunstyrelsens ordförande",
        "Chef lokalpolisområde Ljungby",
    ]


def test_every_item_keeps_its_source_sentence_and_a_confidence() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed_text(prefix)
        parsed = parse_text(text)
        items = [
            *parsed.activities,
            *parsed.focus_areas,
            *parsed.municipalities,
            *parsed.signatories,
        ]
        for item in items:
            assert 0.0 < item.confidence <= 1.0
            first_words = " ".join(item.source_text.split()[:3])
            assert first_words and first_words.split()[0] in text
