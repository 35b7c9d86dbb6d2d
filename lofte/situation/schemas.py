from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class SituationReportIn(Schema):
    start: dt.date = Field(description="Periodens första dag")
    end: dt.date = Field(description="Periodens sista dag (högst tre år efter start)")
    title: str = Field("", max_length=200, description="Rubrik; tom ger kommun och period")


class SituationReportSummaryOut(Schema):
    id: int
    title: str
    period_start: dt.date
    period_end: dt.date
    version: int
    status: str
    published_at: dt.datetime | None


class SectionOut(Schema):
    kind: str
    title: str
    body: str
    is_police_only: bool


class ProblemOut(Schema):
    id: int
    title: str
    description: str
    priority: int
    place_name: str
    latitude: float | None
    longitude: float | None
    time_pattern: str
    triangle_place: str
    triangle_offender: str
    triangle_target: str
    suspected_causes: str
    is_police_only: bool
    activity_ids: list[int]


class SituationReportOut(SituationReportSummaryOut):
    sections: list[SectionOut]
    problems: list[ProblemOut]
    figures: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    generated_at: dt.datetime | None


class PublicSituationReportOut(Schema):
    municipality_code: str
    published_at: dt.datetime
    report: dict[str, Any] = Field(description="Den offentliga versionen: utan underrättelser, "
                                               "små antal undertryckta, platser förgrovade")
