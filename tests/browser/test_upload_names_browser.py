"""A hostile file name and stored text in a real browser: shown as text, nothing runs.

The name ``"><img src=x onerror=alert(1)>`` is uploaded through the document form and a report
carries the same text with a photo. Chromium must show the name literally, build no ``<img
src=x>`` element and open no dialog; the photo is loaded from the app's access-checked URL.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from lofte.conftest import PASSWORD
from lofte.documents.models import PendingExtraction
from lofte.incidents import services
from lofte.incidents.models import Incident
from lofte.incidents.tests.conftest import centre
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = '"><img src=x onerror=alert(1)>'


def test_hostile_names_and_text_are_shown_as_text(page: Any, live_server: Any,
                                                 coordinator: Any, reporter: Any,
                                                 vetlanda: Any, settings: Any,
                                                 tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, live_server, coordinator.username, PASSWORD)

    page.goto(f"{live_server.url}/samverkan/vetlanda/lasin-lofte/")
    page.locator("input[type=file]").set_input_files({
        "name": f"{HOSTILE}.txt", "mimeType": "text/plain",
        "buffer": "Medborgarlöfte Vetlanda kommun 2025\nPolisen och Vetlanda kommun lovar "
                  "att genomföra minst 10 trafikkontroller.".encode()})
    page.get_by_role("button", name="Läs in").click()
    page.wait_for_load_state("networkidle")
    # Chromium sends a double quote in a multipart file name as %22 (HTML spec); the rest of
    # the name arrives as typed and is shown as text.
    stored = PendingExtraction.objects.get().source_name
    assert stored.endswith("><img src=x onerror=alert(1)>.txt")
    assert stored in page.locator(".page-header__lead").inner_text()
    assert page.locator("img[src='x']").count() == 0

    services.ensure_categories(None, vetlanda)
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "blue").save(out, format="JPEG")
    lat, lon = centre(vetlanda)
    incident = services.report_incident(reporter, vetlanda, services.IncidentData(
        category=vetlanda.incident_categories.get(code="klotter"), lat=lat, lon=lon,
        occurred_from=timezone.now() - dt.timedelta(hours=1), description=HOSTILE,
        photos=[SimpleUploadedFile(f"{HOSTILE}.jpg", out.getvalue(), "image/jpeg")]))
    assert Incident.objects.count() == 1
    page.goto(f"{live_server.url}/samverkan/vetlanda/rapporter/{incident.pk}/")
    assert page.get_by_text(HOSTILE).first.is_visible()
    assert page.locator("img[src='x']").count() == 0
    photo = page.locator(f"img[src*='/rapporter/{incident.pk}/foton/']")
    assert photo.count() == 1
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 60
    assert dialogs == []
