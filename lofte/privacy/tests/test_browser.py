"""The register extract as a platform administrator takes it in Chromium: from the start page
to the summary, and a malformed personnummer answered in Swedish (axe-checked)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lofte.core.models import AuditEntry
from lofte.privacy.tests.conftest import CITIZEN_EMAIL
from lofte.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_finds_a_citizen_from_the_start_page(
    page: Any, live_server: Any, planted: dict[str, Any], axe_check: Any, screenshot: Any,
) -> None:
    get_user_model().objects.create_superuser("plattform.admin", "admin@example.se",
                                              "x-9-y-8-z-7-w")
    sign_in(page, live_server, "plattform.admin", "x-9-y-8-z-7-w")
    page.get_by_role("link", name="Registerutdrag").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Registerutdrag"

    page.get_by_label("Personnummer").fill("19850412-2385")  # wrong check digit
    page.get_by_role("button", name="Sök").click()
    page.wait_for_load_state("networkidle")
    assert "Ogiltigt personnummer" in page.content()
    assert not AuditEntry.objects.filter(object_type="privacy.extract").exists()

    page.get_by_label("Personnummer").fill("")
    page.get_by_label("E-postadress").fill(CITIZEN_EMAIL)
    page.get_by_role("button", name="Sök").click()
    page.wait_for_load_state("networkidle")
    table = page.locator("table", has_text="Det här finns om personen")
    row = table.locator("tr", has_text="rapporter och tips med personens kontaktuppgifter")
    assert row.locator("td.num").inner_text() == "1"
    assert page.get_by_role("button", name="Hämta utdraget som JSON").is_visible()
    assert AuditEntry.objects.filter(object_type="privacy.extract").count() == 1
    axe_check(page, name="registerutdrag")
    screenshot(page, "registerutdrag")
