from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class CountyOut(Schema):
    code: str = Field(description="SCB:s länskod, två siffror")
    name: str


class MunicipalityOut(Schema):
    code: str = Field(description="SCB:s kommunkod, fyra siffror (sträng med inledande nolla)")
    name: str
    official_name: str = Field(description="T.ex. 'Vaggeryds kommun' eller 'Region Gotland'")
    genitive: str
    county_code: str
    county_name: str
    centre_lat: float
    centre_lon: float
    police_areas: list[str]


class MunicipalityDetailOut(MunicipalityOut):
    geometry: dict[str, Any] = Field(description="Förenklad gräns som GeoJSON (WGS84)")


class PoliceAreaOut(Schema):
    id: int
    name: str
    region: str
    district: str | None
    municipality_codes: list[str]


class PoliceRegionOut(Schema):
    name: str
    county_codes: list[str]


class PointIn(Schema):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class LocateIn(Schema):
    points: list[PointIn] = Field(max_length=10_000)


class LocatedPoint(Schema):
    lat: float
    lon: float
    municipality_code: str | None
    municipality_name: str | None
