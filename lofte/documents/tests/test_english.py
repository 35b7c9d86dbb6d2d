"""The document pages (upload, review, national register) follow the chosen language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lofte.documents import demo, services
from lofte.documents.models import RegisteredPromise

pytestmark = pytest.mark.django_db

VETLANDA_SEED = Path(__file__).resolve().parent / "fixtures" / "seeds" / "003_fdd0799881d70999.txt"


def _english(client: Client) -> Client:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


def _check(html: str, english: list[str], swedish: list[str]) -> None:
    assert 'lang="en"' in html
    for text in english:
        assert text in html, text
    for text in swedish:
        assert text not in html, text


@pytest.fixture
def registered(geography: None) -> None:
    services.import_documents(None, demo.seed_documents())


def test_register_pages_in_english(login: Any, reader: Any, registered: None) -> None:
    client = _english(login(reader))
    register = client.get(reverse("documents:register"))
    assert register.status_code == 200
    _check(register.content.decode(),
           ["<h1>National register of citizen promises</h1>", "Themes across municipalities",
            "published citizen promises imported with", "Local police area"],
           ["Nationellt register över medborgarlöften", "Teman över kommuner och år",
            "publicerade medborgarlöften", "Lokalpolisområde"])
    themes = client.get(reverse("documents:register_themes"))
    assert themes.status_code == 200
    _check(themes.content.decode(),
           ["<h1>Themes in the citizen promises</h1>", "Share of municipalities"],
           ["Teman i medborgarlöftena", "Andel kommuner"])
    promise = RegisteredPromise.objects.get(municipalities__code="0685")
    detail = client.get(reverse("documents:register_detail", kwargs={"pk": promise.pk}))
    assert detail.status_code == 200
    _check(detail.content.decode(), ["Focus areas", "Source text", "Show in the source"],
           ["Fokusområden", "Källtext", "Visa i källan"])


def test_upload_and_review_in_english(login: Any, coordinator: Any, geography: None) -> None:
    client = _english(login(coordinator))
    upload = client.get(reverse("documents:upload", kwargs={"slug": "vetlanda"}))
    assert upload.status_code == 200
    _check(upload.content.decode(),
           ["<h1>Import a citizen promise</h1>", "How the document is read", "Reviews in progress"],
           ["Läs in ett medborgarlöfte", "Så läses dokumentet", "Påbörjade granskningar"])
    review = client.post(reverse("documents:upload", kwargs={"slug": "vetlanda"}),
                         {"text": VETLANDA_SEED.read_text(encoding="utf-8")}, follow=True)
    assert review.status_code == 200
    _check(review.content.decode(),
           ["<h1>Review imported promise</h1>", "Save as draft", "Discard the imported document",
            "Focus area 1", "Confident "],
           ["Granska inläst löfte", "Spara som utkast", "Kasta det inlästa dokumentet",
            "Fokusområde 1", "Säker "])


def test_register_stays_swedish_without_the_cookie(login: Any, reader: Any,
                                                   registered: None) -> None:
    html = login(reader).get(reverse("documents:register")).content.decode()
    assert "<h1>Nationellt register över medborgarlöften</h1>" in html
    assert "National register" not in html
