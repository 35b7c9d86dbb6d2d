"""Log in, reach the collaboration's map and check the pages with axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lofte.conftest import PASSWORD
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_logs_in_and_sees_the_kommun_on_the_map(
    page: Any, live_server: Any, coordinator: Any, axe_check: Any, screenshot: Any
) -> None:
    page.goto(f"{live_server.url}/konto/logga-in/")
    axe_check(page, name="inloggning")
    sign_in(page, live_server, coordinator.username, PASSWORD)
    assert page.get_by_role("heading", name="Mina samverkan").is_visible()
    page.get_by_role("link", name=re.compile("Vetlanda kommun och polisen")).click()
    page.wait_for_selector("[data-map-ready=true]")
    # The kommun boundary is drawn as an SVG/canvas path even with no tile server reachable.
    assert page.locator(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas").count() >= 1
    assert page.get_by_role("heading", name="Vetlanda kommun och polisen").is_visible()
    screenshot(page, "oversikt-desktop")
    axe_check(page, name="översikt")


def test_phone_navigation_menu_opens(
    phone_page: Any, live_server: Any, coordinator: Any, vetlanda: Any, axe_check: Any,
    screenshot: Any,
) -> None:
    sign_in(phone_page, live_server, coordinator.username, PASSWORD)
    phone_page.goto(f"{live_server.url}/samverkan/{vetlanda.slug}/")
    menu = phone_page.get_by_role("button", name="Meny")
    assert menu.is_visible()
    assert not phone_page.locator("#main-nav").is_visible()
    menu.click()
    assert phone_page.locator("#main-nav").is_visible()
    assert menu.get_attribute("aria-expanded") == "true"
    screenshot(phone_page, "oversikt-telefon")
    axe_check(phone_page, name="översikt i telefon")


def test_wrong_password_gives_a_clear_swedish_message(
    page: Any, live_server: Any, coordinator: Any
) -> None:
    sign_in(page, live_server, coordinator.username, "fel-lösenord")
    assert page.get_by_text("Fel användarnamn eller lösenord").is_visible()
