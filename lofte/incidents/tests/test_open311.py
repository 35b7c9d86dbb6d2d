from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import requests
from django.urls import reverse

from lofte.accounts.services import create_api_token
from lofte.incidents import services
from lofte.incidents.models import Incident, Moderation, Source
from lofte.incidents.tests.conftest import centre


def base(live_server) -> str:
    return f"{live_server.url}/open311/v2"


@pytest.mark.django_db(transaction=True)
def test_georeport_client_reads_services_and_requests(live_server, vetlanda, almhult,
                                                      categories, coordinator, make_incident):
    from georeport import GeoReport

    make_incident(coordinator)  # an EST report: never listed one by one
    forwarded = make_incident(None, source=Source.OPEN311, description="Trasig lampa")
    client = GeoReport(base(live_server), jurisdiction="0685")
    service_list = client.get_service_list()
    assert {s["service_code"] for s in service_list} >= {"klotter", "skadegorelse"}
    found = client.get_service_requests(service_code="klotter", status="open")
    assert len(found) == 1 and found[0]["service_name"] == "Klotter"
    assert found[0]["service_request_id"] == forwarded.public_id
    # The citizen's text is not published; the position is snapped to the 1 km grid.
    assert found[0]["description"] == "" and "Trasig lampa" not in str(found)
    one = client.get_service_request(found[0]["service_request_id"])
    assert one["service_request_id"] == found[0]["service_request_id"]
    xml_client = GeoReport(base(live_server), jurisdiction="vetlanda", output_format="xml")
    assert xml_client.get_service_list()


@pytest.mark.django_db(transaction=True)
def test_post_with_key_lands_in_review_queue(live_server, vetlanda, categories, coordinator,
                                             login):
    _, raw = services.create_open311_key(None, vetlanda, "Felanmälan-appen")
    lat, lon = centre(vetlanda)
    response = requests.post(f"{base(live_server)}/requests.json", data={
        "api_key": raw, "jurisdiction_id": "0685", "service_code": "klotter", "lat": lat,
        "long": lon, "description": "Klotter på skolan, ring 070-1234567",
        "email": "x@example.se"}, timeout=10)
    assert response.status_code == 201, response.text
    incident = Incident.objects.get(public_id=response.json()[0]["service_request_id"])
    assert incident.source == Source.OPEN311 and incident.moderation == Moderation.PENDING
    assert "[telefon]" in incident.description
    queue = login(coordinator).get(reverse("incidents:review", kwargs={"slug": "vetlanda"}))
    assert f">{incident.pk}</a>" in queue.content.decode()


@pytest.mark.django_db
def test_post_with_personal_token(client, vetlanda, categories, reporter):
    _, raw = create_api_token(reporter, name="app")
    lat, lon = centre(vetlanda)
    response = client.post("/open311/v2/requests.xml", {
        "api_key": raw, "jurisdiction_id": "vetlanda", "service_code": "brand", "lat": lat,
        "long": lon})
    assert response.status_code == 201
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == "service_requests" and root.find("request/service_request_id") is not None


@pytest.mark.django_db
def test_post_errors(client, vetlanda, categories, almhult, outsider):
    lat, lon = centre(vetlanda)
    bad_key = client.post("/open311/v2/requests.json", {
        "api_key": "nope", "jurisdiction_id": "0685", "service_code": "klotter", "lat": lat,
        "long": lon})
    assert bad_key.status_code == 403 and bad_key.json()[0]["code"] == 403
    _, other = create_api_token(outsider, name="app")  # a member of Älmhult only
    assert client.post("/open311/v2/requests.json", {
        "api_key": other, "jurisdiction_id": "0685", "service_code": "klotter", "lat": lat,
        "long": lon}).status_code == 403
    _, raw = services.create_open311_key(None, vetlanda, "app")
    outside = client.post("/open311/v2/requests.json", {
        "api_key": raw, "jurisdiction_id": "0685", "service_code": "klotter", "lat": 59.33,
        "long": 18.06})
    assert outside.status_code == 400 and "utanför" in outside.json()[0]["description"]
    unknown = client.post("/open311/v2/requests.json", {
        "api_key": raw, "jurisdiction_id": "0685", "service_code": "nope", "lat": lat,
        "long": lon})
    assert unknown.status_code == 400
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_list_pagination_filters_and_missing(client, vetlanda, categories, coordinator,
                                             make_incident, django_assert_max_num_queries):
    for i in range(7):
        make_incident(None, hours_ago=i + 1, source=Source.OPEN311)
    make_incident(coordinator)
    with django_assert_max_num_queries(4):
        page1 = client.get("/open311/v2/requests.json",
                           {"jurisdiction_id": "0685", "page_size": 5}).json()
    page2 = client.get("/open311/v2/requests.json",
                       {"jurisdiction_id": "0685", "page_size": 5, "page": 2}).json()
    assert len(page1) == 5 and len(page2) == 2
    assert not {r["service_request_id"] for r in page1} & {r["service_request_id"] for r in page2}
    assert client.get("/open311/v2/requests.json", {"jurisdiction_id": "0685",
                                                     "status": "closed"}).json() == []
    bad = client.get("/open311/v2/requests.json", {"jurisdiction_id": "0685",
                                                    "start_date": "igår"})
    assert bad.status_code == 400
    missing = client.get("/open311/v2/requests/999999.json")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404
    assert client.get("/open311/v2/services.json", {"jurisdiction_id": "1234"}).status_code == 404


@pytest.mark.django_db
def test_pending_tips_are_not_public(client, vetlanda, categories):
    lat, lon = centre(vetlanda)
    tip = services.submit_tip(vetlanda, services.IncidentData(
        category=categories["klotter"], occurred_from=vetlanda.created_at, lat=lat, lon=lon))
    assert client.get(f"/open311/v2/requests/{tip.public_id}.json").status_code == 404
    assert client.get(f"/open311/v2/requests/{tip.pk}.json").status_code == 404
