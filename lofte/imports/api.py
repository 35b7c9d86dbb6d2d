"""Official sources of a collaboration's kommun, read-only, each figure with its source."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from lofte.accounts.api_auth import AUTH
from lofte.core.schemas import ErrorOut
from lofte.imports import queries
from lofte.imports.access import runs_for_scope
from lofte.organisations.access import get_scope_for_user

router = Router(tags=["Officiella källor"], auth=AUTH)


class PoliceEventOut(Schema):
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


class PoliceEventsOut(Schema):
    municipality_code: str
    start: dt.datetime
    end: dt.datetime
    incident_count: int
    summary_count: int
    by_category: dict[str, int]
    source_label: str
    note: str
    events: list[PoliceEventOut]


class EventFilter(Schema):
    start: dt.date | None = Field(None, ge=dt.date(1900, 1, 1), le=dt.date(2100, 12, 31))
    end: dt.date | None = Field(None, ge=dt.date(1900, 1, 1), le=dt.date(2100, 12, 31))


class SeriesOut(Schema):
    key: str
    label: str
    points: list[tuple[int, float | None]]
    source_label: str


class CrimeRatesOut(Schema):
    indicator: str
    label: str
    unit: str
    years: list[int]
    comparison_label: str
    comparison_codes: list[str]
    source_label: str
    series: list[SeriesOut]


class SurveySeriesOut(Schema):
    source: str
    indicator: str
    measure: str
    area_label: str
    points: list[tuple[str, float | None]]
    source_label: str
    is_demo: bool


class DialogueThemeOut(Schema):
    topic: str
    votes: int
    mentions: int
    kinds: list[str]
    areas: list[str]
    last_held_on: dt.date
    texts: list[str]


class ImportRunOut(Schema):
    id: int
    source: str
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    read: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    errors: int
    message: str


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())


@router.get("/collaborations/{slug}/sources/police-events",
            response={200: PoliceEventsOut, 404: ErrorOut},
            summary="Polisens händelser i samverkans kommun")
def police_events(request: HttpRequest, slug: str, filters: Query[EventFilter]) -> Any:
    scope = get_scope_for_user(request.user, slug, "situation.view")
    end = _day_start(filters.end) + dt.timedelta(days=1) if filters.end else timezone.now()
    start = _day_start(filters.start) if filters.start else end - dt.timedelta(days=90)
    return queries.police_events_for(scope.collaboration.municipality, start, end)


@router.get("/collaborations/{slug}/sources/crime-rates",
            response={200: CrimeRatesOut, 404: ErrorOut},
            summary="Anmälda brott per 100 000 inv. mot jämförbara kommuner och riket (Kolada)")
def crime_rates(request: HttpRequest, slug: str, indicator: str = "N07540") -> Any:
    scope = get_scope_for_user(request.user, slug, "situation.view")
    return queries.crime_rates_for(scope.collaboration.municipality, indicator=indicator)


@router.get("/collaborations/{slug}/sources/surveys",
            response={200: list[SurveySeriesOut], 404: ErrorOut},
            summary="Trygghetsmätning och NTU över tid")
def surveys(request: HttpRequest, slug: str) -> Any:
    scope = get_scope_for_user(request.user, slug, "situation.view")
    return queries.survey_series_for(scope.collaboration.municipality)


@router.get("/collaborations/{slug}/sources/dialogues",
            response={200: list[DialogueThemeOut], 404: ErrorOut},
            summary="Ämnen från medborgar- och medarbetardialoger")
def dialogues(request: HttpRequest, slug: str) -> Any:
    scope = get_scope_for_user(request.user, slug, "situation.view")
    return queries.dialogue_themes_for(scope.collaboration)


@router.get("/collaborations/{slug}/sources/import-runs",
            response={200: list[ImportRunOut], 403: ErrorOut, 404: ErrorOut},
            summary="Importkörningar (samverkans och plattformens)")
def import_runs(request: HttpRequest, slug: str) -> Any:
    scope = get_scope_for_user(request.user, slug, "import.run")
    return list(runs_for_scope(scope)[:100])
