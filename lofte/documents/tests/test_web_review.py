"""Upload or paste a promise, review it beside the source, save it as a draft promise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lofte.core.models import AuditEntry
from lofte.documents.models import PendingExtraction
from lofte.documents.tests.pdf_builder import build_pdf
from lofte.promises.models import Activity, Promise, PromiseStatus

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
VETLANDA_SEED = SEEDS / "003_fdd0799881d70999.txt"


def upload_url(slug: str = "vetlanda") -> str:
    return reverse("documents:upload", kwargs={"slug": slug})


def review_url(pending: PendingExtraction) -> str:
    return reverse("documents:review", kwargs={"slug": pending.collaboration.slug,
                                                "pk": pending.pk})


def _upload(client: Any, name: str, content: bytes, content_type: str = "text/plain") -> Any:
    return client.post(upload_url(), {"file": SimpleUploadedFile(name, content, content_type)})


def _management(prefix: str, total: int, initial: int) -> dict[str, Any]:
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial,
            f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}


def _form_data(response: Any) -> dict[str, Any]:
    """The review form as the browser would submit it, with the extracted values."""
    context = response.context
    bundle = context["forms"]
    data: dict[str, Any] = {}
    for name in bundle.promise.fields:
        value = bundle.promise[name].value()
        data[name] = "" if value is None else value
    for formset in (bundle.focus_areas, bundle.activities, bundle.signatories):
        data.update(_management(formset.prefix, formset.total_form_count(),
                                formset.initial_form_count()))
        for form in formset.initial_forms:
            for name in form.fields:
                if name == "DELETE":
                    continue
                value = form[name].value()
                data[form.add_prefix(name)] = "" if value is None else value
    return data


def test_coordinator_uploads_reviews_and_saves_a_draft(login: Any, coordinator: Any,
                                                        vetlanda: Any) -> None:
    client = login(coordinator)
    response = _upload(client, "vetlanda.txt", VETLANDA_SEED.read_bytes())
    assert response.status_code == 302
    pending = PendingExtraction.objects.get()
    assert pending.owner == coordinator and pending.collaboration == vetlanda
    assert Promise.objects.count() == 0

    page = client.get(review_url(pending))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark id=\"kalla-akt-0\"" in html  # the source sentence is highlighted
    assert "badge--ok" in html or "badge--warn" in html

    data = _form_data(page)
    assert data["municipalities"] == "Vetlanda"
    data["title"] = "Medborgarlöfte Vetlanda 2020–2021 (granskat)"
    data["akt-0-description"] = "Rättad aktivitet"
    data["akt-1-DELETE"] = "on"
    activities = page.context["forms"].activities.initial_form_count()
    response = client.post(review_url(pending), data)
    assert response.status_code == 302
    promise = Promise.objects.get()
    assert promise.status == PromiseStatus.DRAFT and promise.collaboration == vetlanda
    assert promise.title == "Medborgarlöfte Vetlanda 2020–2021 (granskat)"
    assert (promise.period_start.year, promise.period_end.year) == (2020, 2021)
    assert promise.activities.count() == activities - 1
    assert promise.activities.first().description == "Rättad aktivitet"
    assert promise.focus_areas.count() == 2
    assert promise.signatories.count() == 2
    assert not PendingExtraction.objects.exists()
    assert response["Location"] == reverse("promises:detail",
                                           kwargs={"slug": "vetlanda", "pk": promise.pk})
    assert AuditEntry.objects.filter(note="sparade ett inläst löfte som utkast").exists()


def test_pasted_text_is_read_too(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    response = client.post(upload_url(), {"text": VETLANDA_SEED.read_text(encoding="utf-8")})
    assert response.status_code == 302
    assert PendingExtraction.objects.get().source_name == "inklistrad text"


@pytest.mark.parametrize(("name", "content", "content_type", "message"), [
    ("tom.txt", b"", "text/plain", "tom"),
    ("blank.txt", b"   \n\n  ", "text/plain", "Filen är tom"),
    ("binar.txt", bytes(range(256)) * 40, "application/octet-stream", "binära data"),
    ("trasig.pdf", b"%PDF-1.7\n1 0 obj << /Length 99999 >> stream\n\x00\x01garbage",
     "application/pdf", "PDF"),
    ("falsk.pdf", b"det har ar ingen pdf", "application/pdf", "PDF"),
    ("dokument.docx", b"PK\x03\x04" + b"\x00" * 200, "application/zip", "stöds inte"),
    ("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png", "stöds inte"),
    ("krypterad.pdf", build_pdf(["Medborgarlöfte Vetlanda kommun 2024"], encrypted=True),
     "application/pdf", "krypterad"),
    ("skräp.pdf", b"%PDF-1.4\n" + b"A" * 100_000, "application/pdf", "skadad"),
    ("utf16.txt", "Medborgarlöfte Vetlanda kommun 2024".encode("utf-16-le"), "text/plain",
     "binära data"),
])
def test_bad_files_get_a_clear_error_and_nothing_is_stored(
        login: Any, coordinator: Any, name: str, content: bytes, content_type: str,
        message: str) -> None:
    client = login(coordinator)
    response = _upload(client, name, content, content_type)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PendingExtraction.objects.exists()
    assert not Promise.objects.exists()


def test_huge_file_is_refused_before_parsing(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    huge = b"Medborgarl\xc3\xb6fte Vetlanda kommun 2024. " * (21 * 1024 * 1024 // 40)
    response = _upload(client, "stor.txt", huge)
    assert response.status_code == 400
    assert "för stor" in response.content.decode()
    assert not PendingExtraction.objects.exists()


def test_malicious_html_is_shown_as_text_only(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    content = ("<html><body><h1>Medborgarlöfte Vetlanda kommun 2024</h1>"
               "<script>alert('x')</script><p>Polisen och Vetlanda kommun lovar att "
               "genomföra minst 10 trafikkontroller per år.</p>"
               "<img src=x onerror=alert(1)></body></html>").encode()
    response = _upload(client, "lofte.html", content, "text/html")
    assert response.status_code == 302
    page = client.get(review_url(PendingExtraction.objects.get()))
    html = page.content.decode()
    assert "<script>alert" not in html and "onerror=alert" not in html


def test_windows_1252_text_is_read_with_its_swedish_letters(login: Any,
                                                             coordinator: Any) -> None:
    client = login(coordinator)
    text = VETLANDA_SEED.read_text(encoding="utf-8")
    assert _upload(client, "ansi.txt", text.encode("cp1252")).status_code == 302
    assert "Höglandet" in PendingExtraction.objects.get().source_text


def test_pdf_upload_is_read(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    pdf = build_pdf(VETLANDA_SEED.read_text(encoding="utf-8").splitlines()[:60])
    response = _upload(client, "lofte.pdf", pdf, "application/pdf")
    assert response.status_code == 302
    assert PendingExtraction.objects.get().source_name == "lofte.pdf"


def test_neither_file_nor_text_is_a_validation_error(login: Any, coordinator: Any) -> None:
    response = login(coordinator).post(upload_url(), {})
    assert response.status_code == 400
    assert "Välj en fil" in response.content.decode()


def test_review_validation_error_stores_nothing(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    _upload(client, "vetlanda.txt", VETLANDA_SEED.read_bytes())
    pending = PendingExtraction.objects.get()
    data = _form_data(client.get(review_url(pending)))
    data["end_year"] = "2019"  # before the start
    data["akt-0-per"] = "week"
    response = client.post(review_url(pending), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Slutåret måste" in html and "Räkna om veckomålet" in html
    assert "Rätta 2 markerade uppgifter" in html
    assert not Promise.objects.exists() and not Activity.objects.exists()
    assert PendingExtraction.objects.filter(pk=pending.pk).exists()


def test_promise_of_another_kommun_is_refused(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    _upload(client, "vaggeryd.txt", (SEEDS / "000_89aab2f956e8aacc.txt").read_bytes())
    pending = PendingExtraction.objects.get()
    data = _form_data(client.get(review_url(pending)))
    response = client.post(review_url(pending), data)
    assert response.status_code == 400
    assert "Löftet gäller inte Vetlanda" in response.content.decode()
    assert not Promise.objects.exists()


def test_period_longer_than_the_promise_model_allows_is_refused(login: Any,
                                                                 coordinator: Any) -> None:
    client = login(coordinator)
    _upload(client, "vetlanda.txt", VETLANDA_SEED.read_bytes())
    pending = PendingExtraction.objects.get()
    data = _form_data(client.get(review_url(pending)))
    data["start_year"], data["end_year"] = "2020", "2025"
    response = client.post(review_url(pending), data)
    assert response.status_code == 400
    assert "högst tre år" in response.content.decode()
    assert not Promise.objects.exists()


def test_other_collaboration_and_other_users_get_404(login: Any, coordinator: Any,
                                                     administrator: Any, outsider: Any,
                                                     almhult: Any) -> None:
    _upload(login(coordinator), "vetlanda.txt", VETLANDA_SEED.read_bytes())
    pending = PendingExtraction.objects.get()
    # A colleague in the same collaboration does not see someone else's pending upload.
    assert login(administrator).get(review_url(pending)).status_code == 404
    # An outsider gets 404 for the collaboration, and in their own collaboration for the id.
    assert login(outsider).get(review_url(pending)).status_code == 404
    own = reverse("documents:review", kwargs={"slug": "almhult", "pk": pending.pk})
    assert login(outsider).get(own).status_code == 404
    assert login(outsider).get(upload_url()).status_code == 404


def test_reader_may_not_upload(login: Any, reader: Any) -> None:
    response = login(reader).post(upload_url(), {"text": "Medborgarlöfte"})
    assert response.status_code == 403
    assert not PendingExtraction.objects.exists()


def test_missing_or_expired_extraction_is_404(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    missing = reverse("documents:review", kwargs={"slug": "vetlanda", "pk": 987654})
    assert client.get(missing).status_code == 404
    _upload(client, "vetlanda.txt", VETLANDA_SEED.read_bytes())
    pending = PendingExtraction.objects.get()
    from django.utils import timezone

    PendingExtraction.objects.filter(pk=pending.pk).update(expires_at=timezone.now())
    assert client.get(review_url(pending)).status_code == 404


def test_discard_removes_the_extraction(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    _upload(client, "vetlanda.txt", VETLANDA_SEED.read_bytes())
    pending = PendingExtraction.objects.get()
    url = reverse("documents:discard", kwargs={"slug": "vetlanda", "pk": pending.pk})
    assert client.post(url).status_code == 302
    assert not PendingExtraction.objects.exists()


def test_upload_page_lists_pending_reviews(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    _upload(client, "vetlanda.txt", VETLANDA_SEED.read_bytes())
    page = client.get(upload_url())
    assert page.status_code == 200
    assert "vetlanda.txt" in page.content.decode()
