"""Free text that may hold personal data never enters the append-only audit log."""

from __future__ import annotations

from typing import Any

import pytest

from lofte.core.models import AuditEntry
from lofte.incidents import services

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Kalle Andersson på Storgatan 12 klottrade igen"


def test_report_text_and_address_are_redacted_in_audit_entries(
    make_incident: Any, reporter: Any, coordinator: Any
) -> None:
    incident = make_incident(reporter, description=SECRET_TEXT, address="Storgatan 12")
    data = services.IncidentData(
        category=incident.category, occurred_from=incident.occurred_from, lat=incident.lat,
        lon=incident.lon, description=SECRET_TEXT + " – Kalle igen",
    )
    services.update_own_incident(reporter, incident, data)
    services.review_incident(coordinator, incident, severity=3)
    services.send_feedback(coordinator, incident, "Tack, vi har tagit bort klottret.")
    entries = AuditEntry.objects.filter(object_type__startswith="incidents.")
    assert entries.count() >= 3
    dump = " ".join(f"{e.before} {e.after} {e.note} {e.object_repr}" for e in entries)
    assert "Kalle" not in dump and "Storgatan" not in dump
    assert reporter.email not in dump
    created = entries.filter(action="create", object_type="incidents.incident").first()
    assert created is not None and str(created.after["description"]).startswith("[fritext,")
    own_edit = entries.filter(action="update", object_type="incidents.incident",
                              actor=reporter).first()
    assert own_edit is not None and "description" in own_edit.after  # the change still shows
