"""Instants and Swedish local time, vectorised.

Incident times are UTC instants (``numpy.datetime64[s]``); patterns are read in Swedish local
time (Europe/Stockholm): CET (UTC+1) in winter and CEST (UTC+2) from 01:00 UTC on the last
Sunday of March to 01:00 UTC on the last Sunday of October (the EU rule in force since 1996).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

InstantArray = NDArray[np.datetime64]
IntArray = NDArray[np.int64]

_ONE_HOUR: Final = np.timedelta64(3600, "s")


def as_instants(values: ArrayLike) -> InstantArray:
    """``datetime64[s]`` UTC instants from datetime64 values, aware datetimes or ISO strings.

    Raises:
        ValueError: a naive :class:`datetime` (its time zone would be a guess).
    """
    if isinstance(values, np.ndarray) and np.issubdtype(values.dtype, np.datetime64):
        return values.astype("datetime64[s]")
    items = list(np.asarray(values, dtype=object).reshape(-1))
    converted: list[np.datetime64] = []
    for item in items:
        if isinstance(item, datetime):
            if item.tzinfo is None:
                raise ValueError(f"naive datetime {item!s}: give times with a time zone")
            converted.append(np.datetime64(item.astimezone(UTC).replace(tzinfo=None), "s"))
        else:
            converted.append(np.datetime64(item, "s"))
    return np.array(converted, dtype="datetime64[s]")


def _last_sunday(year: int, month: int) -> date:
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def summer_time_bounds(year: int) -> tuple[np.datetime64, np.datetime64]:
    """UTC instants when summer time starts and ends in ``year``."""
    start = _last_sunday(year, 3)
    end = _last_sunday(year, 10)
    return (
        np.datetime64(f"{start.isoformat()}T01:00:00", "s"),
        np.datetime64(f"{end.isoformat()}T01:00:00", "s"),
    )


def to_local(instants: InstantArray) -> InstantArray:
    """Swedish wall-clock time of UTC instants, as naive ``datetime64[s]``."""
    utc = instants.astype("datetime64[s]")
    if utc.size == 0:
        return utc.copy()
    years = utc.astype("datetime64[Y]").astype(np.int64) + 1970
    first, last = int(years.min()), int(years.max())
    bounds = np.array([summer_time_bounds(y) for y in range(first, last + 1)])
    starts = bounds[years - first, 0]
    ends = bounds[years - first, 1]
    is_summer = (utc >= starts) & (utc < ends)
    result: InstantArray = utc + _ONE_HOUR + is_summer.astype(np.int64) * _ONE_HOUR
    return result


def local_from_naive(values: InstantArray) -> InstantArray:
    """UTC instants of Swedish wall-clock times (the inverse of :func:`to_local`).

    In the autumn hour that occurs twice the first (summer time) reading is taken; the spring
    hour that does not exist is read as winter time.
    """
    local = values.astype("datetime64[s]")
    if local.size == 0:
        return local.copy()
    guess = local - 2 * _ONE_HOUR
    years = guess.astype("datetime64[Y]").astype(np.int64) + 1970
    first, last = int(years.min()), int(years.max())
    bounds = np.array([summer_time_bounds(y) for y in range(first, last + 1)])
    is_summer = (guess >= bounds[years - first, 0]) & (guess < bounds[years - first, 1])
    result: InstantArray = local - _ONE_HOUR - is_summer.astype(np.int64) * _ONE_HOUR
    return result


def weekday_and_hour(local: InstantArray) -> tuple[IntArray, IntArray]:
    """Weekday (0 = Monday … 6 = Sunday) and hour (0–23) of wall-clock times."""
    days = local.astype("datetime64[D]").astype(np.int64)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
    hour = (local - local.astype("datetime64[D]")).astype("timedelta64[h]").astype(np.int64)
    return weekday, hour


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)
