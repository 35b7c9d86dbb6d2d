from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class IncidentIn(Schema):
    category: str = Field(description="Kategorins kod, t.ex. klotter")
    occurred_from: dt.datetime
    occurred_to: dt.datetime | None = None
    lat: float | None = None
    lon: float | None = None
    place_id: int | None = None
    description: str = Field("", max_length=4000)
    severity: int = Field(2, ge=1, le=3)
    client_token: str = Field("", max_length=64)


class IncidentOut(Schema):
    id: int
    category: str
    category_name: str
    occurred_from: dt.datetime
    occurred_to: dt.datetime | None
    lat: float
    lon: float
    place: str | None
    description: str
    severity: int
    status: str
    source: str
    moderation: str
    organisation: str | None
    merged_into: int | None


class StatusPatch(Schema):
    status: str


class CategoryOut(Schema):
    code: str
    name: str
