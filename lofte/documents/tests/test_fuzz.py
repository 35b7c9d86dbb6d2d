"""Property-based tests: garbage in gives a draft or a ParseError, never a crash."""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lofte.documents.parsing import (
    ACTOR_JOINT,
    PERIOD_UNITS,
    ParsedPromise,
    ParseError,
    parse_document,
    parse_text,
)
from lofte.documents.tests.pdf_builder import build_pdf
from lofte.documents.tests.support import SEEDS, seed_text

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEED_WORDS = sorted({word for path in SEEDS.glob("*.txt") for word in path.read_text().split()})
PROMISE_WORDS = st.sampled_from(
    [
        *SEED_WORDS,
        "•", "-", "1.", "2)", "\n", "\n\n", ":", "|", "\t", "minst", "högst", "upp till",
        "per", "varje", "gånger", "tillfällen", "femton", "tjugofem", "2024", "2020-2021",
        "Polisen ska", "Kommunen ska", "Gemensamt:", "kommuner", "kommunerna", "Region Gotland",
        "lokalpolisområde", "säger", "–", "Den första punkten handlar om att", "§", "årskurs",
    ]
)  # fmt: skip


def _check_invariants(parsed: ParsedPromise) -> None:
    data = parsed.to_json()
    json.dumps(data, ensure_ascii=False)  # serialisable
    for activity in parsed.activities:
        assert activity.text and activity.actor
        assert 0.0 <= activity.confidence <= 1.0
        if activity.target is not None:
            assert activity.target.per is None or activity.target.per in PERIOD_UNITS
            for value in (activity.target.count, activity.target.count_max):
                assert value is None or value >= 0
    if parsed.period is not None:
        assert 2010 <= parsed.period.start_year <= parsed.period.end_year <= 2045
    for municipality in parsed.municipalities:
        assert len(municipality.code) == 4


def _parse_or_reject(data: bytes) -> None:
    try:
        parsed = parse_document(data)
    except ParseError as error:
        assert error.message and error.code
    else:
        _check_invariants(parsed)


@FAST
@given(st.text(max_size=3000))
def test_any_text_gives_a_draft_or_a_parse_error(text: str) -> None:
    try:
        parsed = parse_text(text)
    except ParseError as error:
        assert error.code in {"empty", "too_long"}
    else:
        _check_invariants(parsed)


@FAST
@given(st.lists(PROMISE_WORDS, max_size=400).map(" ".join))
def test_promise_like_word_salad_is_read_without_crashing(text: str) -> None:
    try:
        parsed = parse_text(text)
    except ParseError as error:
        assert error.code == "empty"
    else:
        _check_invariants(parsed)


@FAST
@given(st.binary(max_size=4000))
def test_any_bytes_give_a_draft_or_a_parse_error(data: bytes) -> None:
    _parse_or_reject(data)


@FAST
@given(st.binary(max_size=2000), st.sampled_from([b"%PDF-1.4\n", b"<!DOCTYPE html><p>", b""]))
def test_garbage_behind_a_format_header_is_handled(data: bytes, header: bytes) -> None:
    _parse_or_reject(header + data)


@FAST
@given(st.randoms(use_true_random=False), st.sampled_from(["000", "001", "002", "003", "004"]))
def test_damaged_seeds_are_still_read(rng: random.Random, prefix: str) -> None:
    lines = seed_text(prefix).split("\n")
    for _ in range(rng.randint(1, 8)):
        position = rng.randrange(len(lines))
        action = rng.choice(["drop", "duplicate", "cut", "swap"])
        if action == "drop":
            del lines[position]
        elif action == "duplicate":
            lines.insert(position, lines[position])
        elif action == "cut":
            lines[position] = lines[position][: rng.randrange(len(lines[position]) + 1)]
        else:
            other = rng.randrange(len(lines))
            lines[position], lines[other] = lines[other], lines[position]
    parsed = parse_text("\n".join(lines))
    _check_invariants(parsed)


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_corrupted_pdfs_give_a_draft_or_a_parse_error(rng: random.Random) -> None:
    pdf = bytearray(build_pdf(seed_text("001").split("\n")))
    for _ in range(rng.randint(1, 20)):
        pdf[rng.randrange(len(pdf))] = rng.randrange(256)
    _parse_or_reject(bytes(pdf))


def test_pathological_inputs_finish() -> None:
    # Patterns that make naive regular expressions backtrack; each must simply finish.
    for text in (
        "Aa Bb, " * 4000 + "och Cc kommuner",
        "kommunerna " + "Aa, " * 4000,
        "x" + " " * 50_000 + "y",
        "Å" * 50_000,
        "Den " + "första och " * 3000 + "sista punkten gäller x",
        "Anna Berg\nKommunstyrelsens ordförande\n" * 2000,
        "1 - " * 10_000,
        "a\t" * 10_000,
    ):
        parsed = parse_text(text)
        _check_invariants(parsed)


def test_joint_is_the_default_actor() -> None:
    parsed = parse_text("Detta gör vi genom:\n• Trygghetsvandringar i centrum.\n")
    assert [activity.actor for activity in parsed.activities] == [ACTOR_JOINT]
