"""Official sources in the browser: events on the map, crime rates, a rejected upload, a
dialogue entered by hand; each page checked with axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lofte.conftest import PASSWORD
from lofte.imports import services
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMPORTS = Path(__file__).resolve().parents[2] / "lofte" / "imports"
FIXTURES = IMPORTS / "sources" / "tests" / "fixtures"


@pytest.fixture
def sources(vetlanda: Any) -> None:
    def named(path: Path) -> list[tuple[str, bytes]]:
        return [(path.name, path.read_bytes())]

    services.import_polisen_events(None, named(FIXTURES / "polisen_events_docs_1_6.json"))
    services.import_kolada(None, named(IMPORTS / "data" / "demo" /
                                       "kolada_2025_datasources_2_4.json"))


def test_events_map_and_statistics(page: Any, live_server: Any, coordinator: Any,
                                   sources: None, axe_check: Any, screenshot: Any) -> None:
    sign_in(page, live_server, coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/samverkan/vetlanda/kallor/")
    assert page.get_by_role("heading", name="Källor").is_visible()
    axe_check(page, name="källor översikt")
    page.get_by_role("link", name="Polisens händelser").first.click()
    page.wait_for_selector("[data-map-ready=true]")
    assert page.locator(".leaflet-overlay-pane path, .leaflet-marker-pane *, "
                        ".leaflet-overlay-pane canvas").count() >= 1
    assert page.get_by_text("Brand i villa.").is_visible()
    assert page.get_by_text("Källa: Polismyndigheten").first.is_visible()
    screenshot(page, "kallor-handelser")
    axe_check(page, name="polisens händelser")
    page.get_by_role("link", name="Anmälda brott").first.click()
    assert page.locator("svg[role=img]").count() >= 1
    assert page.get_by_text("Källa: Kolada").first.is_visible()
    axe_check(page, name="anmälda brott")


def test_rejected_upload_shows_the_row(page: Any, live_server: Any, analyst: Any,
                                       vetlanda: Any, tmp_path: Path, axe_check: Any) -> None:
    bad = tmp_path / "dialog.csv"
    bad.write_text("datum;kommunkod;typ;omrade;amne;roster;fritext\n"
                   "2025-09-16;0685;medborgardialog;;Belysning;många;\n", encoding="utf-8")
    sign_in(page, live_server, analyst.username, PASSWORD)
    page.goto(f"{live_server.url}/samverkan/vetlanda/kallor/importera/")
    page.get_by_label("Källa").select_option("dialoger")
    page.get_by_label("Fil").set_input_files(str(bad))
    page.get_by_role("button", name="Importera").click()
    alert = page.get_by_role("alert")
    assert "Ingenting är sparat" in alert.inner_text()
    assert "rad 2" in alert.inner_text() and "roster" in alert.inner_text()
    axe_check(page, name="avvisad import")


def test_phone_dialogue_entry(phone_page: Any, live_server: Any, coordinator: Any,
                              vetlanda: Any, axe_check: Any, screenshot: Any) -> None:
    sign_in(phone_page, live_server, coordinator.username, PASSWORD)
    phone_page.goto(f"{live_server.url}/samverkan/vetlanda/kallor/dialoger/ny/")
    phone_page.get_by_label("Datum").fill("2025-10-01")
    phone_page.get_by_label("Ämne").fill("Mörk gångväg vid stationen")
    phone_page.get_by_label("Röster").fill("14")
    phone_page.get_by_label("Fritext").fill("Ring 070-123 45 67")
    phone_page.get_by_role("button", name="Spara").click()
    assert phone_page.get_by_text("Dialogresultatet är sparat.").is_visible()
    assert phone_page.get_by_text("[telefon]").is_visible()
    screenshot(phone_page, "kallor-dialoger-telefon")
    # Reload first: the flash message list of base.html is checked by the foundation tests.
    phone_page.reload()
    axe_check(phone_page, name="dialoger i telefon")
