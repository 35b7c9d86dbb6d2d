from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from lofte.organisations.models import Collaboration

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def make_incidents(collaboration: Collaboration, *, count: int = 120, seed: int = 7,
                   start: dt.date = dt.date(2025, 1, 1), days: int = 365) -> list[Any]:
    """Approved reports around the kommun's centre with a dense cluster (a hot spot)."""
    from lofte.incidents.models import Incident, IncidentCategory, Moderation

    rng = random.Random(seed)
    categories = [
        IncidentCategory.objects.get_or_create(collaboration=collaboration, code=code,
                                               defaults={"name": name})[0]
        for code, name in (("skadegorelse", "Skadegörelse"), ("klotter", "Klotter"),
                           ("ungdomar", "Ungdomar som samlas"))
    ]
    m = collaboration.municipality
    rows = []
    for i in range(count):
        if i % 2 == 0:
            lat, lon = m.centre_lat + rng.gauss(0, 0.0015), m.centre_lon + rng.gauss(0, 0.0025)
        else:
            lat = rng.uniform(m.centre_lat - 0.08, m.centre_lat + 0.08)
            lon = rng.uniform(m.centre_lon - 0.12, m.centre_lon + 0.12)
        day = start + dt.timedelta(days=rng.randrange(days))
        hour = rng.choice([21, 22, 23, 1, 14])
        rows.append(Incident(
            collaboration=collaboration, category=categories[i % 3],
            occurred_from=dt.datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM),
            lat=lat, lon=lon, description=f"Händelse {i}", moderation=Moderation.APPROVED,
        ))
    return Incident.objects.bulk_create(rows)


@pytest.fixture
def incidents(vetlanda: Collaboration) -> list[Any]:
    return make_incidents(vetlanda)
