from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from lofte.core import audit
from lofte.core.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def test_audit_entries_cannot_be_changed_or_deleted(coordinator: Any) -> None:
    entry = audit.record(coordinator, AuditAction.UPDATE, coordinator,
                         before={"a": 1}, after={"a": 2})
    assert entry.actor_label == coordinator.username
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger only on PostgreSQL")
def test_postgres_trigger_refuses_raw_updates(coordinator: Any) -> None:
    from django.db import DatabaseError, transaction

    entry = audit.record(coordinator, AuditAction.READ, coordinator)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET note = 'x' WHERE id = %s", [entry.pk])


def test_collaboration_audit_log_for_administrators_with_filter_and_csv(
    login: Any, administrator: Any, coordinator: Any, outsider: Any, vetlanda: Any
) -> None:
    audit.record(coordinator, AuditAction.UPDATE, vetlanda, collaboration_id=vetlanda.pk,
                 note="=HYPERLINK(\"x\")")
    client = login(administrator)
    page = client.get(f"/samverkan/{vetlanda.slug}/logg/", {"actor": "samordnare"})
    assert page.status_code == 200
    assert "samordnare.vetlanda" in page.content.decode()
    csv_response = client.get(f"/samverkan/{vetlanda.slug}/logg/", {"format": "csv"})
    body = b"".join(csv_response.streaming_content).decode()
    assert "'=HYPERLINK" in body  # formulas are neutralised in CSV exports
    assert AuditEntry.objects.filter(action="export").exists()
    assert login(coordinator).get(f"/samverkan/{vetlanda.slug}/logg/").status_code == 403
    assert login(outsider).get(f"/samverkan/{vetlanda.slug}/logg/").status_code == 404


def test_audit_filter_reports_bad_dates(login: Any, administrator: Any, vetlanda: Any) -> None:
    page = login(administrator).get(f"/samverkan/{vetlanda.slug}/logg/", {"from": "igår"})
    assert "Ange datum som ÅÅÅÅ-MM-DD." in page.content.decode()
