"""Read functions over the official sources, for pages, the API and the lägesbild.

Every result carries its source label ("Källa: Polismyndigheten", "Källa: Kolada", …) and the
date of the data, so a figure is never shown without both. Results are plain dataclasses.

- :func:`police_events_for` — police event notices for a kommun and period.
- :func:`crime_rates_for` — reported crime per 100 000 over years: the kommun, the mean of
  comparable kommuner (same län unless a group is given; computed by Löfte, so not credited
  to Kolada) and Riket when imported.
- :func:`survey_series_for` — trygghetsmätning/NTU results over time for a kommun and its
  lokalpolisområde.
- :func:`dialogue_themes_for` — dialogue topics of a collaboration, votes summed per topic.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from lofte.geo.models import Municipality
from lofte.imports.models import (
    SOURCE_LABELS,
    CrimeStatistic,
    DialogueResult,
    HistoricalIncident,
    ImportRun,
    PoliceEvent,
    RunStatus,
    Source,
    SurveyResult,
)
from lofte.imports.sources.categories import CATEGORIES
from lofte.imports.sources.config import KOLADA_KPI_ALLOW_LIST
from lofte.organisations.models import Collaboration

POLICE_SOURCE = SOURCE_LABELS[Source.POLISEN_EVENTS]
KOLADA_SOURCE = SOURCE_LABELS[Source.KOLADA]
BRA_SOURCE = SOURCE_LABELS[Source.BRA]
DERIVED_SOURCE = "Beräknat av Löfte ur data från Kolada"
SURVEY_SOURCES = {
    "trygghetsmatning": "Källa: Polisens trygghetsmätning",
    "ntu": "Källa: Brå (NTU)",
}
KIND_LABELS = {  # marked for translation; views translate them, the API keeps Swedish
    "reported_crime": gettext_noop("Anmälda brott"),
    "police_events": gettext_noop("Polisens händelsenotiser"),
    "survey": gettext_noop("Upplevd otrygghet (enkät)"),
    "dialogue": gettext_noop("Dialoger med invånare och personal"),
}
"""What each kind of knowledge is, for labels next to the collaboration's own reports."""


def last_successful_run(source: str) -> ImportRun | None:
    """The latest successful run of ``source`` (any collaboration or the scheduler)."""
    return (ImportRun.objects.filter(source=source, status=RunStatus.OK)
            .order_by("-finished_at").first())


# --------------------------------------------------------------------------- police events


@dataclass(frozen=True)
class PoliceEventItem:
    external_id: int
    occurred_at: dt.datetime
    published_at: dt.datetime
    title: str
    event_type: str
    category: str
    category_label: str
    is_summary: bool
    is_incident: bool
    location_level: str
    latitude: float
    longitude: float
    summary: str
    url: str


@dataclass(frozen=True)
class PoliceEvents:
    """Events for a kommun. ``by_category`` counts incidents only (no summaries)."""

    municipality_code: str
    start: dt.datetime
    end: dt.datetime
    events: list[PoliceEventItem]
    by_category: dict[str, int]
    incident_count: int
    summary_count: int
    latest_published_at: dt.datetime | None
    source_label: str = POLICE_SOURCE
    kind_label: str = KIND_LABELS["police_events"]
    note: str = gettext_noop("Händelsenotiser är polisens inledande uppgifter, inte anmälda brott. "
                             "Positionen är kommunens mittpunkt, inte platsen för händelsen.")


def police_event_queryset(
    municipality: Municipality,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    category: str = "",
    event_type: str = "",
    include_summaries: bool = True,
    include_county_summaries: bool = False,
) -> QuerySet[PoliceEvent]:
    """Events placed in ``municipality`` (by the API or by the title), newest first.

    ``include_county_summaries`` adds the summaries ("Sammanfattning natt" …) of the
    kommun's län that name no kommun: context, never incidents of the kommun.
    """
    placed = Q(municipality=municipality)
    if include_county_summaries:
        placed |= Q(municipality__isnull=True, county_id=municipality.county_id,
                    is_summary=True)
    events = PoliceEvent.objects.filter(placed)
    if start is not None:
        events = events.filter(occurred_at__gte=start)
    if end is not None:
        events = events.filter(occurred_at__lt=end)
    if category:
        events = events.filter(category=category)
    if event_type:
        events = events.filter(event_type=event_type)
    if not include_summaries:
        events = events.filter(is_summary=False)
    return events.order_by("-occurred_at", "-external_id")


def as_item(event: PoliceEvent) -> PoliceEventItem:
    return PoliceEventItem(
        external_id=event.external_id, occurred_at=event.occurred_at,
        published_at=event.published_at, title=event.title, event_type=event.event_type,
        category=event.category, category_label=CATEGORIES.get(event.category, event.category),
        is_summary=event.is_summary, is_incident=event.is_incident,
        location_level=event.location_level, latitude=event.latitude,
        longitude=event.longitude, summary=event.summary, url=event.url,
    )


def police_events_for(
    municipality: Municipality, start: dt.datetime, end: dt.datetime, *, limit: int = 500
) -> PoliceEvents:
    """Police event notices placed in ``municipality`` with incident time in [start, end).

    At most ``limit`` events are listed (newest first); the counts cover all of them.
    """
    events = police_event_queryset(municipality, start=start, end=end)
    counts = events.aggregate(
        incidents=Count("pk", filter=Q(is_incident=True)),
        summaries=Count("pk", filter=Q(is_summary=True)),
        latest=Max("published_at"),
    )
    by_category = dict(
        events.filter(is_incident=True).values_list("category")
        .annotate(n=Count("pk")).order_by("-n").values_list("category", "n")
    )
    return PoliceEvents(
        municipality_code=municipality.code, start=start, end=end,
        events=[as_item(event) for event in events[:limit]], by_category=by_category,
        incident_count=counts["incidents"], summary_count=counts["summaries"],
        latest_published_at=counts["latest"],
    )


# --------------------------------------------------------------------------- crime rates


@dataclass(frozen=True)
class RateSeries:
    """One line of a chart: ``points`` are (year, value or None when missing)."""

    key: str
    label: str
    points: list[tuple[int, float | None]]
    source_label: str


@dataclass(frozen=True)
class CrimeRates:
    indicator: str
    label: str
    unit: str
    years: list[int]
    series: list[RateSeries]
    comparison_label: str
    comparison_codes: list[str]
    updated_at: dt.datetime | None
    ranking_year: int | None = None
    ranking: list[tuple[str, float, bool]] = field(default_factory=list)
    source_label: str = KOLADA_SOURCE
    kind_label: str = KIND_LABELS["reported_crime"]

    @property
    def has_data(self) -> bool:
        return any(value is not None for s in self.series for _, value in s.points)

    @property
    def has_country(self) -> bool:
        return any(s.key == "riket" for s in self.series)

    def rows(self) -> list[tuple[int, list[float | None]]]:
        """Table rows: (year, [value of each series])."""
        return [(year, [dict(s.points).get(year) for s in self.series]) for year in self.years]


def comparison_group(municipality: Municipality) -> tuple[str, list[str]]:
    """Label and kommun codes of the comparison group.

    ``settings.LOFTE_COMPARISON_GROUPS`` may name a group per kommunkod, e.g.
    ``{"0685": ("Liknande kommuner (Kolada)", ["0682", "0686", "0684"])}``; otherwise the
    group is the other kommuner of the same län.
    """
    configured = getattr(settings, "LOFTE_COMPARISON_GROUPS", {}).get(municipality.code)
    if configured:
        label, configured_codes = configured
        return str(label), [str(code) for code in configured_codes]
    codes = list(
        Municipality.objects.filter(county_id=municipality.county_id)
        .exclude(pk=municipality.pk).order_by("code").values_list("code", flat=True)
    )
    return f"Medel för övriga kommuner i {municipality.county.name}", codes


def crime_rates_for(
    municipality: Municipality,
    years: Sequence[int] | None = None,
    *,
    indicator: str = "N07540",
    comparison_codes: Sequence[str] | None = None,
    comparison_label: str = "Medel för jämförelsekommunerna",
) -> CrimeRates:
    """Kolada ``indicator`` (default N07540, reported crimes per 100 000) over ``years``.

    Series: the kommun; the unweighted mean of the comparison kommuner that have a value
    that year (computed by Löfte, labelled so); Riket when Kolada's ``0000`` was imported.
    ``years`` defaults to every year with a value for the kommun or the group.
    """
    if comparison_codes is None:
        comparison_label, group = comparison_group(municipality)
    else:
        group = list(comparison_codes)
    rows = CrimeStatistic.objects.filter(
        source=Source.KOLADA, indicator=indicator, gender="T"
    ).filter(Q(area_code__in=[municipality.code, *group]) | Q(area_level="riket"))
    if years:
        rows = rows.filter(year__in=list(years))
    own: dict[int, float | None] = {}
    country: dict[int, float | None] = {}
    members: dict[int, list[float]] = defaultdict(list)
    by_code: dict[int, dict[str, float]] = defaultdict(dict)
    updated_at: dt.datetime | None = None
    for area_code, area_level, year, value, stamp in rows.values_list(
        "area_code", "area_level", "year", "value", "updated_at"
    ):
        updated_at = max(updated_at, stamp) if updated_at else stamp
        if area_code == municipality.code:
            own[year] = value
        elif area_level == "riket":
            country[year] = value
        elif value is not None:
            members[year].append(value)
        if area_level == "kommun" and value is not None:
            by_code[year][area_code] = value
    all_years = sorted(set(years or []) | set(own) | set(members) | set(country))
    kpi = KOLADA_KPI_ALLOW_LIST.get(indicator)
    series = [RateSeries("kommun", municipality.name, [(y, own.get(y)) for y in all_years],
                         KOLADA_SOURCE)]
    if members:
        counts = sorted({len(values) for values in members.values()})
        n_text = str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
        series.append(RateSeries(
            "jamforelse", f"{comparison_label} ({n_text} av {len(group)} har värden)",
            [(y, round(sum(members[y]) / len(members[y]), 1) if members.get(y) else None)
             for y in all_years], DERIVED_SOURCE,
        ))
    if country:
        series.append(RateSeries("riket", "Riket", [(y, country.get(y)) for y in all_years],
                                 KOLADA_SOURCE))
    ranking_year = max((y for y in own if own[y] is not None), default=None)
    ranking: list[tuple[str, float, bool]] = []
    if ranking_year is not None:
        names = dict(Municipality.objects.filter(code__in=list(by_code[ranking_year]))
                     .values_list("code", "name"))
        ranking = sorted(((names.get(code, code), value, code == municipality.code)
                          for code, value in by_code[ranking_year].items()),
                         key=lambda item: -item[1])
    return CrimeRates(
        indicator=indicator, label=kpi.title if kpi else indicator,
        unit=kpi.unit if kpi else "", years=all_years, series=series,
        comparison_label=comparison_label, comparison_codes=group, updated_at=updated_at,
        ranking_year=ranking_year, ranking=ranking,
    )


@dataclass(frozen=True)
class BraRow:
    label: str
    period: str
    count: float | None
    per_100k: float | None
    is_preliminary: bool
    source: str


def bra_statistics_for(municipality: Municipality, *, limit: int = 200) -> list[BraRow]:
    """Brå figures (SOL exports and indicator workbooks) for the kommun, newest first."""
    rows = CrimeStatistic.objects.filter(
        source__in=[Source.BRA, Source.BRA_INDICATORS], area_code=municipality.code,
    ).exclude(unit="percent").order_by("-year", "label", "-period")[:limit]
    return [BraRow(row.label, row.period, row.value if row.unit == "count" else None,
                   row.per_100k, row.is_preliminary, BRA_SOURCE) for row in rows]


# --------------------------------------------------------------------------- surveys


@dataclass(frozen=True)
class SurveySeries:
    """One survey indicator over time for one area (all respondents)."""

    source: str
    indicator: str
    measure: str
    area_label: str
    points: list[tuple[str, float | None]]
    source_label: str
    source_urls: list[str]
    is_demo: bool
    respondents: int | None
    kind_label: str = KIND_LABELS["survey"]

    @property
    def measure_label(self) -> str:
        return "index 0–6 (lägre är bättre)" if self.measure == "index_0_6" else "andel (%)"


def survey_series_for(municipality: Municipality) -> list[SurveySeries]:
    """Survey indicators for the kommun and its lokalpolisområden, whole population only."""
    area_names = list(municipality.police_areas.values_list("name", flat=True))
    rows = SurveyResult.objects.filter(
        Q(municipality_code=municipality.code)
        | Q(municipality_code="", police_area_name__in=area_names),
        gender="alla", age_group="alla", sub_area="",
    ).order_by("source", "indicator", "first_year", "period")
    grouped: dict[tuple[str, str, str, str], list[SurveyResult]] = defaultdict(list)
    for row in rows:
        area = (municipality.name if row.municipality_code
                else f"Lokalpolisområde {row.police_area_name}")
        grouped[(row.source, row.indicator, row.measure, area)].append(row)
    result = []
    for (source, indicator, measure, area), items in grouped.items():
        result.append(SurveySeries(
            source=source, indicator=indicator, measure=measure, area_label=area,
            points=[(item.period, item.value) for item in items],
            source_label=SURVEY_SOURCES.get(source, source),
            source_urls=sorted({item.source_url for item in items if item.source_url}),
            is_demo=any(item.is_demo for item in items),
            respondents=items[-1].respondents,
        ))
    return result


@dataclass(frozen=True)
class SurveyBreakdownRow:
    source_label: str
    indicator: str
    measure: str
    period: str
    gender: str
    age_group: str
    value: float | None
    total: float | None
    respondents: int | None
    is_demo: bool


def survey_breakdown_for(municipality: Municipality) -> list[SurveyBreakdownRow]:
    """Survey values by gender and/or age for the kommun, with the all-respondents value."""
    rows = SurveyResult.objects.filter(municipality_code=municipality.code, sub_area="")
    totals = {(r.source, r.indicator, r.measure, r.period): r.value
              for r in rows.filter(gender="alla", age_group="alla")}
    split = rows.exclude(gender="alla", age_group="alla").order_by(
        "indicator", "period", "gender", "age_group")
    return [
        SurveyBreakdownRow(
            source_label=SURVEY_SOURCES.get(r.source, r.source), indicator=r.indicator,
            measure="index 0–6" if r.measure == "index_0_6" else "andel (%)", period=r.period,
            gender={"kvinnor": "kvinnor", "man": "män"}.get(r.gender, "alla"),
            age_group=r.age_group, value=r.value,
            total=totals.get((r.source, r.indicator, r.measure, r.period)),
            respondents=r.respondents, is_demo=r.is_demo,
        )
        for r in split[:500]
    ]


# --------------------------------------------------------------------------- dialogues


@dataclass(frozen=True)
class DialogueTheme:
    topic: str
    votes: int
    mentions: int
    kinds: list[str]
    areas: list[str]
    last_held_on: dt.date
    texts: list[str] = field(default_factory=list)
    kind_label: str = KIND_LABELS["dialogue"]
    source_label: str = SOURCE_LABELS[Source.DIALOGUES]


def dialogue_themes_for(
    collaboration: Collaboration, start: dt.date | None = None, end: dt.date | None = None
) -> list[DialogueTheme]:
    """Topics raised at the collaboration's dialogues in [start, end], most votes first.

    Topics are grouped case-insensitively; texts are the (already masked) free texts.
    """
    rows = DialogueResult.objects.filter(collaboration=collaboration)
    if start is not None:
        rows = rows.filter(held_on__gte=start)
    if end is not None:
        rows = rows.filter(held_on__lte=end)
    groups: dict[str, list[DialogueResult]] = defaultdict(list)
    for row in rows.order_by("held_on"):
        groups[row.topic.casefold()].append(row)
    themes = [
        DialogueTheme(
            topic=items[-1].topic, votes=sum(item.votes or 0 for item in items),
            mentions=len(items), kinds=sorted({item.get_kind_display() for item in items}),
            areas=sorted({item.area for item in items if item.area}),
            last_held_on=items[-1].held_on,
            texts=[item.free_text for item in items if item.free_text][:5],
        )
        for items in groups.values()
    ]
    return sorted(themes, key=lambda theme: (-theme.votes, -theme.mentions, theme.topic))


# --------------------------------------------------------------------------- overview


@dataclass(frozen=True)
class SourceStatus:
    key: str
    name: str
    kind_label: str
    source_label: str
    latest_data: str
    count: int
    last_import: dt.datetime | None


def sources_overview(collaboration: Collaboration) -> list[SourceStatus]:
    """One line per source for the collaboration's kommun: how current and how much."""
    municipality = collaboration.municipality
    events = PoliceEvent.objects.filter(municipality=municipality)
    event_stats = events.aggregate(n=Count("pk"), latest=Max("occurred_at"))
    kolada = CrimeStatistic.objects.filter(source=Source.KOLADA, area_code=municipality.code)
    kolada_stats = kolada.aggregate(n=Count("pk"), latest=Max("year"))
    bra = CrimeStatistic.objects.filter(source__in=[Source.BRA, Source.BRA_INDICATORS],
                                        area_code=municipality.code)
    bra_stats = bra.aggregate(n=Count("pk"), latest=Max("year"))
    surveys = survey_series_for(municipality)
    latest_survey = max((p for s in surveys for p, _ in s.points), default="")
    dialogues = DialogueResult.objects.filter(collaboration=collaboration)
    dialogue_stats = dialogues.aggregate(n=Count("pk"), latest=Max("held_on"))

    def run_time(*sources: str) -> dt.datetime | None:
        runs = [last_successful_run(source) for source in sources]
        times = [run.finished_at for run in runs if run and run.finished_at]
        return max(times) if times else None

    history = HistoricalIncident.objects.filter(collaboration=collaboration).aggregate(
        n=Count("pk"), latest=Max("occurred_at"))
    latest_event = event_stats["latest"]
    statuses = [
        SourceStatus("polisen", gettext_noop("Polisens händelser"), KIND_LABELS["police_events"],
                     POLICE_SOURCE,
                     timezone.localtime(latest_event).strftime("%Y-%m-%d") if latest_event
                     else "", event_stats["n"], run_time(Source.POLISEN_EVENTS)),
        SourceStatus("kolada", "Kolada", KIND_LABELS["reported_crime"], KOLADA_SOURCE,
                     str(kolada_stats["latest"] or ""), kolada_stats["n"],
                     run_time(Source.KOLADA)),
        SourceStatus("bra", "Brå", KIND_LABELS["reported_crime"], BRA_SOURCE,
                     str(bra_stats["latest"] or ""), bra_stats["n"],
                     run_time(Source.BRA, Source.BRA_INDICATORS)),
        SourceStatus("trygghet", gettext_noop("Trygghetsmätning och NTU"), KIND_LABELS["survey"],
                     gettext_noop("Källa: Polisens trygghetsmätning / Brå (NTU)"), latest_survey,
                     sum(len(s.points) for s in surveys), run_time(Source.SURVEYS)),
        SourceStatus("dialoger", gettext_noop("Dialoger"), KIND_LABELS["dialogue"],
                     SOURCE_LABELS[Source.DIALOGUES],
                     dialogue_stats["latest"].isoformat() if dialogue_stats["latest"] else "",
                     dialogue_stats["n"], None),
    ]
    if history["n"]:
        statuses.append(SourceStatus(
            "historik", gettext_noop("Historiska händelser"),
            gettext_noop("Samverkans egna iakttagelser (äldre data)"),
            SOURCE_LABELS[Source.INCIDENT_HISTORY],
            timezone.localtime(history["latest"]).strftime("%Y-%m-%d"), history["n"],
            run_time(Source.INCIDENT_HISTORY)))
    return statuses
