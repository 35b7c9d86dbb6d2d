from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from lofte.incidents.forms import TIP_SALT
from lofte.incidents.models import Incident, Moderation, Source
from lofte.incidents.tests.conftest import centre

pytestmark = pytest.mark.django_db
URL = reverse("incidents_public:tip", kwargs={"code": "0685"})


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def tip(vetlanda, categories, **extra):
    lat, lon = centre(vetlanda)
    started = signing.dumps(timezone.now().timestamp() - 30, salt=TIP_SALT)
    data = {
        "category": categories["otrygg-plats"].pk, "lat": lat, "lon": lon,
        "occurred_from": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "description": "Mörkt i tunneln, ring mig 070-123 45 67 eller mejla a@b.se. Bil ABC 123.",
        "started": started, "website": "",
    }
    data.update(extra)
    return data


def test_anonymous_tip_is_masked_and_waits_for_moderation(client, vetlanda, categories):
    assert client.get(URL).status_code == 200
    response = client.post(URL, tip(vetlanda, categories))
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.source == Source.TIP and incident.moderation == Moderation.PENDING
    assert incident.reporter is None
    assert "070" not in incident.description and "a@b.se" not in incident.description
    assert "[telefon]" in incident.description and "[regnr]" in incident.description
    assert not Incident.objects.counted().exists()
    assert "Tack" in client.get(response["Location"]).content.decode()


def test_tip_with_feedback_keeps_contact(client, vetlanda, categories):
    client.post(URL, tip(vetlanda, categories, wants_feedback="on",
                         contact_email="medborgare@example.se"))
    assert Incident.objects.get().contact_email == "medborgare@example.se"


def test_honeypot_and_too_fast_are_refused(client, vetlanda, categories):
    assert client.post(URL, tip(vetlanda, categories, website="http://spam")).status_code == 422
    fast = signing.dumps(timezone.now().timestamp(), salt=TIP_SALT)
    assert client.post(URL, tip(vetlanda, categories, started=fast)).status_code == 422
    assert client.post(URL, tip(vetlanda, categories, started="forged")).status_code == 422
    assert not Incident.objects.exists()


def test_rate_limit(client, vetlanda, categories):
    for _ in range(5):
        assert client.post(URL, tip(vetlanda, categories)).status_code == 302
    assert client.post(URL, tip(vetlanda, categories)).status_code == 429
    assert Incident.objects.count() == 5


def test_unknown_kommun_is_404(client, vetlanda):
    assert client.get(reverse("incidents_public:tip", kwargs={"code": "9999"})).status_code == 404


def test_coordinator_approves_tip(login, coordinator, client, vetlanda, categories):
    client.post(URL, tip(vetlanda, categories))
    incident = Incident.objects.get()
    staff = login(coordinator)
    queue = staff.get(reverse("incidents:review", kwargs={"slug": "vetlanda"})).content.decode()
    assert f">{incident.pk}</a>" in queue
    staff.post(reverse("incidents:moderate", kwargs={"slug": "vetlanda", "pk": incident.pk}),
               {"decision": "approve"})
    assert Incident.objects.counted().count() == 1


def test_outsider_cannot_moderate(login, outsider, client, vetlanda, categories):
    client.post(URL, tip(vetlanda, categories))
    incident = Incident.objects.get()
    response = login(outsider).post(
        reverse("incidents:moderate", kwargs={"slug": "almhult", "pk": incident.pk}),
        {"decision": "approve"})
    assert response.status_code == 404
    incident.refresh_from_db()
    assert incident.moderation == Moderation.PENDING
