from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lofte.analysis.risk_days import default_school_end, risk_day_excess, risk_days
from lofte.analysis.time_patterns import hour_of_week, seasonality
from lofte.analysis.timebase import (
    as_instants,
    easter_sunday,
    local_from_naive,
    to_local,
    weekday_and_hour,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@settings(max_examples=300, deadline=None)
@given(
    st.integers(
        int(datetime(1997, 1, 1, tzinfo=UTC).timestamp()),
        int(datetime(2040, 1, 1, tzinfo=UTC).timestamp()),
    )
)
def test_local_time_matches_zoneinfo(seconds: int) -> None:
    instant = datetime.fromtimestamp(seconds, tz=UTC)
    expected = instant.astimezone(STOCKHOLM).replace(tzinfo=None)
    local = to_local(np.array([np.datetime64(seconds, "s")]))[0]
    assert local.astype(datetime) == expected
    assert local_from_naive(np.array([local]))[0] == np.datetime64(seconds, "s") or (
        # the autumn hour that occurs twice is read as summer time
        expected.month == 10
    )


def test_weekday_and_hour() -> None:
    local = np.array(["2024-05-06T00:30", "2024-05-12T23:59"], dtype="datetime64[s]")
    weekday, hour = weekday_and_hour(local)
    assert weekday.tolist() == [0, 6]  # Monday, Sunday
    assert hour.tolist() == [0, 23]


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2019, date(2019, 4, 21)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter(year: int, day: date) -> None:
    assert easter_sunday(year) == day


def test_risk_days_2025() -> None:
    days = {p.name: p for p in risk_days(2025)}
    assert days["pask"].first_day == date(2025, 4, 18) and days["pask"].last_day == date(
        2025, 4, 21
    )
    assert days["valborg"].start == datetime(2025, 4, 30, 6) and days["valborg"].end == datetime(
        2025, 5, 1, 6
    )
    assert days["midsommar"].first_day == date(2025, 6, 20)
    assert days["skolavslutning"].first_day == date(2025, 6, 13) == default_school_end(2025)
    assert days["studenten"].first_day == date(2025, 6, 2) and days["studenten"].last_day == date(
        2025, 6, 6
    )
    assert days["nyarsafton"].end == datetime(2026, 1, 1, 6)
    custom = {
        p.name: p
        for p in risk_days(
            2025, school_end=date(2025, 6, 11), graduation=(date(2025, 6, 9), date(2025, 6, 10))
        )
    }
    assert custom["skolavslutning"].first_day == date(2025, 6, 11)
    assert custom["studenten"].last_day == date(2025, 6, 10)


@settings(max_examples=50, deadline=None)
@given(st.integers(1990, 2100))
def test_midsommar_is_a_friday_in_its_week(year: int) -> None:
    day = {p.name: p for p in risk_days(year)}["midsommar"].first_day
    assert day.weekday() == 4 and 19 <= day.day <= 25 and day.month == 6


def _uniform_times(rng: np.random.Generator, n: int, start: str, days: int) -> np.ndarray:
    offsets = rng.integers(0, days * 86_400, n).astype("timedelta64[s]")
    return np.datetime64(start, "s") + offsets


def test_hour_of_week_counts_in_local_time() -> None:
    times = np.array(
        ["2024-05-06T20:30:00", "2024-01-08T20:30:00", "2024-05-11T22:10:00"], dtype="datetime64[s]"
    )  # UTC: 22:30 and 21:30 local on Mondays, 00:10 local on Sunday
    result = hour_of_week(times, category=["a", "b", "a"])
    assert result.counts[0, 22] == 1 and result.counts[0, 21] == 1 and result.counts[6, 0] == 1
    assert result.total == 3
    assert result.by_category["a"].sum() == 2
    assert result.share().sum() == pytest.approx(1.0)


def test_seasonality_index(rng: np.random.Generator) -> None:
    times = _uniform_times(rng, 20_000, "2022-01-01T00:00:00", 3 * 365)
    extra = _uniform_times(rng, 2_000, "2023-07-01T00:00:00", 31)
    result = seasonality(np.concatenate([times, extra]), date(2022, 1, 1), date(2024, 12, 31))
    assert result.index[6] > 1.5  # July
    assert np.all(np.abs(np.delete(result.index, 6) - 0.9) < 0.15)
    assert result.days.sum() == (date(2024, 12, 31) - date(2022, 1, 1)).days


def test_risk_day_excess_finds_valborg(rng: np.random.Generator) -> None:
    times = _uniform_times(rng, 30_000, "2022-01-01T00:00:00", 3 * 365)
    party = np.datetime64("2023-04-30T18:00:00", "s") + rng.integers(0, 6 * 3600, 80).astype(
        "timedelta64[s]"
    )
    result = {r.name: r for r in risk_day_excess(np.concatenate([times, party]))}
    valborg = result["valborg"]
    assert valborg.is_increase and valborg.ratio > 1.5
    assert valborg.years == (2022, 2023, 2024)
    assert not result["halloween"].is_increase
    # Expected count ≈ 30 000 / (3 × 365) per day × 3 days.
    assert valborg.expected == pytest.approx(30_000 / (3 * 365) * 3, rel=0.25)


def test_as_instants_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        as_instants([datetime(2024, 1, 1, 12)])
    aware = as_instants([datetime(2024, 1, 1, 12, tzinfo=STOCKHOLM)])
    assert aware[0] == np.datetime64("2024-01-01T11:00:00")
    assert to_local(aware)[0] == np.datetime64("2024-01-01T12:00:00")
    assert (to_local(aware) - np.timedelta64(1, "h"))[0] == aware[0]
