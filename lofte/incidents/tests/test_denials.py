"""Other-organisation denials and missing objects for the write endpoints."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lofte.incidents.models import Decision, Incident, Meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["edit", "update", "moderate", "merge", "feedback"])
def test_incident_writes_answer_404_to_outsiders_and_for_missing(name, login, outsider,
                                                                 coordinator, reporter,
                                                                 make_incident, almhult):
    incident = make_incident(reporter)
    other = login(outsider)
    url = reverse(f"incidents:{name}", kwargs={"slug": "almhult", "pk": incident.pk})
    assert other.post(url, {"body": "x", "into": 1, "decision": "approve"}).status_code == 404
    missing = reverse(f"incidents:{name}", kwargs={"slug": "vetlanda", "pk": 987654})
    assert login(coordinator).post(missing, {"body": "x"}).status_code == 404
    incident.refresh_from_db()
    assert incident.feedback.count() == 0 and incident.merged_into is None


def test_reporter_cannot_edit_someone_elses_report(login, reporter, coordinator, make_incident):
    incident = make_incident(coordinator)
    url = reverse("incidents:edit", kwargs={"slug": "vetlanda", "pk": incident.pk})
    assert login(reporter).get(url).status_code == 404


def test_checklist_and_import_deny_outsiders(login, outsider, almhult, vetlanda):
    client = login(outsider)
    for name in ("checklist", "import", "review", "settings"):
        assert client.get(reverse(f"incidents:{name}", kwargs={"slug": "vetlanda"})
                          ).status_code == 404


def test_decision_follow_up_denies_outsiders(login, coordinator, outsider, almhult):
    from django.utils import timezone

    meeting = Meeting.objects.create(collaboration=coordinator.memberships.get().collaboration,
                                     held_on=timezone.localdate(), title="M",
                                     period_start=timezone.localdate(),
                                     period_end=timezone.localdate())
    decision = Decision.objects.create(collaboration=meeting.collaboration, meeting=meeting,
                                       what="X", owner="Y")
    response = login(outsider).post(
        reverse("incidents:decision_update", kwargs={"slug": "almhult", "pk": decision.pk}),
        {"status": "klar"})
    assert response.status_code == 404
    decision.refresh_from_db()
    assert decision.status == "pagaende"
    assert not Incident.objects.exists()
