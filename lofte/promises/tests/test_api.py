"""The members' promise API: list, read with progress, log a performed activity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lofte.promises import queries
from lofte.promises.models import ActivityRecord
from lofte.promises.tests.factories import draft_promise, first_activity, published_promise

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(vetlanda: Any, coordinator: Any, police_coordinator: Any) -> Any:
    return published_promise(vetlanda, coordinator, police_coordinator)


def test_list_and_read(login: Any, vetlanda: Any, coordinator: Any, promise: Any,
                       django_assert_max_num_queries: Any) -> None:
    client = login(coordinator)
    with django_assert_max_num_queries(15) as one:
        response = client.get("/api/v1/collaborations/vetlanda/promises")
    assert response.status_code == 200
    assert response.json()[0]["title"] == promise.title
    for n in range(3):
        draft_promise(vetlanda, coordinator, title=f"Utkast {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/collaborations/vetlanda/promises").json()) == 4
    detail = client.get(f"/api/v1/promises/{promise.pk}").json()
    assert detail["activities"][0]["target_count"] == 15
    assert client.get("/api/v1/promises/999999").status_code == 404


def test_other_collaboration_is_not_found(login: Any, outsider: Any, promise: Any,
                                          client: Any) -> None:
    other = login(outsider)
    assert other.get("/api/v1/collaborations/vetlanda/promises").status_code == 404
    assert other.get(f"/api/v1/promises/{promise.pk}").status_code == 404
    response = other.post(f"/api/v1/activities/{first_activity(promise).pk}/records",
                          {"performed_on": queries.today().isoformat()},
                          content_type="application/json")
    assert response.status_code == 404
    assert client.get(f"/api/v1/promises/{promise.pk}").status_code == 401
    assert not ActivityRecord.objects.exists()


def test_log_a_record(login: Any, reporter: Any, reader: Any, promise: Any) -> None:
    url = f"/api/v1/activities/{first_activity(promise).pk}/records"
    body = {"performed_on": queries.today().isoformat(), "figures": {"kontrollerade fordon": 12}}
    response = login(reporter).post(url, body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["figures"] == {"kontrollerade fordon": 12}
    assert login(reader).post(url, body, content_type="application/json").status_code == 403
    future = {"performed_on": (queries.today() + dt.timedelta(days=2)).isoformat()}
    response = login(reporter).post(url, future, content_type="application/json")
    assert response.status_code == 422
    assert "framtiden" in response.json()["detail"]
    assert ActivityRecord.objects.count() == 1
    missing = login(reporter).post("/api/v1/activities/999999/records", body,
                                   content_type="application/json")
    assert missing.status_code == 404
