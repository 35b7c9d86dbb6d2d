"""Property tests for the Polisen title and datetime parsers."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from lofte.imports.sources.common import SourceFormatError
from lofte.imports.sources.polisen import (
    STOCKHOLM,
    SWEDISH_MONTHS,
    parse_event,
    parse_events,
    parse_published_at,
    parse_title,
    resolve_occurred_at,
)

type_text = st.text(
    alphabet=st.characters(categories=["L", "N", "Zs"], include_characters=",/-"),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "" and text == text.strip())
place_text = st.text(
    alphabet=st.characters(categories=["L", "N"], include_characters=" -"),
    min_size=1,
    max_size=30,
).filter(lambda text: text == text.strip() and text != "" and ", " not in text)


@st.composite
def titles(draw: st.DrawFn) -> tuple[str, date, int, int, str, str]:
    day = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
    hour = draw(st.integers(0, 23))
    minute = draw(st.integers(0, 59))
    event_type = draw(type_text)
    place = draw(place_text)
    day_text = f"{day.day:02d}" if draw(st.booleans()) else str(day.day)
    separator = draw(st.sampled_from([".", ":"]))
    title = (
        f"{day_text} {SWEDISH_MONTHS[day.month - 1]} {hour:02d}{separator}{minute:02d}, "
        f"{event_type}, {place}"
    )
    return title, day, hour, minute, event_type, place


@given(titles(), st.integers(-150, 150))
@settings(max_examples=300)
def test_valid_titles_round_trip(
    case: tuple[str, date, int, int, str, str], offset_days: int
) -> None:
    title_text, day, hour, minute, event_type, place = case
    title = parse_title(title_text)
    assert (title.day, title.month, title.hour, title.minute) == (
        day.day,
        day.month,
        hour,
        minute,
    )
    assert title.place_name == place
    assert title.event_type == event_type
    occurred = resolve_occurred_at(title, day + timedelta(days=offset_days))
    assert occurred.tzinfo is UTC
    local = occurred.astimezone(STOCKHOLM)
    assert local.date() == day
    wall = datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)
    in_spring_gap = wall.astimezone(UTC).astimezone(STOCKHOLM).replace(tzinfo=None) != (
        wall.replace(tzinfo=None)
    )
    if not in_spring_gap:
        assert (local.hour, local.minute) == (hour, minute)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),
    st.sampled_from([0, 60, 120, -300, 330]),
    st.booleans(),
)
def test_published_at_round_trips_with_unpadded_hour(
    moment: datetime, offset_minutes: int, pad_hour: bool
) -> None:
    moment = moment.replace(microsecond=0)
    offset = timedelta(minutes=offset_minutes)
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    hour_text = f"{moment.hour:02d}" if pad_hour else str(moment.hour)
    text = f"{moment:%Y-%m-%d} {hour_text}:{moment:%M:%S} {sign}{hours:02d}:{minutes:02d}"
    parsed = parse_published_at(text)
    assert parsed.tzinfo is UTC
    assert parsed == moment.replace(tzinfo=timezone(offset))


@given(st.text(max_size=80))
def test_garbage_titles_raise_only_source_format_error(text: str) -> None:
    with contextlib.suppress(SourceFormatError):
        parse_title(text)


@given(st.text(max_size=60))
def test_garbage_datetimes_raise_only_source_format_error(text: str) -> None:
    with contextlib.suppress(SourceFormatError):
        parse_published_at(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
record_keys = st.sampled_from(["id", "datetime", "name", "summary", "url", "type", "location"])


@given(st.dictionaries(record_keys, json_values, max_size=7) | json_values)
def test_garbage_records_raise_only_source_format_error(obj: object) -> None:
    with contextlib.suppress(SourceFormatError):
        parse_event(obj, source_name="fuzz.json", row_number=1)


@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode()))
def test_garbage_payloads_raise_only_source_format_error(raw: bytes) -> None:
    with contextlib.suppress(SourceFormatError):
        list(parse_events(raw, "fuzz.bin"))


@given(st.lists(st.dictionaries(record_keys, json_values, max_size=7), max_size=3))
def test_garbage_arrays_raise_only_source_format_error(objects: list[object]) -> None:
    with contextlib.suppress(SourceFormatError):
        list(parse_events(json.dumps(objects), "fuzz.json"))
