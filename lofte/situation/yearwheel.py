"""Årshjul: recurring seasonal peaks found in several years of data, and planned activities.

Peaks come from the police's events and the collaboration's own reports over up to five
years (:func:`lofte.situation.patterns.recurring_peaks`); weeks are named after the risk day
they hold (valborg, skolavslutning, nyår, …) or the season (mopedsäsong in spring).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from lofte.organisations.models import Collaboration
from lofte.situation import patterns, sources

YEARS_BACK = 5
SPRING_WEEKS = range(14, 23)


@dataclass(frozen=True)
class WheelPeak:
    key: str
    label: str
    first_week: int
    last_week: int
    years_with_peak: int
    years: int
    mean_ratio: float
    next_date: dt.date

    @property
    def months(self) -> str:
        start = dt.date.fromisocalendar(2025, self.first_week, 1)
        end = dt.date.fromisocalendar(2025, min(self.last_week, 52), 7)
        first, last = patterns.MONTHS[start.month - 1], patterns.MONTHS[end.month - 1]
        return first if first == last else f"{first}–{last}"


def _week_names(year: int) -> dict[int, tuple[str, str]]:
    from lofte.promises.progress import RISK_DAYS, risk_day

    names: dict[int, tuple[str, str]] = {}
    for key, (label, _) in RISK_DAYS.items():
        week = risk_day(key, year).isocalendar()[1]
        names.setdefault(week, (key, label))
    names.setdefault(1, ("nyar", "Nyår"))
    for week in SPRING_WEEKS:
        names.setdefault(week, ("mopedsasong", "Vårsäsong och mopeder"))
    return names


def daily_counts(collaboration: Collaboration, as_of: dt.date
                 ) -> tuple[Counter[dt.date], list[str]]:
    start = dt.date(as_of.year - YEARS_BACK, 1, 1)
    daily: Counter[dt.date] = Counter()
    used = []
    for data in (sources.police_events(collaboration, start, as_of),
                 sources.incidents(collaboration, start, as_of)):
        if data.available:
            daily.update(r["at"].date() for r in data.rows)
            used.append(data.label)
    return daily, used


def find_peaks(collaboration: Collaboration, as_of: dt.date
               ) -> tuple[list[WheelPeak], list[str], int]:
    """The recurring peaks, the sources used and the number of complete years."""
    daily, used = daily_counts(collaboration, as_of)
    found = patterns.recurring_peaks(daily, names=_week_names(as_of.year))
    years = len({d.isocalendar()[0] for d in daily})
    peaks = []
    for peak in found:
        next_date = peak.start_in(as_of.year)
        if next_date < as_of:
            next_date = peak.start_in(as_of.year + 1)
        peaks.append(WheelPeak(peak.key, peak.label, peak.first_week, peak.last_week,
                               peak.years_with_peak, peak.years, peak.mean_ratio, next_date))
    return peaks, used, years


@dataclass(frozen=True)
class KnownRiskDay:
    key: str
    label: str
    day: dt.date
    """The next occurrence on or after the day asked for."""
    ratio: float | None
    """Events around the day against an ordinary day in the data (None without data)."""
    years: int


def known_risk_days(daily: Counter[dt.date], as_of: dt.date) -> list[KnownRiskDay]:
    """The police's and Brå's usual risk days, with how they show in this kommun's data."""
    from lofte.promises.progress import RISK_DAYS, risk_day

    effects = {}
    if daily:
        first = min(daily)
        effects = {e.key: e for e in patterns.risk_day_effects(
            daily, first, as_of, RISK_DAYS)}  # type: ignore[arg-type]
    days = []
    for key, (label, _) in RISK_DAYS.items():
        day = risk_day(key, as_of.year)
        if day < as_of:
            day = risk_day(key, as_of.year + 1)
        effect = effects.get(key)
        days.append(KnownRiskDay(key, label, day,
                                 round(effect.ratio, 2) if effect and effect.expected else None,
                                 effect.years if effect else 0))
    return sorted(days, key=lambda d: d.day.timetuple().tm_yday)


def planned_activities(collaboration: Collaboration) -> list[dict[str, Any]]:
    """Activities of current promises tied to dates: risk days or a due date."""
    try:
        from lofte.promises.models import Activity, PromiseStatus
        from lofte.promises.progress import RISK_DAYS, risk_day
    except ImportError:
        return []
    today = dt.date.today()
    marks = []
    activities = (Activity.objects.filter(promise__collaboration=collaboration,
                                          promise__period_end__gte=today)
                  .exclude(promise__status__in=[PromiseStatus.REVISED, PromiseStatus.CLOSED])
                  .select_related("promise"))
    for activity in activities:
        for key in activity.recurring_dates or []:
            if key in RISK_DAYS:
                day = risk_day(key, today.year)
                marks.append({"day_of_year": day.timetuple().tm_yday,
                              "date": day.isoformat(),
                              "label": f"{activity.description[:80]} ({RISK_DAYS[key][0]})"})
        if activity.target_date:
            marks.append({"day_of_year": activity.target_date.timetuple().tm_yday,
                          "date": activity.target_date.isoformat(),
                          "label": activity.description[:80]})
    return marks[:40]


def wheel_figure(collaboration: Collaboration, *, as_of: dt.date) -> dict[str, Any]:
    peaks, used, years = find_peaks(collaboration, as_of)
    daily, _ = daily_counts(collaboration, as_of)
    risk_days = known_risk_days(daily, as_of)
    activities = planned_activities(collaboration)
    figure: dict[str, Any] = {
        "key": "yearwheel", "section": "analys", "title": "Årshjul: återkommande toppar",
        "kind": "wheel", "source": " och ".join(used) or "polisens händelser och egna rapporter",
        "period": f"{as_of.year - YEARS_BACK}–{as_of.year}",
        "limitation": "En topp är tre veckor med minst 1,5 gånger årets genomsnitt i minst "
                      "två år och säkert fler händelser än väntat sammantaget (Poissontest, "
                      "p < 0,01); år med färre än 26 händelser räknas inte. Riskdagarna är "
                      "polisens och Brås kända riskdagar; kvoten visar hur de syns i era data "
                      "(dagen före, dagen och dagen efter mot en vanlig dag).",
        "police_only": False,
        "columns": ["Topp eller riskdag", "Slag", "När", "Nivå mot det vanliga", "Nästa gång"],
        "rows": [[p.label, f"Topp i data ({p.years_with_peak} av {p.years} år)",
                  f"vecka {p.first_week}–{p.last_week}, {p.months}", f"{p.mean_ratio:.1f} ×",
                  p.next_date.isoformat()] for p in peaks] + [
                 [d.label, "Känd riskdag", f"{d.day.day} {patterns.MONTHS[d.day.month - 1]}",
                  f"{d.ratio:.1f} × ({d.years} år)".replace(".", ",") if d.ratio is not None
                  else "inga data", d.day.isoformat()] for d in risk_days],
        "count_columns": [],
        "chart": {
            "peaks": [{"label": p.label, "start_day": (p.first_week - 1) * 7 + 1,
                       "end_day": p.last_week * 7, "strength": round(p.mean_ratio, 2)}
                      for p in peaks],
            "activities": activities,
            "risk_days": [{"label": d.label, "day_of_year": d.day.timetuple().tm_yday,
                           "ratio": d.ratio} for d in risk_days],
        },
        "note": "",
    }
    if not used:
        figure["note"] = "Inga data ännu från polisens händelser eller egna rapporter."
    elif not peaks:
        figure["note"] = (f"Inga återkommande toppar som håller statistiskt i {years} år med "
                          "data; årshjulet visar de kända riskdagarna.")
    return figure


@dataclass(frozen=True)
class Upcoming:
    key: str
    label: str
    date: dt.date
    reason: str


def upcoming(collaboration: Collaboration, as_of: dt.date) -> list[Upcoming]:
    """What the årshjul warns about: data peaks, and known risk days that show in the data
    (at least 1.2 × an ordinary day) or cannot be judged for lack of data."""
    peaks, _, _ = find_peaks(collaboration, as_of)
    daily, _ = daily_counts(collaboration, as_of)
    items = [Upcoming(p.key, p.label, p.next_date,
                      f"Händelserna brukar öka vecka {p.first_week}–{p.last_week} "
                      f"({p.years_with_peak} av {p.years} år, i genomsnitt "
                      f"{p.mean_ratio:.1f} gånger det vanliga).".replace(".", ",", 1))
             for p in peaks]
    for day in known_risk_days(daily, as_of):
        if day.ratio is None or day.ratio >= 1.2:
            reason = ("En känd riskdag; era data räcker inte för att se hur den brukar bli."
                      if day.ratio is None else
                      f"En känd riskdag som i era data har {day.ratio:.1f} gånger så många "
                      "händelser som en vanlig dag.")
            items.append(Upcoming(day.key, day.label, day.day, reason))
    return sorted(items, key=lambda item: item.date)
