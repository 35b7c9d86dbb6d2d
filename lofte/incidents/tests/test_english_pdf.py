"""The weekly picture PDF and the status badges follow the chosen language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from lofte.core import pdf
from lofte.incidents.demo import generate
from lofte.incidents.models import Incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def captured_html(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    pages: list[str] = []
    original = pdf.render_to_string

    def capture(template: str, context: dict[str, Any]) -> str:
        html = original(template, context)
        pages.append(html)
        return html

    monkeypatch.setattr(pdf, "render_to_string", capture)
    return pages


@pytest.fixture
def reports(vetlanda: Any, categories: Any, reporter: Any) -> None:
    end = timezone.now()
    org = vetlanda.organisations.get(name="Vetlanda Bostäder")
    Incident.objects.bulk_create(generate(
        vetlanda, 200, end - dt.timedelta(days=60), end, seed=1, reporters=[(reporter, org)],
        places=None, town=(57.4276, 15.0780), escalation=False))


@pytest.mark.parametrize(("language", "expected", "absent"), [
    ("en", ["<h1>Weekly picture – ", 'lang="en"', '"Page " counter(page) " of "', "Coverage"],
     ["<h1>Veckobild – ", "Täckning", '"Sida "']),
    ("sv", ["<h1>Veckobild – ", 'lang="sv"', '"Sida " counter(page) " av "', "Täckning"],
     ["Weekly picture", "Coverage"]),
])
def test_weekly_picture_pdf_language(login: Any, coordinator: Any, reports: None,
                                     captured_html: list[str], language: str,
                                     expected: list[str], absent: list[str]) -> None:
    client = login(coordinator)
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    assert response.status_code == 302
    response = client.get(reverse("incidents:picture_pdf", kwargs={"slug": "vetlanda"}))
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    html = captured_html[-1]
    for text in expected:
        assert text in html, text
    for text in absent:
        assert text not in html, text


def test_status_badges_follow_the_language() -> None:
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    incident = SimpleNamespace(status_badge="neutral", get_status_display="Ny",
                               moderation="vantar", merged_into_id=12)
    with translation.override("en"):
        english = render_to_string("incidents/_status.html", {"incident": incident})
    with translation.override("sv"):
        swedish = render_to_string("incidents/_status.html", {"incident": incident})
    assert "Awaiting moderation" in english and "Duplicate of no. 12" in english
    assert "Väntar på moderering" not in english
    assert "Väntar på moderering" in swedish and "Dubblett av nr 12" in swedish
