"""Uploads are decided by content, served safely, and their names are shown escaped.

1. Photos (reports and activity records) are served through the app only to those who may see
   the record (others: 404, anonymous: login), with a whitelisted type from the content,
   ``nosniff``, a sandbox CSP, private caching and an app-chosen ASCII file name; the served
   bytes carry no EXIF/GPS and nothing appended to the upload. ``/media/…`` serves nothing.
2. Files that are not photos (PHP, HTML, SVG renamed to .jpg), polyglots and decompression
   bombs are refused with a Swedish message and store neither rows nor files.
3. Document uploads are read by their content: a PDF named .docx is read as a PDF, a web
   page named .txt as HTML, plain text named .html as text, and a script named .pdf is refused.
4. Hostile file names (``"><img src=x onerror=alert(1)>``) uploaded through every form are shown
   escaped on every page that shows them, and a name cannot traverse paths.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from lofte.core.models import AuditAction, AuditEntry
from lofte.documents.models import PendingExtraction
from lofte.documents.tests.pdf_builder import build_pdf
from lofte.imports.models import ImportRun
from lofte.incidents.models import Incident, IncidentPhoto
from lofte.incidents.tests.conftest import centre
from lofte.promises import queries
from lofte.promises.models import ActivityPhoto, ActivityRecord
from lofte.promises.tests.factories import first_activity, published_promise

pytestmark = pytest.mark.django_db

XSS_NAME = '"><img src=x onerror=alert(1)>'
RAW_MARKERS = ("<img src=x onerror", "<svg onload")
PHP = b"<?php system($_GET['c']); ?>"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def categories(vetlanda: Any) -> Any:
    from lofte.incidents.services import ensure_categories

    ensure_categories(None, vetlanda)
    return {c.code: c for c in vetlanda.incident_categories.all()}


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def jpeg_with_gps(size: tuple[int, int] = (40, 30)) -> bytes:
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (57.0, 25.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, format="PNG")
    data = bytearray(out.getvalue())
    ihdr = data[12:29]  # type + 13 bytes of IHDR data
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)) & 0xFFFFFFFF)
    return bytes(data)


def report_form(collaboration: Any, category: Any, **extra: Any) -> dict[str, Any]:
    import datetime as dt

    from django.utils import timezone

    lat, lon = centre(collaboration)
    data = {"category": category.pk, "occurred_from": (timezone.localtime() - dt.timedelta(
        hours=2)).strftime("%Y-%m-%dT%H:%M"), "lat": f"{lat:.6f}", "lon": f"{lon:.6f}",
        "description": "Krossad ruta", "severity": "2",
        "organisation": collaboration.organisations.get(name="Vetlanda Bostäder").pk}
    data.update(extra)
    return data


def assert_escaped(html: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html


# --------------------------------------------------------------------------- 1. serving photos


@pytest.fixture
def reported_photo(login: Any, reporter: Any, vetlanda: Any, categories: Any) -> IncidentPhoto:
    """A report with a GPS-tagged JPEG that has a PHP payload appended (a polyglot)."""
    upload = SimpleUploadedFile(f"{XSS_NAME}.jpg", jpeg_with_gps() + PHP,
                                content_type="text/html")
    response = login(reporter).post(reverse("incidents:new", kwargs={"slug": "vetlanda"}), {
        **report_form(vetlanda, categories["klotter"]), "photos": [upload]})
    assert response.status_code == 302
    return IncidentPhoto.objects.get()


def photo_url(photo: IncidentPhoto, slug: str = "vetlanda") -> str:
    return reverse("incidents:photo", kwargs={"slug": slug, "pk": photo.incident_id,
                                              "photo_id": photo.pk})


def test_incident_photo_is_served_safely_without_metadata(
    login: Any, coordinator: Any, reported_photo: IncidentPhoto,
) -> None:
    client = login(coordinator)
    detail = client.get(reverse("incidents:detail", kwargs={
        "slug": "vetlanda", "pk": reported_photo.incident_id})).content.decode()
    url = photo_url(reported_photo)
    assert f'src="{url}"' in detail and "/media/" not in detail
    assert re.fullmatch(r"incidents/\d+/[0-9a-f]{24}\.jpg", reported_photo.image.name)
    reads = AuditEntry.objects.filter(action=AuditAction.READ).count()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "private" in response["Cache-Control"]
    assert response["Content-Disposition"] == (
        f'inline; filename="rapport-{reported_photo.incident_id}-foto-{reported_photo.pk}.jpg"')
    body = b"".join(response.streaming_content)
    assert PHP not in body and b"Exif" not in body and b"PhoneMaker" not in body
    with Image.open(io.BytesIO(body)) as served:
        assert served.format == "JPEG" and not served.getexif()
    assert AuditEntry.objects.filter(action=AuditAction.READ).count() == reads + 1


def test_incident_photo_is_hidden_from_everyone_who_may_not_see_the_report(
    client: Any, login: Any, outsider: Any, reporter: Any, reported_photo: IncidentPhoto,
    vetlanda: Any,
) -> None:
    from lofte.organisations.models import OrganisationKind, Role
    from lofte.testing.personas import make_member

    other_reporter = make_member(vetlanda, "rapportor2.vetlanda", Role.REPORTER,
                                 OrganisationKind.HOUSING)
    assert login(reporter).get(photo_url(reported_photo)).status_code == 200  # own report
    assert login(other_reporter).get(photo_url(reported_photo)).status_code == 404
    assert login(outsider).get(photo_url(reported_photo)).status_code == 404
    assert login(outsider).get(photo_url(reported_photo, slug="almhult")).status_code == 404
    anonymous = client.get(photo_url(reported_photo))
    assert anonymous.status_code == 302 and "/konto/" in anonymous["Location"]
    missing = reverse("incidents:photo", kwargs={
        "slug": "vetlanda", "pk": reported_photo.incident_id, "photo_id": reported_photo.pk + 1})
    assert login(reporter).get(missing).status_code == 404
    # The storage path is not a URL: nothing under /media/ is served by the app.
    assert client.get(f"/media/{reported_photo.image.name}").status_code == 404


@pytest.fixture
def promise(vetlanda: Any, coordinator: Any, police_coordinator: Any) -> Any:
    return published_promise(vetlanda, coordinator, police_coordinator)


def record(client: Any, promise: Any, upload: SimpleUploadedFile) -> Any:
    return client.post(reverse("promises:record", kwargs={"slug": "vetlanda"}), {
        "activity": first_activity(promise).pk, "performed_on": queries.today().isoformat(),
        "quantity": 1, "photo": upload})


def test_activity_photo_is_re_encoded_randomly_named_and_served_to_members_only(
    client: Any, login: Any, reporter: Any, reader: Any, outsider: Any, promise: Any,
) -> None:
    upload = SimpleUploadedFile(f"{XSS_NAME}.jpg", jpeg_with_gps() + PHP, "image/jpeg")
    assert record(login(reporter), promise, upload).status_code == 302
    photo = ActivityPhoto.objects.get()
    assert re.fullmatch(r"promises/records/\d{4}/\d{2}/[0-9a-f]{24}\.jpg", photo.image.name)
    url = reverse("promises:activity_photo", kwargs={"slug": "vetlanda", "photo_id": photo.pk})
    page = login(reader).get(reverse("promises:activity", kwargs={
        "slug": "vetlanda", "activity_id": first_activity(promise).pk})).content.decode()
    assert f'href="{url}"' in page and "/media/" not in page
    assert_escaped(page)
    response = login(reader).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    body = b"".join(response.streaming_content)
    assert PHP not in body and b"Exif" not in body
    assert login(outsider).get(url).status_code == 404
    assert login(outsider).get(url.replace("vetlanda", "almhult")).status_code == 404
    assert client.get(url).status_code == 302  # anonymous: login, even on a published promise


def test_a_stored_file_that_is_not_an_image_is_only_ever_downloaded(
    login: Any, reader: Any, reporter: Any, promise: Any, media: Path,
) -> None:
    """An activity photo stored before photos were re-encoded (then under the uploader's own
    name) may be anything; if it is not a whitelisted image it goes out as an attachment of
    type application/octet-stream, so a browser neither renders nor sniffs it."""
    from django.core.files.base import ContentFile

    from lofte.promises import services

    entry = services.record_activity(reporter, first_activity(promise),
                                     performed_on=queries.today())
    legacy = ActivityPhoto(record=entry)
    legacy.image.save(f"{XSS_NAME}.html",
                      ContentFile(b"<html><script>alert(document.cookie)</script></html>"))
    url = reverse("promises:activity_photo", kwargs={"slug": "vetlanda",
                                                     "photo_id": legacy.pk})
    response = login(reader).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == (
        f'attachment; filename="aktivitet-{entry.pk}-foto-{legacy.pk}.bin"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    # A file missing from storage is a 404, not a 500.
    Path(legacy.image.path).unlink()
    assert login(reader).get(url).status_code == 404


# --------------------------------------------------------------------------- 2. content, not name

NOT_PHOTOS = [
    ("shell.php.jpg", PHP, "image/jpeg"),
    ("page.jpg", b"<html><body><script>alert(1)</script></body></html>", "image/jpeg"),
    ("vector.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
     "image/jpeg"),
    ("gif.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<script>alert(1)</script>", "image/jpeg"),
]


@pytest.mark.parametrize(("name", "content", "content_type"), NOT_PHOTOS)
def test_report_with_a_file_that_is_not_a_photo_stores_nothing(
    login: Any, reporter: Any, vetlanda: Any, categories: Any, media: Path,
    name: str, content: bytes, content_type: str,
) -> None:
    upload = SimpleUploadedFile(name, content, content_type)
    response = login(reporter).post(reverse("incidents:new", kwargs={"slug": "vetlanda"}), {
        **report_form(vetlanda, categories["klotter"]), "photos": [upload]})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Filen är ingen bild som kan läsas." in html or "Bara JPEG-, PNG- och WebP" in html
    assert not Incident.objects.exists() and not stored_files(media)


@pytest.mark.parametrize(("name", "content", "content_type"), NOT_PHOTOS)
def test_activity_record_with_a_file_that_is_not_a_photo_stores_nothing(
    login: Any, reporter: Any, promise: Any, media: Path,
    name: str, content: bytes, content_type: str,
) -> None:
    response = record(login(reporter), promise, SimpleUploadedFile(name, content, content_type))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Filen är ingen bild som kan läsas." in html or "Bara JPEG-, PNG- och WebP" in html
    assert not ActivityRecord.objects.exists() and not stored_files(media)


@pytest.mark.parametrize("side", [8_000, 30_000])  # over our limit; over Pillow's own
def test_decompression_bomb_gets_a_clear_message(
    login: Any, reporter: Any, vetlanda: Any, categories: Any, promise: Any, media: Path,
    side: int,
) -> None:
    bomb = png_claiming(side, side)
    response = login(reporter).post(reverse("incidents:new", kwargs={"slug": "vetlanda"}), {
        **report_form(vetlanda, categories["klotter"]),
        "photos": [SimpleUploadedFile("bomb.png", bomb, "image/png")]})
    assert response.status_code == 422
    assert "Bilden har för många bildpunkter" in response.content.decode()
    response = record(login(reporter), promise, SimpleUploadedFile("bomb.png", bomb,
                                                                   "image/png"))
    assert "Bilden har för många bildpunkter" in response.content.decode()
    assert not Incident.objects.exists() and not ActivityRecord.objects.exists()
    assert not stored_files(media)


def documents_upload(client: Any, name: str, content: bytes, content_type: str) -> Any:
    return client.post(reverse("documents:upload", kwargs={"slug": "vetlanda"}),
                       {"file": SimpleUploadedFile(name, content, content_type)})


PROMISE_LINES = ["Medborgarlöfte Vetlanda kommun 2025",
                 "Polisen och Vetlanda kommun lovar att genomföra minst 10 trafikkontroller."]


def test_document_type_is_decided_by_content(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    # A PDF called .docx and sent as Word is read as the PDF it is.
    response = documents_upload(client, "löfte.docx", build_pdf(PROMISE_LINES),
                                "application/vnd.openxmlformats-officedocument."
                                "wordprocessingml.document")
    assert response.status_code == 302
    assert "trafikkontroller" in PendingExtraction.objects.get().source_text
    # A web page called .txt is read as HTML: its script is not part of the text.
    page = ("<html><body><script>alert('x')</script><p>" + " ".join(PROMISE_LINES)
            + "</p></body></html>").encode()
    assert documents_upload(client, "löfte.txt", page, "text/plain").status_code == 302
    latest = PendingExtraction.objects.order_by("-pk").first()
    assert latest is not None and "alert" not in latest.source_text
    # Plain text called .html and sent as text/html is read as text: nothing is taken for a tag.
    plain = ("\n".join(PROMISE_LINES) + "\nMinst 3 <trygghetsvandringar> per år.").encode()
    assert documents_upload(client, "löfte.html", plain, "text/html").status_code == 302
    latest = PendingExtraction.objects.order_by("-pk").first()
    assert latest is not None and "<trygghetsvandringar>" in latest.source_text
    # A script or an archive called .pdf is refused, and nothing more is stored.
    for content in (PHP, b"PK\x03\x04" + b"\x00" * 200):
        response = documents_upload(client, "löfte.pdf", content, "application/pdf")
        assert response.status_code == 400
        assert "PDF" in response.content.decode()
    assert PendingExtraction.objects.count() == 3


# --------------------------------------------------------------------------- 3. file names


def test_hostile_document_name_is_escaped_and_cannot_traverse(
    login: Any, coordinator: Any, media: Path,
) -> None:
    client = login(coordinator)
    text = "\n".join(PROMISE_LINES).encode()
    for name in (f"{XSS_NAME}.txt", "../../etc/passwd"):
        assert documents_upload(client, name, text, "text/plain").status_code == 302
    names = sorted(PendingExtraction.objects.values_list("source_name", flat=True))
    assert names == sorted([f"{XSS_NAME}.txt", "passwd"])  # the path is cut off
    upload_page = client.get(reverse("documents:upload", kwargs={"slug": "vetlanda"}))
    assert_escaped(upload_page.content.decode())
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.txt" in upload_page.content.decode()
    for pending in PendingExtraction.objects.all():
        review = client.get(reverse("documents:review", kwargs={"slug": "vetlanda",
                                                                 "pk": pending.pk}))
        assert review.status_code == 200
        assert_escaped(review.content.decode())
    assert not stored_files(media)  # documents keep text only, never the file


def test_hostile_source_file_name_is_escaped_on_run_pages_and_in_admin(
    login: Any, coordinator: Any, admin_client: Any,
) -> None:
    client = login(coordinator)
    text = ("datum;kommunkod;typ;omrade;amne;roster;fritext\n"
            "2025-09-16;0685;medborgardialog;;Belysning;3;\n")
    for name in (f"{XSS_NAME}.csv", "<svg onload=alert(1)>.csv", "../../etc/passwd"):
        client.post(reverse("imports:upload", kwargs={"slug": "vetlanda"}), {
            "source": "dialoger", "file": SimpleUploadedFile(name, text.encode())})
    runs = list(ImportRun.objects.order_by("pk"))
    assert [r.file_names for r in runs] == [[f"{XSS_NAME}.csv"], ["<svg onload=alert(1)>.csv"],
                                            ["passwd"]]
    pages = [reverse("imports:runs", kwargs={"slug": "vetlanda"}),
             reverse("imports:index", kwargs={"slug": "vetlanda"}),
             *(reverse("imports:run", kwargs={"slug": "vetlanda", "pk": r.pk}) for r in runs)]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode())
    for url in (reverse("imports:all_runs"), reverse("admin:imports_importrun_changelist"),
                reverse("admin:imports_importrun_change", args=[runs[0].pk])):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode())


def test_hostile_table_names_are_escaped_on_the_import_pages(
    login: Any, coordinator: Any, administrator: Any, promise: Any, categories: Any,
) -> None:
    client = login(coordinator)
    not_a_table = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = client.post(reverse("incidents:import", kwargs={"slug": "vetlanda"}), {
        "file": SimpleUploadedFile(f"{XSS_NAME}.csv", not_a_table)})
    assert_escaped(response.content.decode())
    assert not Incident.objects.exists()
    response = client.post(reverse("promises:import", kwargs={"slug": "vetlanda",
                                                              "pk": promise.pk}), {
        "file": SimpleUploadedFile(f"{XSS_NAME}.csv", not_a_table)})
    assert response.status_code in {200, 400}
    assert_escaped(response.content.decode())
    good = f"aktivitet;datum;antal\nA1;{queries.today().isoformat()};1\n".encode()
    response = client.post(reverse("promises:import", kwargs={"slug": "vetlanda",
                                                              "pk": promise.pk}), {
        "file": SimpleUploadedFile(f"{XSS_NAME}.csv", good)})
    assert response.status_code == 302, response.content.decode()[:2000]
    log = login(administrator).get(reverse("organisations:audit", kwargs={"slug": "vetlanda"}))
    assert log.status_code == 200
    assert "onerror=alert(1)" in log.content.decode()  # the name is shown, escaped
    assert_escaped(log.content.decode())


def test_full_disk_during_an_activity_photo_gives_swedish_error_and_stores_nothing(
    login: Any, reporter: Any, promise: Any, media: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Activity photos are written by the same code as report photos (core.images.store_photos):
    a full disk is a form error naming the cause, and no record, photo row or file is left."""
    import errno
    import os

    from django.core.files.storage import FileSystemStorage

    def full(self: FileSystemStorage, name: str, content: Any) -> str:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), name)

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    response = record(login(reporter), promise,
                      SimpleUploadedFile("foto.jpg", jpeg_with_gps(), "image/jpeg"))
    assert response.status_code == 200
    assert "lagringsutrymmet är fullt" in response.content.decode()
    assert not ActivityRecord.objects.exists() and not ActivityPhoto.objects.exists()
    assert not stored_files(media)
