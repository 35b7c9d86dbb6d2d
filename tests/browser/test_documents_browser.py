"""A coordinator reads a published promise into a draft; anyone signed in browses the register."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from lofte.conftest import PASSWORD
from lofte.documents import demo, services
from lofte.promises.models import Promise, PromiseStatus
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = Path(demo.SEEDS) / "003_fdd0799881d70999.txt"


def test_coordinator_uploads_reviews_and_saves_a_draft(
    page: Any, live_server: Any, coordinator: Any, vetlanda: Any, axe_check: Any,
    screenshot: Any,
) -> None:
    sign_in(page, live_server, coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/samverkan/{vetlanda.slug}/")
    page.get_by_role("link", name="Läs in löfte").click()
    axe_check(page, name="läs in löfte")

    # A broken file gets a clear error and nothing is stored.
    page.set_input_files("input[type=file]", files=[{
        "name": "trasig.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 trasig"}])
    page.get_by_role("button", name="Läs in").click()
    assert page.locator(".errorlist").filter(has_text="PDF").is_visible()

    page.set_input_files("input[type=file]", str(SEED))
    page.get_by_role("button", name="Läs in").click()
    page.wait_for_url("**/lasin-lofte/*/")
    assert page.get_by_role("heading", name="Granska inläst löfte").is_visible()
    assert page.locator("mark#kalla-akt-0").is_visible()
    assert page.get_by_label("Kommun(er)").input_value() == "Vetlanda"
    screenshot(page, "dokument-granska-desktop")
    axe_check(page, name="granska inläst löfte")

    # Following a field's source link highlights the sentence in the source text.
    page.locator("a[href='#kalla-akt-1']").first.click()
    assert page.locator("mark#kalla-akt-1:target").count() == 1

    page.get_by_label("Rubrik").fill("Medborgarlöfte Vetlanda 2020–2021 (granskat)")
    page.locator("#id_akt-0-description").fill("Införa EST tillsammans med polisen")
    page.get_by_role("button", name="Spara som utkast").click()
    page.wait_for_url(re.compile(r"/loften/\d+/$"))
    promise = Promise.objects.get()
    assert promise.status == PromiseStatus.DRAFT
    assert promise.title == "Medborgarlöfte Vetlanda 2020–2021 (granskat)"
    assert promise.activities.first().description == "Införa EST tillsammans med polisen"


def test_register_and_theme_charts_on_a_phone(
    phone_page: Any, live_server: Any, reader: Any, axe_check: Any, screenshot: Any,
) -> None:
    services.import_documents(None, demo.seed_documents())
    sign_in(phone_page, live_server, reader.username, PASSWORD)
    phone_page.goto(f"{live_server.url}/register/")
    assert phone_page.get_by_role("heading", name="Jönköpings län").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "dokument-register-telefon")
    axe_check(phone_page, name="löftesregistret")
    phone_page.get_by_label("Tema/fokusområde").select_option("fraud")
    phone_page.get_by_role("button", name="Filtrera").click()
    assert phone_page.get_by_role("link", name="Medborgarlöfte Vaggeryd 2024").is_visible()
    assert phone_page.get_by_role("link", name="Medborgarlöfte Älmhult 2018").count() == 0
    phone_page.get_by_role("link", name="Teman över kommuner och år").click()
    # Measure only once the page and its stylesheets have loaded (click does not wait for it).
    phone_page.wait_for_url("**/register/teman/**")
    phone_page.wait_for_load_state("load")
    assert phone_page.get_by_text("Andel kommuner vars löften tar upp temat").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "dokument-teman-telefon")
    axe_check(phone_page, name="teman i löftesregistret")
    phone_page.get_by_role("link", name="Trafik").first.click()
    phone_page.get_by_role("link", name="Medborgarlöfte Vetlanda 2020–2021").click()
    assert phone_page.get_by_role("heading", name="Aktiviteter").is_visible()
    axe_check(phone_page, name="löfte i registret")
