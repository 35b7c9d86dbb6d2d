from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lofte.incidents.models import Decision, DecisionStatus, Meeting

pytestmark = pytest.mark.django_db


def url(name, slug="vetlanda", **kwargs):
    return reverse(f"incidents:{name}", kwargs={"slug": slug, **kwargs})


def new_meeting(client, **extra):
    today = timezone.localdate()
    data = {"title": "EST-möte", "held_on": today.isoformat(),
            "period_start": (today - dt.timedelta(days=7)).isoformat(),
            "period_end": (today - dt.timedelta(days=1)).isoformat()}
    data.update(extra)
    return client.post(url("meeting_new"), data)


def test_meeting_with_agenda_and_decision(login, coordinator, reporter, make_incident):
    incident = make_incident(reporter, hours_ago=30)
    client = login(coordinator)
    response = new_meeting(client)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.agenda[0]["title"] == "Veckobilden"
    response = client.post(url("decision_new", pk=meeting.pk), {
        "what": "Sanera klotter", "where": "Centralskolan", "owner": "Fastighet",
        "due_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        "incident_ids": f"{incident.pk}"})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert list(decision.incidents.all()) == [incident]
    page = client.get(url("meeting", pk=meeting.pk)).content.decode()
    assert "Sanera klotter" in page
    pdf = client.get(url("meeting_pdf", pk=meeting.pk))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"


def test_open_decision_is_carried_to_next_meeting(login, coordinator):
    client = login(coordinator)
    new_meeting(client, held_on=(timezone.localdate() - dt.timedelta(days=7)).isoformat(),
                title="Förra")
    first = Meeting.objects.get()
    client.post(url("decision_new", pk=first.pk), {"what": "Kvällsvandring", "owner": "Fält"})
    new_meeting(client, title="Denna")
    second = Meeting.objects.get(title="Denna")
    assert "Kvällsvandring" in client.get(url("meeting", pk=second.pk)).content.decode()
    decision = Decision.objects.get()
    client.post(url("decision_update", pk=decision.pk), {"status": DecisionStatus.DONE,
                                                         "follow_up": "Genomförd",
                                                         "meeting": second.pk})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DONE and decision.done_on == timezone.localdate()


def test_decision_validation_error_stores_nothing(login, coordinator, almhult_categories,
                                                  outsider, make_incident):
    client = login(coordinator)
    new_meeting(client)
    meeting = Meeting.objects.get()
    other = make_incident(outsider, collaboration=almhult_categories["klotter"].collaboration)
    response = client.post(url("decision_new", pk=meeting.pk), {
        "what": "X", "owner": "Y", "incident_ids": str(other.pk)})
    assert response.status_code == 422
    assert "Okända rapporter" in response.content.decode()
    assert client.post(url("decision_new", pk=meeting.pk), {"what": ""}).status_code == 422
    assert not Decision.objects.exists()


def test_meeting_period_validation(login, coordinator):
    response = new_meeting(login(coordinator), period_start="2026-05-10",
                           period_end="2026-05-01")
    assert response.status_code == 200 and not Meeting.objects.exists()


def test_meeting_access(login, coordinator, outsider, analyst, almhult):
    new_meeting(login(coordinator))
    meeting = Meeting.objects.get()
    assert login(outsider).get(url("meeting", slug="almhult", pk=meeting.pk)).status_code == 404
    assert login(analyst).get(url("meetings")).status_code == 403
    assert login(coordinator).get(url("meeting", pk=9999)).status_code == 404


def test_meeting_list_queries(login, coordinator, django_assert_max_num_queries):
    client = login(coordinator)
    for i in range(3):
        new_meeting(client, title=f"Möte {i}")
    with django_assert_max_num_queries(12):
        assert client.get(url("meetings")).status_code == 200
