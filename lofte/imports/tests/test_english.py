"""The sources pages follow the chosen language: English headings, no Swedish interface text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lofte.imports import services

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "sources" / "tests" / "fixtures"


def _english(client: Client) -> Client:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


def _page(client: Client, view: str) -> str:
    response = client.get(reverse(f"imports:{view}", kwargs={"slug": "vetlanda"}))
    assert response.status_code == 200, view
    return response.content.decode()


@pytest.mark.parametrize(("view", "english", "swedish"), [
    ("index", ["<h1>Sources</h1>", "Different kinds of knowledge", "Official sources for",
               "Police event notices", "Latest data"],
     ["Olika sorters kunskap", "Officiella källor för", "Polisens händelsenotiser",
      "Senaste data"]),
    ("events", ["<h1>Police events</h1>", "Filter events", "Time of event",
                "Event notices are the police&#x27;s initial information"],
     ["Filtrera händelser", "Händelsetid", "Händelsenotiser är polisens"]),
    ("statistics", ["<h1>Reported crime</h1>", "Brå: reported crime by type of crime"],
     ["Brå: anmälda brott per brottstyp", "Anmälda brott per 100 000"]),
    ("surveys", ["<h1>Safety surveys</h1>", "Perceived insecurity (survey)"],
     ["Trygghetsundersökningar", "Upplevd otrygghet"]),
    ("dialogues", ["<h1>Dialogues</h1>", "Most common topics", "Add result"],
     ["Vanligaste ämnena", "Lägg till resultat"]),
    ("upload", ["<h1>Import source data</h1>", "Templates", "Safety survey or NTU"],
     ["Importera källdata", "Mallar", "Trygghetsmätning eller NTU"]),
    ("runs", ["<h1>Import runs</h1>", "Started", "Unchanged"],
     ["Importkörningar", "Startad", "Oförändrade"]),
])
def test_sources_pages_in_english(login: Any, coordinator: Any, geography: None, view: str,
                                  english: list[str], swedish: list[str]) -> None:
    services.import_polisen_events(
        None, [("events.json", (FIXTURES / "polisen_events_docs_1_6.json").read_bytes())])
    html = _page(_english(login(coordinator)), view)
    assert 'lang="en"' in html
    for text in english:
        assert text in html, text
    for text in swedish:
        assert text not in html, text
    for tab in ("Översikt", "Körningar", "Anmälda brott"):
        assert f">{tab}<" not in html, tab


def test_sources_pages_stay_swedish_without_the_cookie(login: Any, coordinator: Any,
                                                      geography: None) -> None:
    html = _page(login(coordinator), "index")
    assert "<h1>Källor</h1>" in html
    assert "Olika sorters kunskap" in html
    assert "Different kinds of knowledge" not in html
