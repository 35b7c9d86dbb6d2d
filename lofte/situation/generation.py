"""Compose the generated part of a lägesbild: a frozen JSON snapshot of figures.

Each figure is a dict: ``key``, ``section`` (a :class:`SectionKind` value), ``title``,
``kind`` (bar, line, heat, map, table), ``source``, ``period``, ``limitation``, ``police_only``,
the table alternative (``columns``, ``rows``, ``count_columns`` naming the columns that hold
counts), ``chart`` (what the chart needs), ``note`` (why it is empty, if it is) and ``data_links``
(where staff can open the data behind it, see :mod:`lofte.situation.links`). Charts are
drawn from this data when shown, so the snapshot stays small and never changes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np
from django.utils import timezone

from lofte.organisations.models import Collaboration
from lofte.situation import links, patterns, sources
from lofte.situation.models import SectionKind

SNAPSHOT_FORMAT = 1


def _period_text(start: dt.date, end: dt.date) -> str:
    return f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"


def _figure(key: str, section: str, title: str, source: sources.SourceData, period: str,
            **extra: Any) -> dict[str, Any]:
    figure: dict[str, Any] = {
        "key": key, "section": section, "title": title, "kind": "table",
        "source": source.label, "period": period, "limitation": source.limitation,
        "police_only": False, "columns": [], "rows": [], "count_columns": [], "chart": {},
        "note": "" if source.available else source.note, "data_links": [],
    }
    figure.update(extra)
    return figure


def _previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    length = (end - start).days + 1
    return start - dt.timedelta(days=length), start - dt.timedelta(days=1)


# --- Kartläggning ---------------------------------------------------------------------------

def _categories(current: sources.SourceData, previous: sources.SourceData, start: dt.date,
                end: dt.date) -> dict[str, Any]:
    figure = _figure("incident_categories", SectionKind.MAPPING,
                     "Rapporter och tips per kategori, jämfört med föregående period",
                     current, _period_text(start, end), kind="bar")
    if not current.available:
        return figure
    now = Counter(r["category"] for r in current.rows)
    before = Counter(r["category"] for r in previous.rows) if previous.available else Counter()
    prev_start, prev_end = _previous_period(start, end)
    days = (end - start).days + 1
    rows = []
    for category, count in now.most_common():
        comparison = patterns.compare_periods(count, before.get(category, 0), days, days)
        change = "ny" if comparison.ratio is None else f"{(comparison.ratio - 1) * 100:+.0f} %"
        rows.append([category, count, before.get(category, 0), change,
                     "ja" if comparison.is_significant else "nej"])
    figure.update(
        columns=["Kategori", "Antal", f"Föregående period ({_period_text(prev_start, prev_end)})",
                 "Förändring", "Säker förändring (p < 0,05)"],
        rows=rows, count_columns=[1, 2], derived_columns={"3": [1, 2], "4": [1, 2]},
        chart={"labels": [r[0] for r in rows[:12]], "values": [r[1] for r in rows[:12]]},
        limitation=current.limitation + " Förändringen prövas med ett exakt test för "
        "Poissonfördelade antal (lika lång föregående period).",
    )
    return figure


def _monthly(incidents: sources.SourceData, police: sources.SourceData, start: dt.date,
             end: dt.date) -> dict[str, Any]:
    source = sources.SourceData(
        " och ".join(s.label for s in (incidents, police) if s.available) or incidents.label,
        incidents.available or police.available,
        note=incidents.note if not incidents.available else "",
        limitation="Månader i början och slutet av perioden kan vara ofullständiga.",
    )
    figure = _figure("monthly", SectionKind.MAPPING, "Utveckling per månad", source,
                     _period_text(start, end), kind="line")
    if not source.available:
        return figure
    series = []
    labels: list[str] = []
    for name, data in (("Rapporter och tips", incidents), ("Polisens händelser", police)):
        if data.available:
            counts = patterns.monthly_counts((r["at"].date() for r in data.rows), start, end)
            labels = [label for label, _ in counts]
            series.append({"name": name, "values": [v for _, v in counts]})
    figure.update(
        columns=["Månad", *[s["name"] for s in series]],
        rows=[[label, *[s["values"][i] for s in series]] for i, label in enumerate(labels)],
        count_columns=list(range(1, len(series) + 1)),
        chart={"labels": labels, "series": series},
    )
    return figure


def _police_types(police: sources.SourceData, start: dt.date, end: dt.date) -> dict[str, Any]:
    figure = _figure("police_event_types", SectionKind.MAPPING,
                     "Polisens händelser per typ", police, _period_text(start, end), kind="bar")
    if not police.available:
        return figure
    counts = Counter(r["type"] for r in police.rows).most_common()
    figure.update(columns=["Händelsetyp", "Antal"], rows=[[t, c] for t, c in counts],
                  count_columns=[1],
                  chart={"labels": [t for t, _ in counts[:12]],
                         "values": [c for _, c in counts[:12]]})
    return figure


def _crime_rates(rates: sources.SourceData, start: dt.date, end: dt.date) -> dict[str, Any]:
    figure = _figure("crime_rates", SectionKind.MAPPING,
                     "Anmälda brott per 100 000 invånare jämfört med liknande kommuner och riket",
                     rates, f"{end.year - 9}–{end.year}", kind="line")
    if not rates.available:
        return figure
    names = rates.extra.get("series", [])
    figure["columns"] = ["År", *names]
    figure["rows"] = [[r["year"], *[_round(v) for v in r["values"]]] for r in rates.rows]
    figure["chart"] = {
        "labels": [str(r["year"]) for r in rates.rows],
        "series": [{"name": name, "values": [_round(r["values"][i]) for r in rates.rows]}
                   for i, name in enumerate(names)],
        "is_rate": True,
    }
    figure["source"] = ", ".join(s.removeprefix("Källa: ")
                                 for s in rates.extra.get("series_sources", [])) or rates.label
    return figure


def _crime_categories(data: sources.SourceData, start: dt.date, end: dt.date
                      ) -> dict[str, Any]:
    figure = _figure("crime_categories", SectionKind.MAPPING,
                     "Anmälda brott per brottskategori (Brå)", data, "senaste tillgängliga år")
    if not data.available:
        return figure
    figure.update(columns=["Brottskategori", "Period", "Antal", "Per 100 000", "Preliminär"],
                  rows=[[r["category"], r["period"], r["count"], _round(r["per_100k"]),
                         "ja" if r["preliminary"] else "nej"] for r in data.rows[:60]],
                  count_columns=[2])
    return figure


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 1)
    return value


def _hour_of_week(incidents: sources.SourceData, start: dt.date, end: dt.date
                  ) -> dict[str, Any]:
    figure = _figure("hour_of_week", SectionKind.MAPPING,
                     "När det händer: rapporter och tips per veckodag och timme", incidents,
                     _period_text(start, end), kind="heat")
    if not incidents.available:
        return figure
    matrix = patterns.hour_of_week(r["at"] for r in incidents.rows)
    columns = ["Veckodag", *[f"{h:02d}–{h + 3:02d}" for h in range(0, 24, 3)]]
    rows = [[patterns.WEEKDAYS[d], *[sum(matrix[d][h:h + 3]) for h in range(0, 24, 3)]]
            for d in range(7)]
    busiest = patterns.busiest_windows(matrix)
    figure.update(columns=columns, rows=rows, count_columns=list(range(1, 9)),
                  chart={"matrix": matrix},
                  highlights=[f"{label} ({count})" for label, count in busiest],
                  limitation=incidents.limitation + " Tiden är när händelsen inträffade enligt "
                  "rapporten (svensk tid).")
    return figure


def _risk_days(incidents: sources.SourceData, police: sources.SourceData, start: dt.date,
               end: dt.date) -> dict[str, Any]:
    from lofte.analysis.risk_days import risk_day_excess

    times = [r["at"] for data in (incidents, police) if data.available for r in data.rows]
    source = sources.SourceData(
        " och ".join(s.label for s in (incidents, police) if s.available) or incidents.label,
        bool(times), note="Inga data ännu för riskdagar under perioden.",
        limitation="Varje riskdag jämförs med samma klockslag samma veckodagar en till fyra "
                   "veckor före och efter (fönster som rör andra riskdagar räknas inte), med ett "
                   "exakt test för Poissonfördelade antal. Riskdagar nära periodens början "
                   "eller slut saknar jämförelse och visas inte.",
    )
    figure = _figure("risk_days", SectionKind.MAPPING, "Riskdagar: fler händelser än vanligt?",
                     source, _period_text(start, end))
    if not times:
        return figure
    period = (dt.datetime.combine(start, dt.time.min),
              dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    effects = risk_day_excess(times, period=period)
    figure.update(
        columns=["Riskdag", "År", "Händelser", "Väntat (jämförelsedagar)", "Kvot",
                 "Fler än vanligt (95 %)"],
        rows=[[e.label, len(e.years), e.observed, round(e.expected, 1), round(e.ratio, 2)
               if e.ratio == e.ratio and e.ratio != float("inf") else "–",
               "ja" if e.is_increase else "nej"] for e in effects],
        count_columns=[2], derived_columns={"4": [2], "5": [2]},
    )
    if not effects:
        figure["note"] = "Inga riskdagar med jämförelsedagar inom perioden."
    return figure


def _emerging(lat: np.ndarray, lon: np.ndarray, incidents: sources.SourceData, result: Any,
              area: Any, start: dt.date, end: dt.date) -> Callable[[float, float], str]:
    """Emerging hot spot category (Swedish) of the cell at SWEREF 99 TM (x, y).

    Uses :func:`lofte.analysis.emerging.emerging_hotspots` with monthly slices (weekly for
    periods under three months) on the same cell size and band as the Gi* map; a period too
    short for two slices gives no categories.
    """
    from lofte.analysis.emerging import CATEGORIES, LABELS_SV, Step, emerging_hotspots

    step: Step = "month" if (end - start).days >= 90 else "week"
    try:
        emerging = emerging_hotspots(
            lat, lon, [r["at"] for r in incidents.rows], result.cell, result.band,
            step=step, area=area, start=start, end=end + dt.timedelta(days=1))
    except ValueError:
        return lambda x, y: ""
    categories = emerging.category.ravel()

    def trend(x: float, y: float) -> str:
        index, inside = emerging.grid.flat_index(np.array([x]), np.array([y]))
        if not bool(inside[0]):
            return ""
        code = int(categories[int(index[0])])
        return LABELS_SV[CATEGORIES[code - 1]] if code > 0 else ""

    return trend


def _hotspots(collaboration: Collaboration, incidents: sources.SourceData, start: dt.date,
              end: dt.date) -> dict[str, Any]:
    figure = _figure("hotspots", SectionKind.MAPPING,
                     "Var det händer: hot spots (Getis–Ord Gi*) och hur de utvecklas",
                     incidents, _period_text(start, end), kind="map")
    if not incidents.available:
        return figure
    if len(incidents.rows) < 10:
        figure["note"] = "För få rapporter under perioden (under 10) för att pröva hot spots."
        return figure
    from shapely.geometry import shape

    from lofte.analysis import hotspots, to_sweref99tm

    lat = np.array([r["lat"] for r in incidents.rows], dtype=float)
    lon = np.array([r["lon"] for r in incidents.rows], dtype=float)
    area = shape(collaboration.municipality.geometry)
    result = hotspots(lat, lon, area=area)
    trend_of = _emerging(lat, lon, incidents, result, area, start, end)
    x, y = to_sweref99tm(lat, lon)
    flat, inside = result.grid.flat_index(x, y)
    places: dict[int, Counter[str]] = defaultdict(Counter)
    for index, ok, row in zip(flat.tolist(), inside.tolist(), incidents.rows, strict=True):
        if ok and row["place"]:
            places[index][row["place"]] += 1
    classes = result.gi.classes.ravel()
    counts = result.counts.ravel()
    z = result.gi.z.ravel()
    centres_x, centres_y = result.grid.centres()
    cx, cy = centres_x.ravel(), centres_y.ravel()
    # Cells without reports can be significant through their neighbours; list only cells
    # where something happened, so every listed place has reports behind it.
    hot = np.flatnonzero((classes >= 2) & (counts > 0))
    hot = hot[np.argsort(-z[hot])][:60]
    from lofte.analysis import to_wgs84

    cells: list[dict[str, Any]] = []
    half_cell = result.cell / 2
    for index in hot.tolist():
        corners_x = np.array([cx[index] - half_cell, cx[index] + half_cell,
                              cx[index] + half_cell, cx[index] - half_cell])
        corners_y = np.array([cy[index] - half_cell, cy[index] - half_cell,
                              cy[index] + half_cell, cy[index] + half_cell])
        c_lat, c_lon = to_wgs84(corners_x, corners_y)
        centre_lat, centre_lon = to_wgs84(np.array([cx[index]]), np.array([cy[index]]))
        place = places[index].most_common(1)[0][0] if places.get(index) else ""
        cells.append({
            "lat": round(float(centre_lat[0]), 5), "lon": round(float(centre_lon[0]), 5),
            "corners": [[round(float(a), 5), round(float(b), 5)]
                        for a, b in zip(c_lat.tolist(), c_lon.tolist(), strict=True)],
            "count": int(counts[index]), "class": int(classes[index]),
            "z": round(float(z[index]), 2),
            "trend": trend_of(float(cx[index]), float(cy[index])),
            "place": place,
        })
    confidence: dict[int, str] = {3: "99 %", 2: "95 %"}
    figure.update(
        columns=["Plats (vanligaste i rutan)", "Rapporter i rutan", "Säkerhet", "Utveckling"],
        rows=[[c["place"] or f"Ruta vid {c['lat']:.3f}, {c['lon']:.3f}", c["count"],
               confidence.get(c["class"], ""), c["trend"] or "–"] for c in cells],
        count_columns=[1],
        chart={"cells": cells, "cell_m": result.cell, "band_m": result.band},
        limitation=incidents.limitation + f" Rutor om {result.cell:.0f} m, avståndsband "
        f"{result.band:.0f} m, p-värden justerade för falsk upptäckt (FDR). Utvecklingen är "
        "ArcGIS kategorier för framväxande hot spots (Gi* per månad och Mann–Kendalls "
        "trendtest): ny, sammanhängande, intensifierad, ihållande, avtagande, sporadisk, "
        "oscillerande eller historisk.",
        analysis_notes=list(result.notes),
    )
    if not cells:
        figure["note"] = "Inga statistiskt säkerställda hot spots under perioden."
    return figure


# --- Konsekvenser och otrygghet -------------------------------------------------------------

def _surveys(surveys: sources.SourceData, start: dt.date, end: dt.date) -> dict[str, Any]:
    figure = _figure("surveys", SectionKind.CONSEQUENCES,
                     "Upplevd trygghet över tid (trygghetsmätningar)", surveys,
                     "alla tillgängliga år", kind="line")
    if not surveys.available:
        return figure
    rows = sorted(surveys.rows, key=lambda r: (r["indicator"], r["area"], r["period"]))
    figure["columns"] = ["Indikator", "Område", "Period", "Värde", "Källa"]
    figure["rows"] = [[r["indicator"] + (" (demodata)" if r["is_demo"] else ""), r["area"],
                       r["period"], _round(r["value"]), r["source"]] for r in rows]
    by_series: dict[str, dict[str, Any]] = defaultdict(dict)
    for r in rows:
        by_series[f"{r['indicator']}, {r['area']}"][r["period"]] = _round(r["value"])
    labels = sorted({r["period"] for r in rows})
    figure["chart"] = {"labels": labels, "is_rate": True, "series": [
        {"name": name, "values": [values.get(p) for p in labels]}
        for name, values in list(by_series.items())[:4]]}
    figure["source"] = ", ".join(sorted({r["source"] for r in rows}))
    return figure


def _survey_breakdown(data: sources.SourceData) -> dict[str, Any]:
    figure = _figure("survey_groups", SectionKind.CONSEQUENCES,
                     "Upplevd trygghet efter kön och ålder", data, "alla tillgängliga år")
    if not data.available:
        return figure
    figure.update(columns=["Indikator", "Period", "Kön", "Ålder", "Värde", "Alla svarande",
                           "Svarande"],
                  rows=[[r["indicator"] + (" (demodata)" if r["is_demo"] else ""), r["period"],
                         r["gender"], r["age_group"], _round(r["value"]), _round(r["total"]),
                         r["respondents"]] for r in data.rows],
                  count_columns=[6])
    return figure


def _dialogues(dialogues: sources.SourceData, start: dt.date, end: dt.date) -> dict[str, Any]:
    figure = _figure("dialogues", SectionKind.CONSEQUENCES,
                     "Teman i medborgar- och medarbetardialoger", dialogues,
                     _period_text(start, end), kind="bar")
    if not dialogues.available:
        return figure
    rows = dialogues.rows
    figure.update(columns=["Tema", "Röster", "Dialoger", "Typ av dialog", "Områden"],
                  rows=[[r["theme"], r["votes"], r["mentions"], r["kinds"], r["areas"]]
                        for r in rows],
                  count_columns=[1, 2],
                  chart={"labels": [r["theme"] for r in rows[:12]],
                         "values": [r["votes"] or r["mentions"] for r in rows[:12]]})
    return figure


# --- Övrig information ----------------------------------------------------------------------

def _promise(status: sources.SourceData, start: dt.date, end: dt.date) -> dict[str, Any]:
    figure = _figure("promise_status", SectionKind.OTHER,
                     "Medborgarlöftet och åtgärdsplanen: hur det går", status,
                     _period_text(start, end))
    if not status.available:
        return figure
    rows = []
    for promise in status.rows:
        for activity in promise["activities"]:
            target = activity.get("target_text") or (
                f"{activity['target']}" if activity.get("target") else "")
            rows.append([promise["title"], activity["description"], activity["actor"],
                         target, activity["status"] or "–"])
    figure.update(columns=["Löfte eller plan", "Aktivitet", "Ansvarig", "Mål", "Status"],
                  rows=rows, promises=[{k: p[k] for k in ("id", "title", "kind", "status",
                                                          "overall", "period")}
                                       for p in status.rows])
    return figure


# --- The whole snapshot ---------------------------------------------------------------------

INCIDENT_FIGURES = {"incident_categories", "hotspots", "hour_of_week", "monthly", "risk_days"}
POLICE_FIGURES = {"police_event_types", "monthly", "risk_days"}
PAGE_FIGURES: dict[str, Callable[[], links.DataLink]] = {
    "crime_rates": links.statistics_link, "crime_categories": links.statistics_link,
    "surveys": links.surveys_link, "survey_groups": links.surveys_link,
    "dialogues": links.dialogues_link,
}


def _data_links(figure: dict[str, Any], incidents: sources.SourceData,
                police: sources.SourceData, start: dt.date, end: dt.date
                ) -> list[links.DataLink]:
    """Where the data behind ``figure`` can be opened; none when it has no data or page."""
    if not figure.get("rows"):
        return []
    key = figure["key"]
    found: list[links.DataLink] = []
    if key in INCIDENT_FIGURES and incidents.available:
        found += links.incident_links(start, end)
    if key in POLICE_FIGURES and police.available:
        found += links.police_links(r["at"].year for r in police.rows)
    if key in PAGE_FIGURES:
        found.append(PAGE_FIGURES[key]())
    if key == "promise_status":
        found += [links.promise_link(p["id"], p["title"]) for p in figure.get("promises", [])]
    return found


def compose_snapshot(collaboration: Collaboration, start: dt.date, end: dt.date
                     ) -> dict[str, Any]:
    """Everything generated for a lägesbild of ``collaboration`` over [start, end]."""
    began = time.perf_counter()
    prev_start, prev_end = _previous_period(start, end)
    incidents = sources.incidents(collaboration, start, end)
    previous_incidents = sources.incidents(collaboration, prev_start, prev_end)
    police = sources.police_events(collaboration, start, end)
    rates = sources.crime_rates(collaboration, start, end)
    categories = sources.crime_categories(collaboration, start, end)
    surveys = sources.survey_series(collaboration, start, end)
    dialogues = sources.dialogue_themes(collaboration, start, end)
    survey_groups = sources.survey_breakdown(collaboration, start, end)
    promise = sources.promise_status(collaboration, start, end)
    figures = [
        _crime_rates(rates, start, end),
        _crime_categories(categories, start, end),
        _police_types(police, start, end),
        _categories(incidents, previous_incidents, start, end),
        _monthly(incidents, police, start, end),
        _hotspots(collaboration, incidents, start, end),
        _hour_of_week(incidents, start, end),
        _risk_days(incidents, police, start, end),
        _surveys(surveys, start, end),
        _survey_breakdown(survey_groups),
        _dialogues(dialogues, start, end),
        _promise(promise, start, end),
    ]
    from lofte.situation import yearwheel

    for figure in figures:
        figure["data_links"] = _data_links(figure, incidents, police, start, end)
    figures.append(yearwheel.wheel_figure(collaboration, as_of=end))
    days = (end - start).days + 1
    summary = []
    if incidents.available:
        comparison = patterns.compare_periods(len(incidents.rows), len(previous_incidents.rows),
                                              days, days)
        summary.append({"label": "Rapporter och tips", "value": len(incidents.rows),
                        "is_count": True, "previous": len(previous_incidents.rows),
                        "ratio": comparison.ratio, "significant": comparison.is_significant})
    if police.available:
        summary.append({"label": "Polisens händelser", "value": len(police.rows),
                        "is_count": True})
    municipality = collaboration.municipality
    return {
        "format": SNAPSHOT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "municipality": {"code": municipality.code, "name": municipality.name,
                         "official_name": municipality.official_name},
        "summary": summary,
        "figures": figures,
        "sources": [
            {"label": s.label, "available": s.available, "note": s.note,
             "limitation": s.limitation}
            for s in (incidents, police, rates, categories, surveys, dialogues, promise)
        ],
        "seconds": round(time.perf_counter() - began, 2),
    }
