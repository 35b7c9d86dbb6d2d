"""Reference geography: public, read-only."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from lofte.core.schemas import ErrorOut
from lofte.geo.locate import municipality_index
from lofte.geo.models import County, Municipality, PoliceArea, PoliceRegion
from lofte.geo.schemas import (
    CountyOut,
    LocatedPoint,
    LocateIn,
    MunicipalityDetailOut,
    MunicipalityOut,
    PointIn,
    PoliceAreaOut,
    PoliceRegionOut,
)

router = Router(tags=["Referensdata"])


def _municipality_out(m: Municipality) -> dict[str, object]:
    return {
        "code": m.code, "name": m.name, "official_name": m.official_name,
        "genitive": m.genitive, "county_code": m.county.code, "county_name": m.county.name,
        "centre_lat": m.centre_lat, "centre_lon": m.centre_lon,
        "police_areas": [a.name for a in m.police_areas.all()],
    }


@router.get("/counties", response=list[CountyOut], summary="Alla 21 län")
def list_counties(request: HttpRequest) -> list[County]:
    return list(County.objects.all())


@router.get("/municipalities", response=list[MunicipalityOut], summary="Alla 290 kommuner")
def list_municipalities(request: HttpRequest, county: str | None = None) -> list[dict[str, object]]:
    qs = (
        Municipality.objects.select_related("county")
        .prefetch_related(Prefetch("police_areas", queryset=PoliceArea.objects.only("name")))
        .defer("geometry")
        .order_by("code")
    )
    if county:
        qs = qs.filter(county__code=county)
    return [_municipality_out(m) for m in qs]


@router.get(
    "/municipalities/{code}", response={200: MunicipalityDetailOut, 404: ErrorOut},
    summary="En kommun med gräns",
)
def get_municipality(request: HttpRequest, code: str) -> dict[str, object]:
    m = get_object_or_404(Municipality.objects.select_related("county"), code=code)
    return {**_municipality_out(m), "geometry": m.geometry}


@router.get("/police-regions", response=list[PoliceRegionOut], summary="De sju polisregionerna")
def list_police_regions(request: HttpRequest) -> list[dict[str, object]]:
    return [
        {"name": r.name, "county_codes": [c.code for c in r.counties.all()]}
        for r in PoliceRegion.objects.prefetch_related("counties")
    ]


@router.get("/police-areas", response=list[PoliceAreaOut], summary="Kända lokalpolisområden")
def list_police_areas(request: HttpRequest) -> list[dict[str, object]]:
    return [
        {
            "id": a.pk, "name": a.name, "region": a.region.name,
            "district": a.district.name if a.district else None,
            "municipality_codes": sorted(m.code for m in a.municipalities.all()),
        }
        for a in PoliceArea.objects.select_related("region", "district").prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.only("code"))
        )
    ]


def _located(points: list[PointIn]) -> list[dict[str, object]]:
    codes = municipality_index().locate_many([p.lat for p in points], [p.lon for p in points])
    names = dict(
        Municipality.objects.filter(code__in={c for c in codes if c}).values_list("code", "name")
    )
    return [
        {"lat": p.lat, "lon": p.lon, "municipality_code": c,
         "municipality_name": names.get(c) if c else None}
        for p, c in zip(points, codes, strict=True)
    ]


@router.get("/locate", response=LocatedPoint, summary="Vilken kommun ligger punkten i?")
def locate_point(request: HttpRequest, point: Query[PointIn]) -> dict[str, object]:
    return _located([point])[0]


@router.post("/locate", response=list[LocatedPoint], summary="Kommun för många punkter")
def locate_points(request: HttpRequest, payload: LocateIn) -> list[dict[str, object]]:
    return _located(payload.points)
