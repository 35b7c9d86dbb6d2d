"""Progress of promises: computed from what was done, never typed in.

Pure and typed: no Django, no database. The web layer turns activities and records into
:class:`Target` and :class:`Performance` values and shows the :class:`Progress` it gets back.

Vocabulary
----------
- *period*: the promise's validity, ``start``..``end`` inclusive (calendar dates).
- *expected*: how much should be done by ``today`` (a float), either pro rata over the period
  (``at_least_in_period``), per period (``per_period``), towards a due date (``by_date``) or the
  risk days that have passed (``recurring_dates``).
- *status*: ``klar`` (the whole target is met), ``i_fas`` (at least the whole occasions that
  should be done by today are done), ``risk`` (behind, but at least 75 % of them are done),
  ``efter`` (further behind, or the period or deadline has passed without meeting the target).

Tertials are T1 January–April, T2 May–August, T3 September–December. "Today" is the calendar
date in Europe/Stockholm (:func:`stockholm_date`), so an evening in UTC can already be the next
day in Sweden.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
RISK_SHARE = 0.75
# A risk-day activity counts when it was performed within this many days before the day (or on
# the day itself or the day after: information campaigns run ahead of valborg, patrols on it).
RISK_DAY_LEAD_DAYS = 21
RISK_DAY_LAG_DAYS = 1


class Status(StrEnum):
    ON_TRACK = "i_fas"
    AT_RISK = "risk"
    BEHIND = "efter"
    DONE = "klar"


STATUS_LABELS: dict[str, str] = {
    Status.ON_TRACK: "I fas",
    Status.AT_RISK: "Risk",
    Status.BEHIND: "Efter",
    Status.DONE: "Klar",
}
# Worst first: a roll-up takes the worst status of its parts.
_SEVERITY = {Status.BEHIND: 3, Status.AT_RISK: 2, Status.ON_TRACK: 1, Status.DONE: 0}


class Kind(StrEnum):
    AT_LEAST_IN_PERIOD = "at_least_in_period"
    PER_PERIOD = "per_period"
    BY_DATE = "by_date"
    RECURRING_DATES = "recurring_dates"
    QUALITATIVE = "qualitative"


class Unit(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    TERTIAL = "tertial"
    TERM = "term"
    YEAR = "year"


@dataclass(frozen=True)
class Target:
    """What an activity promises. ``count`` is required except for qualitative targets."""

    kind: Kind
    count: int | None = None
    unit: Unit | None = None
    due: dt.date | None = None
    risk_days: tuple[str, ...] = ()
    has_assessment: bool = False


@dataclass(frozen=True)
class Performance:
    """One logged performance: the day (Stockholm calendar) and how many occasions."""

    performed_on: dt.date
    quantity: int = 1


@dataclass(frozen=True)
class PeriodProgress:
    label: str
    start: dt.date
    end: dt.date
    target: int
    done: int
    status: Status
    is_current: bool = False


@dataclass(frozen=True)
class Progress:
    """The computed state of one activity on ``today``.

    ``done`` counts occasions (for recurring dates: risk days covered); ``credited`` is what
    counts towards the target (per-period targets do not carry a surplus to other periods).
    ``target`` is None for qualitative targets.
    """

    status: Status
    done: int
    credited: int
    target: int | None
    expected: float
    periods: tuple[PeriodProgress, ...] = ()

    @property
    def share(self) -> float:
        """Share of the whole target met, 0..1 (qualitative: 1 when done, else 0)."""
        if not self.target:
            return 1.0 if self.status == Status.DONE else 0.0
        return min(1.0, self.credited / self.target)

    @property
    def percent(self) -> int:
        return round(self.share * 100)

    @property
    def expected_whole(self) -> int:
        return math.floor(self.expected + 1e-9)


@dataclass(frozen=True)
class RollUp:
    """Progress of a commitment or a whole promise, from its activities."""

    status: Status
    percent: int
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0


# --- Dates ----------------------------------------------------------------------------------

def stockholm_date(moment: dt.datetime) -> dt.date:
    """The calendar date in Sweden at an aware instant. Raises ValueError for naive input."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Tidpunkten saknar tidszon.")
    return moment.astimezone(STOCKHOLM).date()


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The aware instants [start, end) of a Swedish calendar day (23 or 25 hours on DST days)."""
    # Returned in UTC: subtracting two datetimes that share a zone uses wall-clock time.
    start = dt.datetime.combine(day, dt.time.min, tzinfo=STOCKHOLM)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=STOCKHOLM)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def tertial_of(day: dt.date) -> int:
    """1 for January–April, 2 for May–August, 3 for September–December."""
    return (day.month - 1) // 4 + 1


def tertial_bounds(year: int, number: int) -> tuple[dt.date, dt.date]:
    """First and last day of tertial ``number`` (1–3) of ``year``. Raises ValueError."""
    if number not in (1, 2, 3):
        raise ValueError("Tertial måste vara 1, 2 eller 3.")
    first_month = (number - 1) * 4 + 1
    last_month = first_month + 3
    return (dt.date(year, first_month, 1),
            dt.date(year, last_month, calendar.monthrange(year, last_month)[1]))


def period_bounds(unit: Unit, day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar period of ``unit`` containing ``day``."""
    year = day.year
    if unit == Unit.MONTH:
        first, last = day.month, day.month
    elif unit == Unit.QUARTER:
        first = (day.month - 1) // 3 * 3 + 1
        last = first + 2
    elif unit == Unit.TERTIAL:
        return tertial_bounds(year, tertial_of(day))
    elif unit == Unit.TERM:
        first, last = (1, 6) if day.month <= 6 else (7, 12)
    else:
        first, last = 1, 12
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def period_label(unit: Unit, start: dt.date) -> str:
    if unit == Unit.MONTH:
        return f"{MONTHS[start.month - 1]} {start.year}"
    if unit == Unit.QUARTER:
        return f"Kvartal {(start.month - 1) // 3 + 1} {start.year}"
    if unit == Unit.TERTIAL:
        return f"Tertial {tertial_of(start)} {start.year}"
    if unit == Unit.TERM:
        return f"{'Vårterminen' if start.month <= 6 else 'Höstterminen'} {start.year}"
    return str(start.year)


MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")


def periods_between(unit: Unit, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Calendar periods of ``unit`` overlapping [start, end], clipped to it, in order."""
    if end < start:
        return []
    result: list[tuple[dt.date, dt.date]] = []
    day = start
    while day <= end:
        first, last = period_bounds(unit, day)
        result.append((max(first, start), min(last, end)))
        day = last + dt.timedelta(days=1)
    return result


def days_inclusive(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1


def elapsed_share(start: dt.date, end: dt.date, today: dt.date) -> float:
    """Share of [start, end] (inclusive days) that has passed at the end of ``today``, 0..1."""
    if today < start:
        return 0.0
    if today >= end:
        return 1.0
    return days_inclusive(start, today) / days_inclusive(start, end)


# --- Risk days ------------------------------------------------------------------------------

def _easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _friday_between(year: int, month: int, first_day: int) -> dt.date:
    day = dt.date(year, month, first_day)
    return day + dt.timedelta(days=(4 - day.weekday()) % 7)


# key -> (Swedish label, function year -> date). School end and graduation vary by school;
# the dates are the usual Friday and are good enough to plan information campaigns around.
RISK_DAYS: dict[str, tuple[str, object]] = {
    "pask": ("Påsk", lambda y: _easter_sunday(y) - dt.timedelta(days=2)),
    "valborg": ("Valborg", lambda y: dt.date(y, 4, 30)),
    "student": ("Studenten", lambda y: _friday_between(y, 6, 3)),
    "skolavslutning": ("Skolavslutning", lambda y: _friday_between(y, 6, 10)),
    "midsommar": ("Midsommar", lambda y: _friday_between(y, 6, 19)),
    "halloween": ("Halloween", lambda y: dt.date(y, 10, 31)),
    "jul": ("Jul", lambda y: dt.date(y, 12, 24)),
    "nyar": ("Nyår", lambda y: dt.date(y, 12, 31)),
}


def risk_day(key: str, year: int) -> dt.date:
    """The date of risk day ``key`` in ``year``. Raises KeyError for an unknown key."""
    function = RISK_DAYS[key][1]
    return function(year)  # type: ignore[operator,no-any-return]


def risk_day_occurrences(keys: Iterable[str], start: dt.date, end: dt.date
                         ) -> list[tuple[str, dt.date]]:
    """Every (key, date) of the given risk days that falls within [start, end], by date."""
    found = [(key, risk_day(key, year)) for key in keys
             for year in range(start.year, end.year + 1)]
    return sorted(((k, d) for k, d in found if start <= d <= end), key=lambda kd: kd[1])


# --- Evaluation -----------------------------------------------------------------------------

def _status(done: float, expected: float, target: int, is_over: bool) -> Status:
    if done >= target:
        return Status.DONE
    if is_over:
        return Status.BEHIND
    due = math.floor(expected + 1e-9)
    if done >= due:
        return Status.ON_TRACK
    if done >= math.floor(RISK_SHARE * expected + 1e-9):
        return Status.AT_RISK
    return Status.BEHIND


def _count(performances: Iterable[Performance], start: dt.date, end: dt.date) -> int:
    return sum(p.quantity for p in performances if start <= p.performed_on <= end)


def evaluate(target: Target, start: dt.date, end: dt.date,
             performances: Sequence[Performance], today: dt.date) -> Progress:
    """Compute the progress of one activity on ``today``.

    Only performances within [start, end] count. Raises ValueError when the target lacks the
    fields its kind needs or the period is reversed.
    """
    if end < start:
        raise ValueError("Perioden slutar före den börjar.")
    done = _count(performances, start, end)
    is_over = today > end
    if target.kind == Kind.QUALITATIVE:
        return _qualitative(target, start, end, done, today)
    if target.kind == Kind.RECURRING_DATES:
        return _recurring(target, start, end, performances, today)
    if target.count is None or target.count < 1:
        raise ValueError("Målet saknar antal.")
    count = target.count
    if target.kind == Kind.AT_LEAST_IN_PERIOD:
        expected = count * elapsed_share(start, end, today)
        return Progress(_status(done, expected, count, is_over), done, min(done, count), count,
                        expected)
    if target.kind == Kind.BY_DATE:
        due = min(target.due or end, end)
        expected = count * elapsed_share(start, due, today)
        counted = _count(performances, start, due)
        status = _status(counted, expected, count, today > due)
        return Progress(status, done, min(counted, count), count, expected)
    if target.kind == Kind.PER_PERIOD:
        return _per_period(target, count, start, end, performances, today)
    raise ValueError(f"Okänd måltyp: {target.kind}")


def _qualitative(target: Target, start: dt.date, end: dt.date, done: int,
                 today: dt.date) -> Progress:
    # A qualitative target has no number: it is "klar" once the period is over and work was
    # done and assessed; during the period, doing something keeps it in phase.
    if today > end:
        status = Status.DONE if done and target.has_assessment else Status.BEHIND
    elif done or elapsed_share(start, end, today) < 0.25:
        status = Status.ON_TRACK
    else:
        status = Status.AT_RISK
    return Progress(status, done, done, None, 0.0)


def _recurring(target: Target, start: dt.date, end: dt.date,
               performances: Sequence[Performance], today: dt.date) -> Progress:
    occurrences = risk_day_occurrences(target.risk_days, start, end)
    periods: list[PeriodProgress] = []
    covered = 0
    passed = 0
    for key, day in occurrences:
        window_start = day - dt.timedelta(days=RISK_DAY_LEAD_DAYS)
        window_end = day + dt.timedelta(days=RISK_DAY_LAG_DAYS)
        hits = _count(performances, max(window_start, start), min(window_end, end))
        is_passed = today > window_end
        passed += is_passed
        covered += hits > 0
        if hits:
            status = Status.DONE
        elif is_passed:
            status = Status.BEHIND
        else:
            status = Status.ON_TRACK
        periods.append(PeriodProgress(
            label=f"{RISK_DAYS[key][0]} {day.year}", start=window_start, end=day, target=1,
            done=hits, status=status, is_current=window_start <= today <= window_end,
        ))
    total = len(occurrences)
    if total == 0:
        return Progress(Status.ON_TRACK, 0, 0, 0, 0.0, tuple(periods))
    # "Expected" is the risk days already passed; the occasions done count only when they
    # were in a risk day's window. A missed risk day cannot be made up later.
    missed = _missed(periods)
    if covered >= total:
        status = Status.DONE
    elif missed:
        status = Status.BEHIND if today > end or missed > 1 else Status.AT_RISK
    else:
        status = _status(covered, float(passed), total, today > end)
    return Progress(status, covered, covered, total, float(passed), tuple(periods))


def _per_period(target: Target, count: int, start: dt.date, end: dt.date,
                performances: Sequence[Performance], today: dt.date) -> Progress:
    unit = target.unit or Unit.YEAR
    periods: list[PeriodProgress] = []
    expected = 0.0
    credited = 0
    total = 0
    done_total = 0
    for first, last in periods_between(unit, start, end):
        full_first, full_last = period_bounds(unit, first)
        # A period cut by the promise's start or end gets its share of the target, rounded
        # half up: two weeks of a quarter do not owe a whole quarterly action.
        share = days_inclusive(first, last) / days_inclusive(full_first, full_last)
        period_target = math.floor(count * share + 0.5)
        done = _count(performances, first, last)
        done_total += done
        total += period_target
        credited += min(done, period_target)
        expected += period_target * elapsed_share(first, last, today)
        is_over = today > last
        if period_target == 0:
            status = Status.DONE
        else:
            status = _status(done, period_target * elapsed_share(first, last, today),
                             period_target, is_over)
        periods.append(PeriodProgress(
            label=period_label(unit, full_first), start=first, end=last, target=period_target,
            done=done, status=status, is_current=first <= today <= last,
        ))
    if total == 0:
        return Progress(Status.ON_TRACK, done_total, 0, 0, 0.0, tuple(periods))
    finished = [p for p in periods if p.end < today]
    if credited >= total:
        status = Status.DONE
    elif any(p.status == Status.BEHIND for p in finished):
        # A missed period cannot be made up by doing more later.
        status = Status.BEHIND if today > end or _missed(finished) > 1 else Status.AT_RISK
    else:
        status = _status(credited, expected, total, today > end)
    return Progress(status, done_total, credited, total, expected, tuple(periods))


def _missed(periods: Sequence[PeriodProgress]) -> int:
    return sum(1 for p in periods if p.status == Status.BEHIND)


def roll_up(progresses: Sequence[Progress]) -> RollUp:
    """Combine activities: the worst status wins; percent is the mean share of targets met."""
    if not progresses:
        return RollUp(Status.ON_TRACK, 0, {}, 0)
    counts: dict[str, int] = {s.value: 0 for s in Status}
    for p in progresses:
        counts[p.status.value] += 1
    worst = max((p.status for p in progresses), key=lambda s: _SEVERITY[s])
    percent = round(100 * sum(p.share for p in progresses) / len(progresses))
    return RollUp(worst, percent, counts, len(progresses))
