from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from lofte.incidents import services
from lofte.incidents.models import Incident, IncidentCategory, Place
from lofte.organisations.models import Collaboration


def centre(collaboration: Collaboration) -> tuple[float, float]:
    m = collaboration.municipality
    return m.centre_lat, m.centre_lon


@pytest.fixture
def categories(vetlanda: Collaboration) -> dict[str, IncidentCategory]:
    services.ensure_categories(None, vetlanda)
    return {c.code: c for c in vetlanda.incident_categories.all()}


@pytest.fixture
def almhult_categories(almhult: Collaboration) -> dict[str, IncidentCategory]:
    services.ensure_categories(None, almhult)
    return {c.code: c for c in almhult.incident_categories.all()}


@pytest.fixture
def place(vetlanda: Collaboration) -> Place:
    lat, lon = centre(vetlanda)
    return services.create_place(None, vetlanda, name="Resecentrum", lat=lat + 0.001, lon=lon)


@pytest.fixture
def make_incident(categories: dict[str, IncidentCategory]) -> Callable[..., Incident]:
    def make(actor: Any = None, collaboration: Collaboration | None = None, *,
             code: str = "klotter", hours_ago: float = 5, dlat: float = 0.0, dlon: float = 0.0,
             **extra: Any) -> Incident:
        c = collaboration or categories[code].collaboration
        category = c.incident_categories.get(code=code)
        lat, lon = centre(c)
        options = {k: extra.pop(k) for k in ("source", "moderation") if k in extra}
        data = services.IncidentData(
            category=category, occurred_from=timezone.now() - dt.timedelta(hours=hours_ago),
            lat=lat + dlat, lon=lon + dlon, description=extra.pop("description", "Klotter på vägg"),
            **extra,
        )
        return services.report_incident(actor, c, data, **options)

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Persona creation hashes passwords; argon2 makes each test ~0.8 s slower for nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The picture cache lives in the database cache table, which transactional tests do not
    # flush; tests compute pictures afresh unless they test the cache itself.
    settings.LOFTE_PICTURE_CACHE_SECONDS = 0
