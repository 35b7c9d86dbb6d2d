"""Logging performed activities, importing them from files, follow-up and reminders."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from lofte.promises import queries, services
from lofte.promises.models import ActivityRecord, FollowUpStatus
from lofte.promises.tests.factories import first_activity, membership, published_promise

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(vetlanda: Any, coordinator: Any, police_coordinator: Any) -> Any:
    return published_promise(vetlanda, coordinator, police_coordinator)


def record_url(slug: str = "vetlanda") -> str:
    return reverse("promises:record", kwargs={"slug": slug})


def test_reporter_logs_an_activity(login: Any, reporter: Any, promise: Any) -> None:
    client = login(reporter)
    activity = first_activity(promise)
    assert client.get(record_url()).status_code == 200
    response = client.post(record_url(), {
        "activity": activity.pk, "performed_on": queries.today().isoformat(), "quantity": 1,
        "place_name": "Storgatan", "participants": "Polisen",
        "figure_1_label": "kontrollerade fordon", "figure_1_value": "42",
        "note": "Lugnt."})
    assert response.status_code == 302
    entry = ActivityRecord.objects.get()
    assert entry.figures == {"kontrollerade fordon": 42}
    assert entry.recorded_by == reporter
    detail = client.get(reverse("promises:activity", kwargs={"slug": "vetlanda",
                                                             "activity_id": activity.pk}))
    assert "Storgatan" in detail.content.decode()
    assert "activity-points" not in detail.content.decode()  # no positions, no map
    services.record_activity(reporter, activity, performed_on=queries.today(),
                             latitude=57.43, longitude=15.08, place_name="Resecentrum")
    detail = client.get(reverse("promises:activity", kwargs={"slug": "vetlanda",
                                                             "activity_id": activity.pk}))
    assert 'id="activity-points"' in detail.content.decode()


def test_logging_validation_stores_nothing(login: Any, reporter: Any, promise: Any) -> None:
    client = login(reporter)
    activity = first_activity(promise)
    tomorrow = queries.today() + dt.timedelta(days=1)
    response = client.post(record_url(), {"activity": activity.pk,
                                          "performed_on": tomorrow.isoformat(), "quantity": 1})
    assert response.status_code == 200
    assert "framtiden" in response.content.decode()
    response = client.post(record_url(), {"activity": activity.pk, "performed_on": "2001-01-01",
                                          "quantity": 1})
    assert "utanför löftets period" in response.content.decode()
    assert not ActivityRecord.objects.exists()


def test_logging_other_collaboration(login: Any, outsider: Any, reader: Any,
                                     promise: Any) -> None:
    assert login(outsider).get(record_url()).status_code == 404
    assert login(reader).get(record_url()).status_code == 403
    # The outsider cannot log on Vetlanda's activity through their own collaboration.
    response = login(outsider).post(record_url("almhult"), {
        "activity": first_activity(promise).pk, "performed_on": queries.today().isoformat(),
        "quantity": 1})
    assert response.status_code == 200
    assert not ActivityRecord.objects.exists()


def test_missing_activity(login: Any, coordinator: Any, promise: Any) -> None:
    url = reverse("promises:activity", kwargs={"slug": "vetlanda", "activity_id": 999999})
    assert login(coordinator).get(url).status_code == 404


def _import(client: Any, promise: Any, name: str, content: bytes) -> Any:
    url = reverse("promises:import", kwargs={"slug": "vetlanda", "pk": promise.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_csv_import_all_or_nothing(login: Any, coordinator: Any, promise: Any) -> None:
    client = login(coordinator)
    day = queries.today().isoformat()
    good = (f"aktivitet;datum;antal;plats;kontrollerade fordon\n1;{day};2;Storgatan;40\n"
            f"A2;{day};;;\n").encode()
    bad = (f"aktivitet,datum,antal,kontrollerade fordon\n1,{day},1,12\n"
           f"7,{day},1,3\n1,igår,0,många\n").encode()
    response = _import(client, promise, "fel.csv", bad)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Rad 3, kolumn ”aktivitet”" in text
    assert "Rad 4, kolumn ”datum”" in text
    assert "Rad 4, kolumn ”kontrollerade fordon”" in text
    assert not ActivityRecord.objects.exists()
    response = _import(client, promise, "lista.csv", good)
    assert response.status_code == 302
    assert ActivityRecord.objects.count() == 2
    assert sum(r.quantity for r in ActivityRecord.objects.all()) == 3


def test_xlsx_import(login: Any, coordinator: Any, promise: Any) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Aktivitet", "Datum", "Deltagare", "Timmar"])
    sheet.append([1, dt.datetime.combine(queries.today(), dt.time()), "Polisen", 3.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _import(login(coordinator), promise, "lista.xlsx", buffer.getvalue())
    assert response.status_code == 302
    entry = ActivityRecord.objects.get()
    assert entry.participants == "Polisen"
    assert float(entry.hours or 0) == 3.5
    # A broken file is a clear error.
    response = _import(login(coordinator), promise, "trasig.xlsx", b"inte excel")
    assert "kunde inte läsas" in response.content.decode()


def test_follow_up_composed_edited_approved_published(
    login: Any, vetlanda: Any, coordinator: Any, police_coordinator: Any, promise: Any
) -> None:
    activity = first_activity(promise)
    year = queries.today().year
    services.record_activity(coordinator, activity, performed_on=dt.date(year, 1, 10),
                             quantity=3, figures={"kontrollerade fordon": 90})
    kommun, polis = login(coordinator), login(police_coordinator)
    response = kommun.post(reverse("promises:follow_up_compose",
                                   kwargs={"slug": "vetlanda", "pk": promise.pk}),
                           {"period_kind": "tertial", "year": year, "number": 1})
    follow_up = promise.follow_ups.get()
    assert response.status_code == 302
    assert "Tertial 1" in follow_up.text
    assert follow_up.snapshot["activities"][0]["in_period"] == 3
    url = reverse("promises:follow_up", kwargs={"slug": "vetlanda", "pk": follow_up.pk})
    assert kommun.post(url, {"text": ""}).status_code == 400
    kommun.post(url, {"text": "Polisen har gjort tre trafikkontroller."})
    follow_up.refresh_from_db()
    assert follow_up.text == "Polisen har gjort tre trafikkontroller."
    for client in (kommun, polis):
        client.post(reverse("promises:follow_up_approve",
                            kwargs={"slug": "vetlanda", "pk": follow_up.pk}))
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.AGREED
    kommun.post(reverse("promises:follow_up_publish",
                        kwargs={"slug": "vetlanda", "pk": follow_up.pk}))
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.PUBLISHED
    # Published: the text is fixed.
    kommun.post(url, {"text": "Ändrat i efterhand"})
    follow_up.refresh_from_db()
    assert follow_up.text.startswith("Polisen har")
    pdf = kommun.get(reverse("promises:follow_up_pdf",
                             kwargs={"slug": "vetlanda", "pk": follow_up.pk}))
    assert pdf.content.startswith(b"%PDF")


def test_reminders_for_activities_behind(vetlanda: Any, coordinator: Any,
                                         police_coordinator: Any) -> None:
    promise = published_promise(vetlanda, coordinator, police_coordinator,
                                start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31))
    as_of = dt.date(2026, 6, 1)
    sent = services.send_reminders(None, as_of=as_of)
    # Both activities are behind; the police activity goes to the police coordinator.
    assert sent == 2
    recipients = {address for message in mail.outbox for address in message.to}
    assert police_coordinator.email in recipients
    assert "ligger efter" in mail.outbox[0].subject
    assert services.send_reminders(None, as_of=as_of + dt.timedelta(days=3)) == 0
    assert services.send_reminders(None, as_of=as_of + dt.timedelta(days=15)) == 2
    del promise


def test_party_of_other_organisations(vetlanda: Any, reporter: Any) -> None:
    with pytest.raises(services.ValidationError):
        services.party_of(membership(reporter, vetlanda))


def test_assessment_on_a_published_promise(login: Any, coordinator: Any, reader: Any,
                                           outsider: Any, promise: Any) -> None:
    activity = first_activity(promise)
    url = reverse("promises:activity", kwargs={"slug": "vetlanda", "activity_id": activity.pk})
    response = login(coordinator).post(url, {"assessment": "Kontrollerna har gett effekt."})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.assessment == "Kontrollerna har gett effekt."
    assert login(reader).post(url, {"assessment": "x"}).status_code == 403
    assert login(outsider).post(url, {"assessment": "x"}).status_code == 404
    activity.refresh_from_db()
    assert activity.assessment == "Kontrollerna har gett effekt."


def test_reminder_command_and_schedule(vetlanda: Any, coordinator: Any,
                                       police_coordinator: Any) -> None:
    from django.core.management import call_command
    from django_q.models import Schedule

    published_promise(vetlanda, coordinator, police_coordinator,
                      start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31))
    out = io.StringIO()
    call_command("promise_reminders", "--datum", "2026-06-01", "--schemalagg", stdout=out)
    assert "2 påminnelser skickade." in out.getvalue()
    assert Schedule.objects.filter(func="lofte.promises.tasks.send_promise_reminders").count() == 1
    call_command("promise_reminders", "--datum", "2026-06-02", "--schemalagg", stdout=out)
    assert Schedule.objects.filter(func="lofte.promises.tasks.send_promise_reminders").count() == 1
