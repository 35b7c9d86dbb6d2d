"""The progress formulas at their edges: leap days, period and year boundaries, DST days."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lofte.promises.progress import (
    STOCKHOLM,
    Kind,
    Performance,
    Status,
    Target,
    Unit,
    day_bounds,
    elapsed_share,
    evaluate,
    period_bounds,
    periods_between,
    risk_day,
    risk_day_occurrences,
    roll_up,
    stockholm_date,
    tertial_bounds,
    tertial_of,
)

D = dt.date
UTC = dt.UTC


def done(*days: dt.date) -> list[Performance]:
    return [Performance(d) for d in days]


# --- Tertials and periods -----------------------------------------------------------------

@pytest.mark.parametrize(("day", "tertial"), [
    (D(2024, 1, 1), 1), (D(2024, 4, 30), 1), (D(2024, 5, 1), 2), (D(2024, 8, 31), 2),
    (D(2024, 9, 1), 3), (D(2024, 12, 31), 3), (D(2024, 2, 29), 1),
])
def test_tertial_of_boundaries(day: dt.date, tertial: int) -> None:
    assert tertial_of(day) == tertial


def test_tertial_bounds() -> None:
    assert tertial_bounds(2024, 1) == (D(2024, 1, 1), D(2024, 4, 30))
    assert tertial_bounds(2024, 2) == (D(2024, 5, 1), D(2024, 8, 31))
    assert tertial_bounds(2024, 3) == (D(2024, 9, 1), D(2024, 12, 31))
    with pytest.raises(ValueError, match="Tertial"):
        tertial_bounds(2024, 4)


def test_february_in_leap_and_common_years() -> None:
    assert period_bounds(Unit.MONTH, D(2024, 2, 10)) == (D(2024, 2, 1), D(2024, 2, 29))
    assert period_bounds(Unit.MONTH, D(2026, 2, 10)) == (D(2026, 2, 1), D(2026, 2, 28))
    assert period_bounds(Unit.QUARTER, D(2024, 3, 31)) == (D(2024, 1, 1), D(2024, 3, 31))
    assert period_bounds(Unit.TERM, D(2024, 7, 1)) == (D(2024, 7, 1), D(2024, 12, 31))


def test_periods_span_two_years_and_clip() -> None:
    quarters = periods_between(Unit.QUARTER, D(2020, 6, 18), D(2021, 2, 1))
    assert quarters == [
        (D(2020, 6, 18), D(2020, 6, 30)), (D(2020, 7, 1), D(2020, 9, 30)),
        (D(2020, 10, 1), D(2020, 12, 31)), (D(2021, 1, 1), D(2021, 2, 1)),
    ]


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)),
       st.sampled_from(list(Unit)))
def test_period_contains_day_and_periods_tile(day: dt.date, unit: Unit) -> None:
    first, last = period_bounds(unit, day)
    assert first <= day <= last
    following = period_bounds(unit, last + dt.timedelta(days=1))
    assert following[0] == last + dt.timedelta(days=1)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 1, 1)),
       st.integers(min_value=0, max_value=1200), st.sampled_from(list(Unit)))
def test_periods_between_cover_the_range_without_gaps(start: dt.date, length: int,
                                                      unit: Unit) -> None:
    end = start + dt.timedelta(days=length)
    parts = periods_between(unit, start, end)
    assert parts[0][0] == start
    assert parts[-1][1] == end
    for (_, a_end), (b_start, _) in itertools.pairwise(parts):
        assert b_start == a_end + dt.timedelta(days=1)


# --- Stockholm dates around DST -----------------------------------------------------------

def test_stockholm_date_across_midnight_and_dst() -> None:
    # 22:30 UTC on 28 March 2026 is 23:30 CET (still the 28th); 23:30 UTC is 01:30 CET the 29th.
    assert stockholm_date(dt.datetime(2026, 3, 28, 22, 30, tzinfo=UTC)) == D(2026, 3, 28)
    assert stockholm_date(dt.datetime(2026, 3, 28, 23, 30, tzinfo=UTC)) == D(2026, 3, 29)
    # Summer time: 22:30 UTC is already 00:30 CEST the next day.
    assert stockholm_date(dt.datetime(2026, 4, 30, 22, 30, tzinfo=UTC)) == D(2026, 5, 1)
    # New year's eve in UTC is new year's day in Sweden: the tertial changes with it.
    moment = dt.datetime(2025, 12, 31, 23, 15, tzinfo=UTC)
    assert stockholm_date(moment) == D(2026, 1, 1)
    assert tertial_of(stockholm_date(moment)) == 1
    with pytest.raises(ValueError, match="tidszon"):
        stockholm_date(dt.datetime(2026, 1, 1, 12, 0))


def test_day_bounds_on_dst_change_days() -> None:
    start, end = day_bounds(D(2026, 3, 29))  # spring forward: 23 hours
    assert end - start == dt.timedelta(hours=23)
    start, end = day_bounds(D(2026, 10, 25))  # fall back: 25 hours
    assert end - start == dt.timedelta(hours=25)
    start, end = day_bounds(D(2026, 6, 1))
    assert (end - start) == dt.timedelta(hours=24)
    assert start == dt.datetime(2026, 6, 1, tzinfo=STOCKHOLM)


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2060, 1, 1),
                    timezones=st.just(UTC)))
def test_every_instant_falls_in_its_day_bounds(moment: dt.datetime) -> None:
    start, end = day_bounds(stockholm_date(moment))
    assert start <= moment < end


# --- Pro rata -------------------------------------------------------------------------------

def test_elapsed_share_edges_and_leap_year() -> None:
    assert elapsed_share(D(2024, 1, 1), D(2024, 12, 31), D(2023, 12, 31)) == 0
    assert elapsed_share(D(2024, 1, 1), D(2024, 12, 31), D(2024, 1, 1)) == 1 / 366
    assert elapsed_share(D(2024, 1, 1), D(2024, 12, 31), D(2024, 2, 29)) == 60 / 366
    assert elapsed_share(D(2024, 1, 1), D(2024, 12, 31), D(2024, 12, 31)) == 1
    assert elapsed_share(D(2026, 1, 1), D(2026, 12, 31), D(2026, 7, 2)) == 183 / 365


def test_fifteen_in_two_years() -> None:
    """Vetlanda: "minst femton trafikkontroller" over 2020-09-01..2022-08-31."""
    target = Target(Kind.AT_LEAST_IN_PERIOD, 15)
    start, end = D(2020, 9, 1), D(2022, 8, 31)
    halfway = D(2021, 8, 31)
    # 365 of 730 days: 7.5 expected; 7 done is in phase, 6 is risk (>= floor 5.6), 4 is behind.
    assert evaluate(target, start, end, done(*[D(2021, 1, 1)] * 7), halfway).status == \
        Status.ON_TRACK
    assert evaluate(target, start, end, done(*[D(2021, 1, 1)] * 5), halfway).status == \
        Status.AT_RISK
    assert evaluate(target, start, end, done(*[D(2021, 1, 1)] * 4), halfway).status == \
        Status.BEHIND
    finished = evaluate(target, start, end, done(*[D(2021, 1, 1)] * 15), halfway)
    assert finished.status == Status.DONE
    assert finished.percent == 100
    # After the end, anything short of the target is behind.
    late = evaluate(target, start, end, done(*[D(2021, 1, 1)] * 14), D(2022, 9, 1))
    assert late.status == Status.BEHIND
    # Records outside the period do not count.
    outside = evaluate(target, start, end, done(D(2020, 8, 31), D(2022, 9, 1)), halfway)
    assert outside.done == 0


def test_nothing_expected_on_the_first_day() -> None:
    target = Target(Kind.AT_LEAST_IN_PERIOD, 2)
    progress = evaluate(target, D(2024, 1, 1), D(2024, 12, 31), [], D(2024, 1, 1))
    assert progress.status == Status.ON_TRACK
    assert progress.expected_whole == 0


def test_quantity_counts_occasions() -> None:
    target = Target(Kind.AT_LEAST_IN_PERIOD, 4)
    progress = evaluate(target, D(2018, 1, 1), D(2018, 12, 31),
                        [Performance(D(2018, 3, 1), quantity=4)], D(2018, 3, 2))
    assert progress.status == Status.DONE


def test_invalid_targets() -> None:
    with pytest.raises(ValueError, match="antal"):
        evaluate(Target(Kind.AT_LEAST_IN_PERIOD), D(2024, 1, 1), D(2024, 2, 1), [],
                 D(2024, 1, 5))
    with pytest.raises(ValueError, match="Perioden"):
        evaluate(Target(Kind.AT_LEAST_IN_PERIOD, 1), D(2024, 2, 1), D(2024, 1, 1), [],
                 D(2024, 1, 5))


# --- Per period -------------------------------------------------------------------------------

def test_once_every_quarter_from_mid_june() -> None:
    """Vaggeryd 2020: "en gång varje kvartal" from the signing on 18 June to 31 December."""
    target = Target(Kind.PER_PERIOD, 1, Unit.QUARTER)
    start, end = D(2020, 6, 18), D(2020, 12, 31)
    progress = evaluate(target, start, end, done(D(2020, 8, 20)), D(2020, 10, 15))
    assert [p.target for p in progress.periods] == [0, 1, 1]  # 13 days of Q2 owe nothing
    assert progress.periods[1].status == Status.DONE
    assert progress.periods[2].is_current
    assert progress.status == Status.ON_TRACK
    # Two in Q3 and none in Q4 is not enough: a surplus does not carry over.
    carried = evaluate(target, start, end, done(D(2020, 8, 1), D(2020, 9, 1)), D(2021, 1, 1))
    assert carried.credited == 1
    assert carried.status == Status.BEHIND


def test_per_tertial_at_the_tertial_edges() -> None:
    target = Target(Kind.PER_PERIOD, 2, Unit.TERTIAL)
    start, end = D(2024, 1, 1), D(2024, 12, 31)
    # Records on 30 April count for T1, on 1 May for T2.
    progress = evaluate(target, start, end, done(D(2024, 4, 30), D(2024, 4, 30), D(2024, 5, 1)),
                        D(2024, 5, 1))
    t1, t2, _ = progress.periods
    assert (t1.done, t2.done) == (2, 1)
    assert t1.status == Status.DONE
    assert t2.is_current


def test_per_month_missed_months() -> None:
    target = Target(Kind.PER_PERIOD, 1, Unit.MONTH)
    start, end = D(2024, 1, 1), D(2024, 12, 31)
    one_missed = evaluate(target, start, end, done(D(2024, 2, 29)), D(2024, 3, 1))
    assert one_missed.status == Status.AT_RISK  # January missed, February (leap day) done
    two_missed = evaluate(target, start, end, done(D(2024, 3, 2)), D(2024, 3, 5))
    assert two_missed.status == Status.BEHIND


# --- By date and risk days ----------------------------------------------------------------

def test_by_date() -> None:
    target = Target(Kind.BY_DATE, 1, due=D(2024, 6, 30))
    start, end = D(2024, 1, 1), D(2024, 12, 31)
    assert evaluate(target, start, end, [], D(2024, 6, 30)).status != Status.DONE
    assert evaluate(target, start, end, [], D(2024, 7, 1)).status == Status.BEHIND
    assert evaluate(target, start, end, done(D(2024, 6, 30)), D(2024, 7, 1)).status == \
        Status.DONE
    # Done after the deadline does not meet it.
    assert evaluate(target, start, end, done(D(2024, 7, 2)), D(2024, 8, 1)).status == \
        Status.BEHIND


def test_risk_days() -> None:
    assert risk_day("valborg", 2024) == D(2024, 4, 30)
    assert risk_day("midsommar", 2024) == D(2024, 6, 21)
    assert risk_day("midsommar", 2026) == D(2026, 6, 19)
    assert risk_day("pask", 2024) == D(2024, 3, 29)  # långfredagen
    assert risk_day("nyar", 2020) == D(2020, 12, 31)
    occurrences = risk_day_occurrences(["nyar", "valborg"], D(2020, 9, 1), D(2022, 8, 31))
    assert [d for _, d in occurrences] == [D(2020, 12, 31), D(2021, 4, 30), D(2021, 12, 31),
                                           D(2022, 4, 30)]


def test_recurring_dates_progress() -> None:
    target = Target(Kind.RECURRING_DATES, risk_days=("valborg", "midsommar"))
    start, end = D(2026, 1, 1), D(2026, 12, 31)
    # Campaign two weeks before valborg covers it; midsommar has not come yet.
    progress = evaluate(target, start, end, done(D(2026, 4, 16)), D(2026, 5, 10))
    assert (progress.done, progress.target) == (1, 2)
    assert progress.status == Status.ON_TRACK
    missed = evaluate(target, start, end, [], D(2026, 5, 10))
    assert missed.status == Status.AT_RISK
    assert missed.periods[0].status == Status.BEHIND
    assert evaluate(target, start, end, [], D(2026, 7, 1)).status == Status.BEHIND


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)))
def test_midsommar_is_a_friday_in_late_june(day: dt.date) -> None:
    midsommar = risk_day("midsommar", day.year)
    assert midsommar.weekday() == 4
    assert D(day.year, 6, 19) <= midsommar <= D(day.year, 6, 25)


# --- Properties and roll-up -----------------------------------------------------------------

target_strategy = st.one_of(
    st.builds(Target, st.just(Kind.AT_LEAST_IN_PERIOD), st.integers(1, 40)),
    st.builds(Target, st.just(Kind.PER_PERIOD), st.integers(1, 5), st.sampled_from(list(Unit))),
)


@given(target_strategy, st.dates(min_value=D(2018, 1, 1), max_value=D(2030, 1, 1)),
       st.integers(0, 1100), st.integers(-30, 1200),
       st.lists(st.integers(0, 1100), max_size=40))
def test_more_work_never_worsens_the_status(target: Target, start: dt.date, length: int,
                                           offset: int, record_offsets: list[int]) -> None:
    end = start + dt.timedelta(days=length)
    today = start + dt.timedelta(days=offset)
    records = done(*[start + dt.timedelta(days=o % (length + 1)) for o in record_offsets])
    before = evaluate(target, start, end, records, today)
    after = evaluate(target, start, end, [*records, Performance(today)], today)
    severity = {Status.DONE: 0, Status.ON_TRACK: 1, Status.AT_RISK: 2, Status.BEHIND: 3}
    assert severity[after.status] <= severity[before.status]
    assert 0 <= before.percent <= 100
    assert before.expected <= (before.target or 0) + 1e-9


@given(target_strategy, st.dates(min_value=D(2018, 1, 1), max_value=D(2030, 1, 1)),
       st.integers(0, 1100))
def test_expected_grows_with_time(target: Target, start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    previous = -1.0
    for offset in range(-1, length + 2, max(1, length // 7)):
        progress = evaluate(target, start, end, [], start + dt.timedelta(days=offset))
        assert progress.expected >= previous - 1e-9
        previous = progress.expected


def test_roll_up_takes_the_worst_status() -> None:
    good = evaluate(Target(Kind.AT_LEAST_IN_PERIOD, 1), D(2024, 1, 1), D(2024, 12, 31),
                    done(D(2024, 1, 2)), D(2024, 6, 1))
    bad = evaluate(Target(Kind.AT_LEAST_IN_PERIOD, 10), D(2024, 1, 1), D(2024, 12, 31), [],
                   D(2024, 12, 1))
    result = roll_up([good, bad])
    assert result.status == Status.BEHIND
    assert result.percent == 50
    assert result.counts["klar"] == 1
    assert roll_up([]).total == 0
