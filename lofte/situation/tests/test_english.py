"""The lägesbild pages for members (list, detail, year wheel) follow the chosen language; the
public version stays Swedish like every citizen page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from lofte.situation import services
from lofte.situation.models import SituationReport

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def _english(client: Client) -> Client:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


def _html(client: Client, url: str, lang: str = "en") -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert f'lang="{lang}"' in html
    return html


def _check(html: str, english: list[str], swedish: list[str]) -> None:
    for text in english:
        assert text in html, text
    for text in swedish:
        assert text not in html, text


@pytest.fixture
def report(vetlanda: Any, coordinator: Any, incidents: Any) -> SituationReport:
    return services.draft_situation_report(coordinator, vetlanda, START, END)


def test_member_pages_in_english(login: Any, coordinator: Any, vetlanda: Any,
                                 report: SituationReport) -> None:
    client = _english(login(coordinator))
    base = f"/samverkan/{vetlanda.slug}/lagesbild/"
    _check(_html(client, base),
           ["<h1>Situation report</h1>", "The joint situation report for", "Year wheel"],
           ["<h1>Lägesbild</h1>", "Den gemensamma lägesbilden", "Årshjul"])
    detail = _html(client, f"{base}{report.pk}/")
    _check(detail,
           ["Workflow", "Mark as reviewed", "Contents", "Sources and limitations",
            "Prioritised problems", "Figure 1.", "Mapping of crime"],
           ["Arbetsgång", "Markera som granskad", "Innehåll", "Källor och begränsningar",
            "Prioriterade problem", "Figur 1.", "Kartläggning av brottsligheten"])
    _check(_html(client, f"{base}arshjul/"), ["<h1>Year wheel</h1>", "Recurring peaks"],
           ["<h1>Årshjul</h1>", "Återkommande toppar"])


def test_public_version_stays_swedish(client: Client, coordinator: Any,
                                      police_coordinator: Any, vetlanda: Any,
                                      report: SituationReport) -> None:
    """Like every citizen page, the published lägesbild is the approved Swedish text whatever
    language the visitor chose."""
    services.mark_reviewed(coordinator, report)
    services.approve_report(coordinator, report, coordinator.memberships.get())
    services.approve_report(police_coordinator, report, police_coordinator.memberships.get())
    services.publish_report(coordinator, report)
    html = _html(_english(client), f"/offentlig/{vetlanda.municipality.code}/lagesbild/",
                 lang="sv")
    _check(html, ["Det här är den offentliga versionen", "Ladda ner som PDF",
                  "Källor och begränsningar"],
           ["This is the public version.", "Download as PDF", "Sources and limitations"])
