from __future__ import annotations

import pytest
from django.urls import reverse

from lofte.incidents.models import IncidentCategory, Open311Key, Place
from lofte.incidents.tests.conftest import centre

pytestmark = pytest.mark.django_db


def url(slug="vetlanda"):
    return reverse("incidents:settings", kwargs={"slug": slug})


def test_coordinator_adjusts_categories_places_and_keys(login, coordinator, vetlanda, categories):
    client = login(coordinator)
    assert client.get(url()).status_code == 200
    client.post(url(), {"action": "category", "name": "Skräp i skogen"})
    assert IncidentCategory.objects.filter(collaboration=vetlanda, code="skrap-i-skogen").exists()
    client.post(url(), {"action": "category", "name": "Brand", "code": "brand"})  # deactivate
    assert not IncidentCategory.objects.get(collaboration=vetlanda, code="brand").is_active
    lat, lon = centre(vetlanda)
    client.post(url(), {"action": "place", "name": "Folkets park", "lat": lat, "lon": lon})
    assert Place.objects.filter(collaboration=vetlanda, name="Folkets park").exists()
    response = client.post(url(), {"action": "key", "key_name": "Felanmälan"}, follow=True)
    assert "o311_" in response.content.decode()
    assert Open311Key.objects.filter(collaboration=vetlanda).count() == 1


def test_place_outside_kommun_is_refused(login, coordinator, vetlanda, categories):
    response = login(coordinator).post(url(), {"action": "place", "name": "Stockholm",
                                               "lat": 59.33, "lon": 18.06})
    assert response.status_code == 422 and not Place.objects.exists()


def test_access(login, reporter, outsider, almhult, vetlanda):
    assert login(reporter).get(url()).status_code == 403
    assert login(outsider).get(url()).status_code == 404
