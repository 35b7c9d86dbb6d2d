from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from lofte.core.models import AuditEntry
from lofte.incidents import services
from lofte.incidents.models import (
    ChecklistReport,
    FeedbackMessage,
    Incident,
    IncidentCategory,
    IncidentPhoto,
)
from lofte.incidents.retention import anonymise_expired
from lofte.incidents.tests.conftest import centre
from lofte.organisations.models import Collaboration

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 11, 22, 12, 0))


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="JPEG")
    return SimpleUploadedFile("bild.jpg", out.getvalue(), content_type="image/jpeg")


def received(incident: Incident, days_ago: int) -> Incident:
    Incident.objects.filter(pk=incident.pk).update(created_at=NOW - dt.timedelta(days=days_ago))
    return Incident.objects.get(pk=incident.pk)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def records(media: Path, vetlanda: Collaboration, coordinator: Any, reporter: Any,
            categories: dict[str, IncidentCategory],
            make_incident: Callable[..., Incident]) -> dict[str, Incident]:
    """An old report with a photo and feedback, an old tip with contact details, a new tip."""
    lat, lon = centre(vetlanda)
    old_report = make_incident(reporter, description="Klotter, bilen ABC 123 stod där",
                               address="Storgatan 12", dlat=0.00123, dlon=0.00456,
                               photos=[jpeg()])
    services.send_feedback(coordinator, old_report, "Tack Kalle, vi har sanerat väggen.")
    tip_data = services.IncidentData(
        category=categories["otrygg-plats"], occurred_from=timezone.now() - dt.timedelta(days=1),
        lat=lat, lon=lon, description="Gäng vid skolan varje kväll", contact_name="Lena Lind",
        contact_email="lena@example.se", photos=[jpeg()],
    )
    old_tip = services.submit_tip(vetlanda, tip_data)
    new_tip = services.submit_tip(vetlanda, services.IncidentData(
        **{**tip_data.__dict__, "photos": [jpeg()]}))
    return {"old_report": received(old_report, 800), "old_tip": received(old_tip, 731),
            "new_tip": received(new_tip, 100)}


def photo_files(media: Path) -> list[Path]:
    return list(media.rglob("*.jpg"))


def test_old_records_are_anonymised_and_their_photos_deleted(
        records: dict[str, Incident], media: Path,
        django_capture_on_commit_callbacks: Any) -> None:
    old_photo_names = list(IncidentPhoto.objects.filter(
        incident__in=[records["old_report"], records["old_tip"]]).values_list("image", flat=True))
    assert len(old_photo_names) == 2 and len(photo_files(media)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        result = anonymise_expired(NOW)

    assert (result.incidents, result.photos, result.feedback_messages) == (2, 2, 1)
    report = Incident.objects.get(pk=records["old_report"].pk)
    tip = Incident.objects.get(pk=records["old_tip"].pk)
    for incident, original in ((report, records["old_report"]), (tip, records["old_tip"])):
        assert (incident.description, incident.address, incident.contact_name,
                incident.contact_email) == ("", "", "", "")
        # What the statistics need is kept; the position only to about 100 m.
        assert incident.category_id == original.category_id
        assert incident.occurred_from == original.occurred_from
        assert incident.status == original.status
        assert incident.moderation == original.moderation
        assert incident.lat == round(original.lat, 3) and incident.lon == round(original.lon, 3)
        assert abs(incident.lat - original.lat) < 0.001
    assert not IncidentPhoto.objects.filter(incident__in=[report, tip]).exists()
    for name in old_photo_names:
        assert not (media / name).exists()
    feedback = FeedbackMessage.objects.get(incident=report)
    assert (feedback.body, feedback.recipient) == ("", "")


def test_new_records_are_untouched(records: dict[str, Incident], media: Path,
                                   django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_expired(NOW)
    new = Incident.objects.get(pk=records["new_tip"].pk)
    assert new.description == "Gäng vid skolan varje kväll"
    assert (new.contact_name, new.contact_email) == ("Lena Lind", "lena@example.se")
    assert (new.lat, new.lon) == (records["new_tip"].lat, records["new_tip"].lon)
    photo = IncidentPhoto.objects.get(incident=new)
    assert (media / photo.image.name).exists()


def test_second_run_changes_nothing(records: dict[str, Incident],
                                    django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_expired(NOW)
    snapshot = list(Incident.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = anonymise_expired(NOW)

    assert not result.changed and callbacks == []
    assert list(Incident.objects.order_by("pk").values()) == snapshot
    assert AuditEntry.objects.count() == entries


def test_dry_run_counts_but_changes_nothing(records: dict[str, Incident], media: Path) -> None:
    snapshot = list(Incident.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()

    result = anonymise_expired(NOW, dry_run=True)

    assert result.dry_run and (result.incidents, result.photos) == (2, 2)
    assert list(Incident.objects.order_by("pk").values()) == snapshot
    assert IncidentPhoto.objects.count() == 3 and len(photo_files(media)) == 3
    assert AuditEntry.objects.count() == entries


def test_one_audit_entry_with_the_counts(records: dict[str, Incident]) -> None:
    before = AuditEntry.objects.count()
    anonymise_expired(NOW)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("pk")
    assert entry.object_type == "incidents.retention" and entry.actor_label == "system"
    assert entry.after is not None
    assert (entry.after["incidents"], entry.after["photos"],
            entry.after["feedback_messages"], entry.after["retention_days"]) == (2, 2, 1, 730)


def test_retention_period_comes_from_settings(records: dict[str, Incident],
                                              settings: Any) -> None:
    settings.LOFTE_RETENTION_DAYS = 790
    assert anonymise_expired(NOW).incidents == 1  # only the report received 800 days ago
    assert Incident.objects.get(pk=records["old_tip"].pk).contact_name == "Lena Lind"


def test_old_checklist_notes_are_blanked(vetlanda: Collaboration, reporter: Any) -> None:
    old = ChecklistReport.objects.create(collaboration=vetlanda, reporter=reporter,
                                         week_start=dt.date(2024, 1, 1), note="Kalle bråkade")
    ChecklistReport.objects.filter(pk=old.pk).update(created_at=NOW - dt.timedelta(days=800))
    assert anonymise_expired(NOW).checklist_notes == 1
    assert ChecklistReport.objects.get(pk=old.pk).note == ""


def test_command_dry_run_and_date(records: dict[str, Incident]) -> None:
    out = io.StringIO()
    call_command("retention", "--dry-run", "--datum", "2026-11-22", stdout=out)
    assert "2 rapporter" in out.getvalue() and "skulle gallras" in out.getvalue()
    assert Incident.objects.get(pk=records["old_tip"].pk).contact_name == "Lena Lind"

    out = io.StringIO()
    call_command("retention", "--datum", "2026-11-22", stdout=out)
    assert "gallrade" in out.getvalue()
    assert Incident.objects.get(pk=records["old_tip"].pk).contact_name == ""


def test_task_and_schedule(records: dict[str, Incident]) -> None:
    from django_q.models import Schedule

    from lofte.incidents import tasks

    assert tasks.anonymise_expired_reports()["incidents"] >= 0
    tasks.ensure_schedule()
    tasks.ensure_schedule()
    assert Schedule.objects.filter(
        func="lofte.incidents.tasks.anonymise_expired_reports").count() == 1
