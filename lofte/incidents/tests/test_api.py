from __future__ import annotations

import pytest
from django.utils import timezone

from lofte.core.models import AuditAction, AuditEntry
from lofte.incidents.models import Incident, Status
from lofte.incidents.tests.conftest import centre

pytestmark = pytest.mark.django_db
API = "/api/v1"


def payload(vetlanda, **extra):
    lat, lon = centre(vetlanda)
    data = {"category": "klotter", "occurred_from": timezone.now().isoformat(), "lat": lat,
            "lon": lon, "description": "Via API"}
    data.update(extra)
    return data


def test_create_list_and_read(login, reporter, vetlanda, categories,
                              django_assert_max_num_queries):
    client = login(reporter)
    response = client.post(f"{API}/collaborations/vetlanda/incidents",
                           payload(vetlanda), content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    with django_assert_max_num_queries(11):  # 10 + the audit entry of the read
        listed = client.get(f"{API}/collaborations/vetlanda/incidents").json()
    assert [i["id"] for i in listed["items"]] == [pk]
    assert client.get(f"{API}/incidents/{pk}").json()["category"] == "klotter"
    assert AuditEntry.objects.filter(action=AuditAction.READ, object_id=str(pk)).exists()
    cats = client.get(f"{API}/collaborations/vetlanda/incident-categories").json()
    assert {"code": "brand", "name": "Brand"} in cats


def test_validation_error_stores_nothing(login, reporter, vetlanda, categories):
    client = login(reporter)
    outside = client.post(f"{API}/collaborations/vetlanda/incidents",
                          payload(vetlanda, lat=59.33, lon=18.06),
                          content_type="application/json")
    assert outside.status_code == 422 and "utanför" in outside.json()["detail"]
    unknown = client.post(f"{API}/collaborations/vetlanda/incidents",
                          payload(vetlanda, category="nope"), content_type="application/json")
    assert unknown.status_code == 422
    assert not Incident.objects.exists()


def test_other_collaboration_and_missing(login, outsider, reporter, make_incident, almhult):
    incident = make_incident(reporter)
    client = login(outsider)
    assert client.get(f"{API}/incidents/{incident.pk}").status_code == 404
    assert client.get(f"{API}/incidents/999999").status_code == 404
    assert client.get(f"{API}/collaborations/vetlanda/incidents").status_code == 404


def test_status_needs_review_role(login, coordinator, reporter, make_incident):
    incident = make_incident(reporter)
    assert login(reporter).patch(f"{API}/incidents/{incident.pk}/status",
                                 {"status": Status.CLOSED},
                                 content_type="application/json").status_code == 403
    ok = login(coordinator).patch(f"{API}/incidents/{incident.pk}/status",
                                  {"status": Status.RESOLVED}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == Status.RESOLVED
    bad = login(coordinator).patch(f"{API}/incidents/{incident.pk}/status",
                                   {"status": "nope"}, content_type="application/json")
    assert bad.status_code == 422


def test_anonymous_is_refused(client, vetlanda):
    assert client.get(f"{API}/collaborations/vetlanda/incidents").status_code == 401


def test_list_pages_and_count(login, reporter, vetlanda, categories):
    client = login(reporter)
    ids = []
    for n in range(53):
        r = client.post(f"{API}/collaborations/vetlanda/incidents",
                        payload(vetlanda, client_token=f"page-{n}"),
                        content_type="application/json")
        assert r.status_code == 201, r.content
        ids.append(r.json()["id"])
    url = f"{API}/collaborations/vetlanda/incidents"
    first = client.get(url).json()
    second = client.get(url + "?page=2").json()
    beyond = client.get(url + "?page=3").json()
    assert first["count"] == second["count"] == beyond["count"] == 53
    assert len(first["items"]) == 50 and len(second["items"]) == 3 and beyond["items"] == []
    assert sorted(i["id"] for i in first["items"] + second["items"]) == sorted(ids)
