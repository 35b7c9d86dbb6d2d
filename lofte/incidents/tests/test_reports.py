from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from lofte.core.models import AuditAction, AuditEntry
from lofte.incidents.models import Incident, IncidentPhoto, Moderation, Source, Status
from lofte.incidents.tests.conftest import centre

pytestmark = pytest.mark.django_db


def form_data(collaboration, category, **extra):
    lat, lon = centre(collaboration)
    local = timezone.localtime() - dt.timedelta(hours=2)
    data = {
        "category": category.pk, "occurred_from": local.strftime("%Y-%m-%dT%H:%M"),
        "lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "description": "Krossad ruta vid busshållplatsen",
        "severity": "2",
        "organisation": collaboration.organisations.get(name="Vetlanda Bostäder").pk,
    }
    data.update(extra)
    return data


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (57.0, 25.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_reporter_reports_with_photo_and_gps_is_stripped(login, reporter, vetlanda, categories,
                                                         settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(reporter)
    url = reverse("incidents:new", kwargs={"slug": "vetlanda"})
    assert client.get(url).status_code == 200
    photo = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(url, {**form_data(vetlanda, categories["skadegorelse"]),
                                 "photos": [photo]})
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.reporter == reporter
    assert incident.source == Source.REPORT and incident.status == Status.NEW
    stored = IncidentPhoto.objects.get(incident=incident)
    with Image.open(stored.image.path) as image:
        assert not image.getexif()
        assert "exif" not in image.info
    assert AuditEntry.objects.filter(object_type="incidents.incident",
                                     action=AuditAction.CREATE).count() == 1


def test_report_validation_error_stores_nothing(login, reporter, vetlanda, categories):
    client = login(reporter)
    url = reverse("incidents:new", kwargs={"slug": "vetlanda"})
    response = client.post(url, form_data(vetlanda, categories["klotter"], lat="", lon=""))
    assert response.status_code == 422
    assert "Ange var det hände" in response.content.decode()
    response = client.post(url, form_data(vetlanda, categories["klotter"], lat="59.33",
                                          lon="18.06"))  # Stockholm, outside Vetlanda
    assert response.status_code == 422
    assert "utanför" in response.content.decode()
    assert not Incident.objects.exists()


def test_bad_photo_is_refused(login, reporter, vetlanda, categories):
    client = login(reporter)
    url = reverse("incidents:new", kwargs={"slug": "vetlanda"})
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(url, {**form_data(vetlanda, categories["klotter"]), "photos": [fake]})
    assert response.status_code == 422
    assert not Incident.objects.exists()


def test_outsider_cannot_report_in_vetlanda(login, outsider, vetlanda, categories):
    response = login(outsider).get(reverse("incidents:new", kwargs={"slug": "vetlanda"}))
    assert response.status_code == 404


def test_reader_may_not_report(login, reader, vetlanda):
    response = login(reader).get(reverse("incidents:new", kwargs={"slug": "vetlanda"}))
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client, vetlanda):
    response = client.get(reverse("incidents:list", kwargs={"slug": "vetlanda"}))
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_resent_draft_with_same_token_is_stored_once(login, reporter, vetlanda, categories):
    client = login(reporter)
    url = reverse("incidents:new", kwargs={"slug": "vetlanda"})
    data = form_data(vetlanda, categories["klotter"], client_token="abc-123")
    first = client.post(url, data, HTTP_ACCEPT="application/json")
    second = client.post(url, data, HTTP_ACCEPT="application/json")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert Incident.objects.count() == 1


def test_reporter_sees_own_reports_only(login, reporter, coordinator, make_incident,
                                        django_assert_max_num_queries):
    mine = make_incident(reporter)
    other = make_incident(coordinator)
    client = login(reporter)
    url = reverse("incidents:list", kwargs={"slug": "vetlanda"})
    with django_assert_max_num_queries(16):
        response = client.get(url)
    body = response.content.decode()
    assert f">{mine.pk}</a>" in body and f">{other.pk}</a>" not in body
    assert client.get(reverse("incidents:detail", kwargs={"slug": "vetlanda", "pk": other.pk})
                      ).status_code == 404


def test_coordinator_list_is_paginated_with_bounded_queries(login, coordinator, make_incident,
                                                            django_assert_max_num_queries):
    for i in range(30):
        make_incident(coordinator, hours_ago=i + 1)
    client = login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("incidents:list", kwargs={"slug": "vetlanda"}))
    assert "Sida 1 av 2" in response.content.decode()


def test_detail_read_is_audited_and_missing_is_404(login, coordinator, reporter, make_incident):
    incident = make_incident(reporter)
    client = login(coordinator)
    url = reverse("incidents:detail", kwargs={"slug": "vetlanda", "pk": incident.pk})
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.READ, object_id=str(incident.pk)).exists()
    assert client.get(reverse("incidents:detail", kwargs={"slug": "vetlanda", "pk": 99999})
                      ).status_code == 404


def test_outsider_gets_404_for_vetlanda_report(login, outsider, reporter, make_incident, almhult):
    incident = make_incident(reporter)
    response = login(outsider).get(reverse("incidents:detail",
                                           kwargs={"slug": "almhult", "pk": incident.pk}))
    assert response.status_code == 404


def test_reporter_edits_own_new_report(login, reporter, vetlanda, categories, make_incident):
    incident = make_incident(reporter)
    client = login(reporter)
    url = reverse("incidents:edit", kwargs={"slug": "vetlanda", "pk": incident.pk})
    response = client.post(url, form_data(vetlanda, categories["nedskrapning"],
                                          description="Soppåsar"))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.category.code == "nedskrapning" and incident.description == "Soppåsar"


def test_checklist_nothing_to_report_and_items(login, reporter, vetlanda, categories, place):
    client = login(reporter)
    url = reverse("incidents:checklist", kwargs={"slug": "vetlanda"})
    org = vetlanda.organisations.get(name="Vetlanda Bostäder").pk
    week = timezone.localdate().isoformat()
    assert client.post(url, {"week_start": week, "organisation": org}).status_code == 302
    klotter = categories["klotter"]
    response = client.post(url, {"week_start": week, "organisation": org,
                                 f"seen_{klotter.pk}": "on", f"place_{klotter.pk}": place.pk,
                                 f"note_{klotter.pk}": "Tunneln"})
    assert response.status_code == 302
    reports = list(vetlanda.checklist_reports.order_by("created_at"))
    assert [r.is_nothing_to_report for r in reports] == [True, False]
    incident = Incident.objects.get(source=Source.CHECKLIST)
    assert incident.place == place and incident.occurred_to is not None


def test_checklist_tick_without_place_is_an_error(login, reporter, vetlanda, categories, place):
    klotter = categories["klotter"]
    response = login(reporter).post(reverse("incidents:checklist", kwargs={"slug": "vetlanda"}), {
        "week_start": timezone.localdate().isoformat(), f"seen_{klotter.pk}": "on",
        "organisation": vetlanda.organisations.get(name="Vetlanda Bostäder").pk})
    assert response.status_code == 200
    assert not vetlanda.checklist_reports.exists()


def test_import_csv_all_or_nothing(login, coordinator, vetlanda, categories, place):
    lat, lon = centre(vetlanda)
    good = f"kategori;från;lat;lon;beskrivning\nklotter;2026-01-10 22:00;{lat};{lon};Vägg\n"
    bad = good + "okänd;2026-01-11 23:00;;;x\nklotter;igår;59,3;18,0;y\n"
    client = login(coordinator)
    url = reverse("incidents:import", kwargs={"slug": "vetlanda"})
    response = client.post(url, {"file": SimpleUploadedFile("r.csv", bad.encode())})
    assert response.status_code == 422
    body = response.content.decode()
    assert "finns inte i samverkans lista" in body and "är ingen tid" in body
    assert not Incident.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("r.csv", good.encode())})
    assert response.status_code == 302
    assert Incident.objects.get().source == Source.IMPORT


def test_import_xlsx(login, coordinator, vetlanda, categories, place):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kategori", "från", "plats", "allvar"])
    sheet.append(["Klotter", dt.datetime(2026, 2, 1, 21, 30), "Resecentrum", 3])
    out = io.BytesIO()
    workbook.save(out)
    response = login(coordinator).post(
        reverse("incidents:import", kwargs={"slug": "vetlanda"}),
        {"file": SimpleUploadedFile("r.xlsx", out.getvalue())})
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.place == place and incident.severity == 3


def test_reporter_may_not_import(login, reporter, vetlanda):
    assert login(reporter).get(reverse("incidents:import", kwargs={"slug": "vetlanda"})
                               ).status_code == 403


def test_moderation_default_for_reports_is_approved(reporter, make_incident):
    assert make_incident(reporter).moderation == Moderation.APPROVED


def test_import_over_the_row_limit_is_refused_not_cut(login, coordinator, vetlanda, categories,
                                                       place, monkeypatch):
    from lofte.incidents import importing

    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    rows = "\n".join(f"Klotter;2026-02-0{d} 21:30;Resecentrum" for d in range(1, 5))
    upload = SimpleUploadedFile("r.csv", f"kategori;från;plats\n{rows}\n".encode())
    response = login(coordinator).post(
        reverse("incidents:import", kwargs={"slug": "vetlanda"}), {"file": upload})
    assert "Högst 3 rader per fil." in response.content.decode()
    assert not Incident.objects.exists()
