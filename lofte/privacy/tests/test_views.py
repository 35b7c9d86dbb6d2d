"""The register extract page: platform administrators only, every search audited."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lofte.core.models import AuditEntry
from lofte.privacy.tests.conftest import CITIZEN_EMAIL, CITIZEN_PHONE

pytestmark = pytest.mark.django_db

URL = "/plattform/registerutdrag/"


@pytest.fixture
def platform_admin(db: Any) -> Any:
    return get_user_model().objects.create_superuser("plattform.admin", "admin@example.se",
                                                     "x-lösenord-som-inte-används")


def test_admin_searches_and_downloads_the_extract(planted: dict[str, Any], login: Any,
                                                   platform_admin: Any) -> None:
    client = login(platform_admin)
    assert client.get(URL).status_code == 200
    before = AuditEntry.objects.filter(object_type="privacy.extract").count()
    page = client.post(URL, {"email": CITIZEN_EMAIL, "phone": CITIZEN_PHONE})
    assert page.status_code == 200
    assert "rapporter och tips med personens kontaktuppgifter" in page.content.decode()
    download = client.post(URL, {"email": CITIZEN_EMAIL, "download": "1"})
    data = json.loads(download.content)
    assert download["Content-Disposition"].startswith("attachment;")
    assert [t["id"] for t in data["tips_med_kontaktuppgifter"]] == [planted["tip"].pk]
    assert AuditEntry.objects.filter(object_type="privacy.extract").count() == before + 2


def test_bad_input_gives_a_swedish_message_and_no_search(login: Any,
                                                         platform_admin: Any) -> None:
    before = AuditEntry.objects.count()
    page = login(platform_admin).post(URL, {"personnummer": "19850412-2385"})
    assert page.status_code == 200 and "Ogiltigt personnummer" in page.content.decode()
    empty = login(platform_admin).post(URL, {})
    assert "Ange minst en uppgift" in empty.content.decode()
    assert AuditEntry.objects.count() == before


def test_only_platform_administrators(client: Any, login: Any, coordinator: Any,
                                      administrator: Any) -> None:
    for who in (client, login(coordinator), login(administrator)):
        response = who.post(URL, {"email": CITIZEN_EMAIL})
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    assert not AuditEntry.objects.filter(object_type="privacy.extract").exists()
