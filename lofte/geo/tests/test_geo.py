from __future__ import annotations

from typing import Any

import pytest

from lofte.geo.locate import municipality_index
from lofte.geo.models import County, Municipality, PoliceArea
from lofte.geo.names import name_forms, official_name
from lofte.geo.services import load_reference_geography

pytestmark = pytest.mark.django_db


def test_reference_geography_is_complete_and_loading_twice_changes_nothing(geography: None) -> None:
    before = (County.objects.count(), Municipality.objects.count(), PoliceArea.objects.count())
    result = load_reference_geography()
    assert (result.counties, result.municipalities) == (21, 290)
    assert before == (21, 290, result.police_areas)
    hoglandet = PoliceArea.objects.get(name="Höglandet")
    assert set(hoglandet.municipalities.values_list("code", flat=True)) >= {"0685", "0684"}
    assert hoglandet.region.name == "Öst"


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (57.4275, 15.0853, "0685"),  # Vetlanda town centre
        (56.5524, 14.1374, "0765"),  # Älmhult
        (57.5005, 14.1201, "0665"),  # Vaggeryd
        (59.3293, 18.0686, "0180"),  # Stockholm, Sergels torg
        (57.6390, 18.2940, "0980"),  # Visby on Gotland (island)
        (57.9300, 19.1650, "0980"),  # Fårö, an island off Gotland
        (55.6050, 13.0038, "1280"),  # Malmö
        (67.8558, 20.2253, "2584"),  # Kiruna
        (59.8586, 17.6389, "0380"),  # Uppsala
    ],
)
def test_points_land_in_the_right_kommun(
    geography: None, lat: float, lon: float, code: str
) -> None:
    assert municipality_index().locate(lat, lon) == code


def test_points_far_out_at_sea_or_abroad_have_no_kommun(geography: None) -> None:
    index = municipality_index()
    assert index.locate(56.0, 17.5) is None  # the Baltic between Öland and Gotland
    assert index.locate(52.52, 13.40) is None  # Berlin


def test_points_near_a_border_go_to_the_kommun_they_lie_in(geography: None) -> None:
    """Walk across the Vetlanda–Eksjö border: each point gets the polygon it is in."""
    from shapely.geometry import Point, shape

    vetlanda = shape(Municipality.objects.get(code="0685").geometry)
    eksjo = shape(Municipality.objects.get(code="0686").geometry)
    border = vetlanda.intersection(eksjo)
    assert not border.is_empty
    mid = border.interpolate(0.5, normalized=True) if hasattr(border, "interpolate") else border
    lats = [mid.y + d for d in (-0.02, -0.005, 0.005, 0.02)]
    lons = [mid.x] * 4
    codes = municipality_index().locate_many(lats, lons)
    for lat, lon, code in zip(lats, lons, codes, strict=True):
        expected = "0685" if vetlanda.contains(Point(lon, lat)) else (
            "0686" if eksjo.contains(Point(lon, lat)) else code
        )
        assert code == expected


def test_official_names_follow_swedish_usage() -> None:
    assert official_name("Vetlanda", "0685") == "Vetlanda kommun"
    assert official_name("Vaggeryd", "0665") == "Vaggeryds kommun"
    assert official_name("Borås", "1490") == "Borås kommun"
    assert official_name("Gotland", "0980") == "Region Gotland"
    assert "Älmhults kommun" in name_forms("Älmhult", "0765")
    assert "Region Gotland" in name_forms("Gotland", "0980")


def test_api_lists_290_kommuner_without_login(client: Any, geography: None,
                                               django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/municipalities")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 290
    vetlanda = next(m for m in data if m["code"] == "0685")
    assert vetlanda["official_name"] == "Vetlanda kommun"
    assert vetlanda["county_name"] == "Jönköpings län"
    assert "Höglandet" in vetlanda["police_areas"]


def test_api_municipality_detail_and_missing(client: Any, geography: None) -> None:
    response = client.get("/api/v1/municipalities/0980")
    assert response.status_code == 200
    assert response.json()["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert client.get("/api/v1/municipalities/9999").status_code == 404


def test_api_locates_single_and_many_points(client: Any, geography: None) -> None:
    one = client.get("/api/v1/locate", {"lat": 57.4275, "lon": 15.0853}).json()
    assert one["municipality_code"] == "0685"
    many = client.post(
        "/api/v1/locate",
        {"points": [{"lat": 56.5524, "lon": 14.1374}, {"lat": 52.52, "lon": 13.40}]},
        content_type="application/json",
    ).json()
    assert [p["municipality_code"] for p in many] == ["0765", None]


def test_api_rejects_bad_coordinates_with_a_message(client: Any, geography: None) -> None:
    response = client.get("/api/v1/locate", {"lat": "abc", "lon": 15})
    assert response.status_code == 422
    assert response.json()["detail"] == "Felaktig indata."
    response = client.get("/api/v1/locate", {"lat": 123, "lon": 15})
    assert response.status_code == 422


def test_api_lists_police_regions_and_areas(client: Any, geography: None) -> None:
    regions = client.get("/api/v1/police-regions").json()
    assert {r["name"] for r in regions} == {"Nord", "Mitt", "Stockholm", "Öst", "Väst", "Syd",
                                            "Bergslagen"}
    areas = client.get("/api/v1/police-areas").json()
    ljungby = next(a for a in areas if a["name"] == "Ljungby")
    assert set(ljungby["municipality_codes"]) == {"0765", "0767", "0781"}
