"""Adapters to the data other apps hold: one function per source, each degrading gracefully.

Every function returns a :class:`SourceData` whose ``rows`` are plain dicts in one shape, or
``available=False`` with a note saying what is missing ("Inga data ännu från …"). The official
sources are read through ``lofte.imports.queries``; when that module or a function is missing,
or a read fails, the section says so instead of failing the whole lägesbild.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q

from lofte.organisations.models import Collaboration

logger = logging.getLogger(__name__)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass
class SourceData:
    label: str
    available: bool
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""
    limitation: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# --- The collaboration's own reports and tips ------------------------------------------------

def incidents(collaboration: Collaboration, start: dt.date, end: dt.date) -> SourceData:
    label = "samverkans egna rapporter och tips (Löfte)"
    try:
        from lofte.incidents.models import Incident
    except ImportError:
        return SourceData(label, False, note=f"Inga data ännu från {label}.")
    start_at = dt.datetime.combine(start, dt.time.min, tzinfo=STOCKHOLM)
    end_at = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=STOCKHOLM)
    queryset = (
        Incident.objects.counted()
        .filter(collaboration=collaboration, occurred_from__gte=start_at,
                occurred_from__lt=end_at)
        .values_list("occurred_from", "lat", "lon", "category__name", "source", "place__name")
    )
    rows = [
        {"at": occurred.astimezone(STOCKHOLM), "lat": lat, "lon": lon,
         "category": category or "Okänd kategori", "source": source, "place": place or ""}
        for occurred, lat, lon, category, source, place in queryset.iterator(chunk_size=5000)
    ]
    if not rows:
        return SourceData(label, False, note=f"Inga rapporter eller tips ännu under perioden i "
                                             f"{collaboration.municipality.name}.")
    return SourceData(
        label, True, rows,
        limitation="Bara godkända rapporter och tips, sammanslagna dubbletter räknas en gång. "
                   "Antalet beror på hur många rapportörer som rapporterar; jämför med "
                   "försiktighet mellan områden med olika rapporteringsvana.",
    )


def incidents_all_years(collaboration: Collaboration) -> SourceData:
    """Every counted incident of the collaboration (for the årshjul)."""
    first = dt.date(2000, 1, 1)
    return incidents(collaboration, first, dt.date.today())


# --- Official sources through lofte.imports --------------------------------------------------

def _imports_queries() -> Any:
    try:
        return importlib.import_module("lofte.imports.queries")
    except ImportError:
        return None


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(start, dt.time.min, tzinfo=STOCKHOLM),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=STOCKHOLM))


def police_events(collaboration: Collaboration, start: dt.date, end: dt.date) -> SourceData:
    label = "Polismyndigheten, händelsenotiser (polisen.se)"
    module = _imports_queries()
    if module is None or not hasattr(module, "police_event_queryset"):
        return SourceData(label, False, note=f"Inga data ännu från {label}: importen finns "
                                             "inte i den här installationen.")
    start_at, end_at = _bounds(start, end)
    try:
        from lofte.imports.sources.categories import CATEGORIES

        events = module.police_event_queryset(collaboration.municipality, start=start_at,
                                              end=end_at, include_summaries=False)
        values = list(events.filter(is_incident=True).values_list(
            "occurred_at", "event_type", "category"))
        label = str(getattr(module, "POLICE_SOURCE", label)).removeprefix("Källa: ")
    except Exception:  # one missing source must never stop the lägesbild
        logger.exception("lägesbild: polisens händelser kunde inte läsas")
        return SourceData(label, False, note=f"Inga data från {label}: läsningen misslyckades.")
    rows = [{"at": occurred.astimezone(STOCKHOLM), "type": event_type,
             "category": CATEGORIES.get(category, category)}
            for occurred, event_type, category in values]
    if not rows:
        return SourceData(label, False, note=f"Inga data ännu från {label} för "
                                             f"{collaboration.municipality.name} under perioden.")
    return SourceData(
        label, True, rows,
        limitation="Händelsenotiser är polisens inledande uppgifter om ett urval av händelser, "
                   "inte anmälda brott. Positionen är kommunens mittpunkt, så notiserna används "
                   "för vad och när, aldrig för var.",
    )


def crime_rates(collaboration: Collaboration, start: dt.date, end: dt.date) -> SourceData:
    """Reported crime per 100 000 over up to ten years: the kommun, comparison group, Riket.

    ``rows`` hold ``{"year", "values": [...]}`` and the SourceData's ``extra`` the series
    labels and their source labels.
    """
    label = "Kolada (anmälda brott per 100 000 invånare)"
    module = _imports_queries()
    if module is None or not hasattr(module, "crime_rates_for"):
        return SourceData(label, False, note=f"Inga data ännu från {label}: importen finns "
                                             "inte i den här installationen.")
    try:
        rates = module.crime_rates_for(collaboration.municipality,
                                       list(range(end.year - 9, end.year + 1)))
    except Exception:
        logger.exception("lägesbild: brottsstatistik kunde inte läsas")
        return SourceData(label, False, note=f"Inga data från {label}: läsningen misslyckades.")
    if not rates.has_data:
        return SourceData(label, False, note=f"Inga data ännu från {label} för "
                                             f"{collaboration.municipality.name}.")
    rows = [{"year": year, "values": values} for year, values in rates.rows()
            if any(v is not None for v in values)]
    data = SourceData(
        str(rates.source_label).removeprefix("Källa: ") + f" – {rates.label}", True, rows,
        limitation="Anmälda brott speglar både brottsligheten och benägenheten att anmäla; "
                   "brott registreras där de begicks, och små kommuner har stora slumpmässiga "
                   "variationer mellan år. Jämförelsegruppens medel är beräknat av Löfte.",
    )
    data.extra = {"series": [s.label for s in rates.series],
                  "series_sources": sorted({s.source_label for s in rates.series}),
                  "comparison": rates.comparison_label}
    return data


def crime_categories(collaboration: Collaboration, start: dt.date, end: dt.date
                     ) -> SourceData:
    label = "Brå (anmälda brott per brottskategori)"
    module = _imports_queries()
    if module is None or not hasattr(module, "bra_statistics_for"):
        return SourceData(label, False, note=f"Inga data ännu från {label}.")
    try:
        found = module.bra_statistics_for(collaboration.municipality)
    except Exception:
        logger.exception("lägesbild: Brå-statistik kunde inte läsas")
        return SourceData(label, False, note=f"Inga data från {label}: läsningen misslyckades.")
    rows = [{"category": r.label, "period": r.period, "count": r.count,
             "per_100k": r.per_100k, "preliminary": r.is_preliminary} for r in found]
    if not rows:
        return SourceData(label, False, note=f"Inga data ännu från {label} för "
                                             f"{collaboration.municipality.name}.")
    return SourceData(label, True, rows, limitation="Brås officiella statistik; preliminära "
                      "siffror är markerade och kan ändras.")


def survey_series(collaboration: Collaboration, start: dt.date, end: dt.date) -> SourceData:
    label = "trygghetsmätningar (Polisens trygghetsmätning, NTU)"
    module = _imports_queries()
    if module is None or not hasattr(module, "survey_series_for"):
        return SourceData(label, False, note=f"Inga data ännu från {label}.")
    try:
        series = module.survey_series_for(collaboration.municipality)
    except Exception:
        logger.exception("lägesbild: enkäter kunde inte läsas")
        return SourceData(label, False, note=f"Inga data från {label}: läsningen misslyckades.")
    rows = []
    for item in series:
        for period, value in item.points:
            rows.append({"indicator": f"{item.indicator} ({item.measure_label})",
                         "area": item.area_label, "period": str(period), "value": value,
                         "respondents": item.respondents,
                         "source": str(item.source_label).removeprefix("Källa: "),
                         "is_demo": item.is_demo})
    if not rows:
        return SourceData(label, False, note=f"Inga data ännu från {label} för "
                                             f"{collaboration.municipality.name}.")
    return SourceData(
        label, True, rows,
        limitation="Enkätsvar med urvalsfel. Uppdelning på kön och ålder finns inte i de "
                   "importerade serierna ännu; värdena gäller alla svarande.",
    )


def survey_breakdown(collaboration: Collaboration, start: dt.date, end: dt.date) -> SourceData:
    """Survey values by gender and age for the kommun, with the whole population alongside.

    ``lofte.imports.queries`` offers whole-population series only, so this reads the imported
    rows (``imports.SurveyResult``) where a breakdown exists.
    """
    label = "trygghetsmätningar efter kön och ålder"
    try:
        from lofte.imports.models import SurveyResult
    except ImportError:
        return SourceData(label, False, note=f"Inga data ännu från {label}.")
    code = collaboration.municipality.code
    split = list(SurveyResult.objects.filter(municipality_code=code, sub_area="")
                 .exclude(gender="alla", age_group="alla")
                 .order_by("indicator", "period", "gender", "age_group")
                 .values("indicator", "measure", "period", "gender", "age_group", "value",
                         "respondents", "source", "is_demo")[:200])
    if not split:
        return SourceData(label, False, note="Inga uppgifter efter kön eller ålder finns "
                                             f"ännu för {collaboration.municipality.name}.")
    totals = {(r["indicator"], r["period"]): r["value"] for r in SurveyResult.objects.filter(
        municipality_code=code, sub_area="", gender="alla", age_group="alla",
        indicator__in={r["indicator"] for r in split}).values("indicator", "period", "value")}
    rows = [{**r, "total": totals.get((r["indicator"], r["period"]))} for r in split]
    return SourceData(label, True, rows, limitation="Små grupper ger osäkra värden; jämför med "
                      "värdet för alla svarande samma år.")


def dialogue_themes(collaboration: Collaboration, start: dt.date, end: dt.date) -> SourceData:
    label = "medborgar- och medarbetardialoger"
    module = _imports_queries()
    if module is None or not hasattr(module, "dialogue_themes_for"):
        return SourceData(label, False, note=f"Inga data ännu från {label}.")
    try:
        themes = module.dialogue_themes_for(collaboration, start, end)
    except Exception:
        logger.exception("lägesbild: dialoger kunde inte läsas")
        return SourceData(label, False, note=f"Inga data från {label}: läsningen misslyckades.")
    rows = [{"theme": t.topic, "votes": t.votes, "mentions": t.mentions,
             "kinds": ", ".join(t.kinds), "areas": ", ".join(t.areas[:4])} for t in themes]
    if not rows:
        return SourceData(label, False, note=f"Inga data ännu från {label} under perioden.")
    return SourceData(
        label, True, rows,
        limitation="Dialoger fångar de röster som deltog; de är inte ett representativt urval.",
    )


# --- The promise and åtgärdsplan ------------------------------------------------------------

def promise_status(collaboration: Collaboration, start: dt.date, end: dt.date) -> SourceData:
    label = "medborgarlöfte och åtgärdsplan (Löfte)"
    try:
        from lofte.promises import queries as promise_queries
        from lofte.promises.models import Promise, PromiseStatus
    except ImportError:
        return SourceData(label, False, note=f"Inga data ännu från {label}.")
    promises = list(
        promise_queries.with_structure(
            Promise.objects.filter(
                Q(period_end__gte=start, period_start__lte=end)
                | Q(period_end__gte=dt.date.today()),
                collaboration=collaboration,
            ).exclude(status__in=[PromiseStatus.REVISED, PromiseStatus.DRAFT])
        ).order_by("-period_start", "-version")[:4]
    )
    if not promises:
        return SourceData(label, False, note="Samverkan har inget beslutat medborgarlöfte eller "
                                             "någon åtgärdsplan för perioden eller i dag.")
    as_of = min(end, dt.date.today())
    rows = []
    for promise in promises:
        try:
            progress = promise_queries.compute(promise, as_of=as_of)
            activities = [
                {"id": a.activity.pk, "description": a.activity.description[:200],
                 "actor": a.activity.actor_label,
                 "status": a.status_label, "status_key": a.status,
                 "done": a.progress.done, "target": a.progress.target,
                 "target_text": a.target_text}
                for a in progress.activities
            ]
            overall = progress.status_label
        except Exception:  # progress is the promises app's: show the plan even if it fails
            logger.exception("lägesbild: löftets progress kunde inte beräknas")
            activities = [{"id": a.pk, "description": a.description[:200],
                           "actor": a.actor_label, "status": "", "done": None, "target": None}
                          for a in promise.activities.all()]
            overall = ""
        rows.append({
            "id": promise.pk, "title": promise.title, "kind": promise.get_kind_display(),
            "status": promise.get_status_display(), "overall": overall,
            "period": f"{promise.period_start:%Y-%m-%d} – {promise.period_end:%Y-%m-%d}",
            "activities": activities,
        })
    return SourceData(label, True, rows,
                      limitation="Status enligt registrerade genomföranden i Löfte.")


def iter_available(sources: Iterable[SourceData]) -> list[SourceData]:
    return [s for s in sources if s.available]
