from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from lofte.incidents.models import Incident, Status

pytestmark = pytest.mark.django_db


def url(name, pk, slug="vetlanda"):
    return reverse(f"incidents:{name}", kwargs={"slug": slug, "pk": pk})


def test_queue_lists_new_reports(login, coordinator, reporter, make_incident,
                                 django_assert_max_num_queries):
    for _ in range(3):
        make_incident(reporter)
    client = login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("incidents:review", kwargs={"slug": "vetlanda"}))
    assert response.status_code == 200
    assert "3 väntar på granskning" in response.content.decode()


def test_analyst_cannot_review(login, analyst, reporter, make_incident):
    incident = make_incident(reporter)
    client = login(analyst)
    assert client.get(reverse("incidents:review", kwargs={"slug": "vetlanda"})).status_code == 403
    assert client.post(url("update", incident.pk), {}).status_code == 403


def test_review_classifies_and_sets_status(login, coordinator, reporter, make_incident,
                                           categories):
    incident = make_incident(reporter)
    response = login(coordinator).post(url("update", incident.pk), {
        "category": categories["skadegorelse"].pk, "status": Status.IN_PROGRESS, "severity": 3,
        "occurred_from": "2026-01-05T21:00", "lat": incident.lat, "lon": incident.lon})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == Status.IN_PROGRESS and incident.category.code == "skadegorelse"
    assert incident.reviewed_by == coordinator


def test_review_validation_error_changes_nothing(login, coordinator, reporter, make_incident,
                                                 categories):
    incident = make_incident(reporter)
    login(coordinator).post(url("update", incident.pk), {
        "category": categories["skadegorelse"].pk, "status": Status.ASSESSED, "severity": 2,
        "occurred_from": "2026-01-05T21:00", "lat": "59.33", "lon": "18.06"})
    incident.refresh_from_db()
    assert incident.status == Status.NEW and incident.category.code == "klotter"


def test_outsider_cannot_review_and_missing_is_404(login, outsider, reporter, make_incident):
    incident = make_incident(reporter)
    client = login(outsider)
    assert client.post(url("update", incident.pk, "almhult"), {}).status_code == 404
    assert client.post(url("update", 424242, "almhult"), {}).status_code == 404


def test_merge_with_suggestion(login, coordinator, reporter, make_incident):
    first = make_incident(reporter)
    second = make_incident(reporter, dlat=0.0005, hours_ago=6)
    far = make_incident(reporter, dlat=0.05)
    client = login(coordinator)
    body = client.get(url("detail", second.pk)).content.decode()
    assert f'name="into" value="{first.pk}"' in body
    assert f'name="into" value="{far.pk}"' not in body
    response = client.post(url("merge", second.pk), {"into": first.pk})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.merged_into == first and second.status == Status.CLOSED
    assert set(Incident.objects.counted().values_list("pk", flat=True)) == {first.pk, far.pk}


def test_merge_refuses_self(login, coordinator, reporter, make_incident):
    incident = make_incident(reporter)
    login(coordinator).post(url("merge", incident.pk), {"into": incident.pk})
    incident.refresh_from_db()
    assert incident.merged_into is None


def test_feedback_reaches_the_reporter(login, coordinator, reporter, make_incident,
                                       django_capture_on_commit_callbacks):
    incident = make_incident(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(url("feedback", incident.pk),
                                           {"body": "Klottret är sanerat."})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [reporter.email]
    assert "Klottret är sanerat." in mail.outbox[0].body
    body = login(reporter).get(url("detail", incident.pk)).content.decode()
    assert "Klottret är sanerat." in body
    mine = login(reporter).get(reverse("incidents:list", kwargs={"slug": "vetlanda"}) + "?mine=1")
    assert "1 återkoppling" in mine.content.decode()


def test_empty_feedback_is_refused(login, coordinator, reporter, make_incident):
    incident = make_incident(reporter)
    login(coordinator).post(url("feedback", incident.pk), {"body": ""})
    assert not incident.feedback.exists()
