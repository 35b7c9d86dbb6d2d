"""Demo data: a year of realistic EST reports for the four seed kommuner.

Deterministic (seeded per kommun) and idempotent: a collaboration that already has reports is
left alone. Patterns the picture should show: clusters around the station, the square, the
schools and the sports ground; evenings and weekend nights; a summer rise; peaks at valborg
(30 April) and new year; and a recent rise in klotter around a school (an "escalating" flag).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lofte.geo.locate import municipality_index
from lofte.incidents import services
from lofte.incidents.models import (
    ChecklistReport,
    Decision,
    DecisionStatus,
    Incident,
    Meeting,
    MeetingStatus,
    Moderation,
    Place,
    Source,
    Status,
)
from lofte.organisations import services as organisation_services
from lofte.organisations.demo import DEMO_PASSWORD, DemoContext
from lofte.organisations.models import Collaboration, Role

# Real town centres (the kommun centroid is often in the forest).
TOWNS = {
    "0685": (57.4276, 15.0780), "0683": (57.1858, 14.0402), "0665": (57.4979, 14.1468),
    "0765": (56.5512, 14.1374),
}
VOLUME = {"vetlanda": 3200, "varnamo": 4200, "vaggeryd": 1600, "almhult": 2100}
# name, offset from the town centre (metres north, east), weight, category weights
CLUSTERS: list[tuple[str, tuple[float, float], float, dict[str, float]]] = [
    ("Resecentrum", (-250, 150), 0.20, {"ordningsstorning": 3, "otrygg-plats": 3, "narkotika": 2,
                                       "samling-ungdomar": 2, "nedskrapning": 1}),
    ("Stora torget", (80, -60), 0.18, {"samling-ungdomar": 3, "nedskrapning": 3,
                                       "ordningsstorning": 2, "otrygg-plats": 1}),
    ("Centralskolan", (600, 500), 0.14, {"klotter": 4, "skadegorelse": 3, "brand": 0.5,
                                         "samling-ungdomar": 1}),
    ("Idrottsplatsen", (-900, -700), 0.10, {"buskorning-trafik": 3, "skadegorelse": 2,
                                            "nedskrapning": 1}),
    ("Badplatsen", (1400, -1200), 0.07, {"nedskrapning": 3, "ordningsstorning": 2,
                                         "samling-ungdomar": 2}),
    ("Köpcentrum", (-500, 1300), 0.10, {"hot-vald-personal": 2, "otrygg-plats": 1,
                                        "skadegorelse": 1, "buskorning-trafik": 2}),
    ("Parkgården", (1000, 200), 0.08, {"skadegorelse": 2, "brand": 1, "klotter": 2,
                                       "otrygg-plats": 2}),
]
BACKGROUND_SHARE = 0.13
EXTRA_REPORTERS = {
    "vetlanda": [("vaktare.vetlanda", "Lina", "Åberg", "Trygghetsvakterna Höglandet (demo)"),
                 ("faltare.vetlanda", "Omar", "Said", "Fältgruppen Vetlanda (demo)")],
    "varnamo": [("bovard.varnamo", "Kent", "Larsson", "Värnamo Bostäder (demo)")],
    "vaggeryd": [("bovard.vaggeryd", "Eva", "Roos", "Vaggeryds Bostäder (demo)")],
    "almhult": [("bovard.almhult", "Nils", "Bengtsson", "Älmhultsbostäder (demo)")],
}
# Relative intensity by hour: quiet mornings, evenings and nights busy.
HOURS = np.array([5, 4, 3, 2, 1, 0.5, 0.5, 1, 1.5, 1.5, 1.5, 2, 2, 2, 2.5, 3, 3.5, 4, 5, 6,
                  7, 7.5, 7.5, 6.5])
SEASON = {1: 0.75, 2: 0.7, 3: 0.85, 4: 1.0, 5: 1.15, 6: 1.4, 7: 1.5, 8: 1.35, 9: 1.05,
          10: 0.95, 11: 0.85, 12: 0.9}
M_PER_DEG = 111_320.0


def _offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    return lat + north_m / M_PER_DEG, lon + east_m / (M_PER_DEG * np.cos(np.radians(lat)))


def _day_weights(days: list[dt.date]) -> np.ndarray:
    weights = []
    for day in days:
        w = SEASON[day.month] * (1.35 if day.weekday() >= 4 else 1.0)
        if (day.month, day.day) in {(4, 30), (12, 31), (1, 1)}:
            w *= 5.0
        if (day.month, day.day) in {(6, 19), (6, 20), (5, 1)}:  # midsommar-ish, 1 maj
            w *= 2.0
        weights.append(w)
    array = np.asarray(weights, dtype=float)
    result: np.ndarray = array / array.sum()
    return result


def _reporters(c: Collaboration, context: DemoContext) -> list[tuple[Any, Any]]:
    user_model = get_user_model()
    for username, first, last, org_name in EXTRA_REPORTERS.get(c.slug, []):
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(username, f"{username}@lofte.local",
                                                  DEMO_PASSWORD, first_name=first,
                                                  last_name=last)
        organisation = c.organisations.filter(name=org_name).first()
        if organisation is not None and not c.memberships.filter(user=user).exists():
            organisation_services.set_membership(None, collaboration=c, user=user,
                                                 organisation=organisation, role=Role.REPORTER)
        context.users.setdefault(username, user)
    return [(m.user, m.organisation) for m in
            c.memberships.select_related("user", "organisation")
            .filter(role__in=[Role.REPORTER, Role.COORDINATOR]).order_by("pk")]


def _places(c: Collaboration, town: tuple[float, float]) -> dict[str, Place]:
    places = {}
    for name, (north, east), _, _ in CLUSTERS:
        lat, lon = _offset(*town, north, east)
        place, _ = Place.objects.get_or_create(collaboration=c, name=name,
                                               defaults={"lat": lat, "lon": lon})
        places[name] = place
    return places


def generate(c: Collaboration, count: int, start: dt.datetime, end: dt.datetime, *,
             seed: int, reporters: list[tuple[Any, Any]], places: dict[str, Place] | None,
             town: tuple[float, float], escalation: bool = True) -> list[Incident]:
    """Build (not save) ``count`` incidents with the demo's patterns between start and end."""
    rng = np.random.default_rng(seed)
    tz = timezone.get_current_timezone()
    categories = {cat.code: cat for cat in c.incident_categories.all()}
    first_day, last_day = start.astimezone(tz).date(), end.astimezone(tz).date()
    days = [first_day + dt.timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    day_index = rng.choice(len(days), size=count, p=_day_weights(days))
    hours = rng.choice(24, size=count, p=HOURS / HOURS.sum())
    minutes = rng.integers(0, 60, size=count)
    cluster_weights = np.array([w for *_, w, _ in CLUSTERS])
    cluster_weights = cluster_weights / cluster_weights.sum() * (1 - BACKGROUND_SHARE)
    choice = rng.choice(len(CLUSTERS) + 1, size=count,
                        p=np.append(cluster_weights, BACKGROUND_SHARE))
    lat = np.empty(count)
    lon = np.empty(count)
    codes: list[str] = []
    all_codes = [code for code in categories if code != "annat"]
    for i in range(count):
        if choice[i] < len(CLUSTERS):
            _, (north, east), _, weights = CLUSTERS[choice[i]]
            n, e = rng.normal(north, 140), rng.normal(east, 140)
            keys = list(weights)
            p = np.array([weights[k] for k in keys])
            codes.append(keys[rng.choice(len(keys), p=p / p.sum())])
        else:
            n, e = rng.normal(0, 2500), rng.normal(0, 3500)
            codes.append(all_codes[rng.integers(len(all_codes))] if rng.random() > 0.05
                         else "annat")
        lat[i], lon[i] = _offset(*town, n, e)
    # Keep every point inside the kommun: pull strays back towards the town.
    located = municipality_index().locate_many(lat, lon, max_distance_m=0)
    for i, code in enumerate(located):
        if code != c.municipality.code:
            lat[i], lon[i] = _offset(*town, rng.normal(0, 300), rng.normal(0, 300))
    incidents = []
    now = timezone.now()
    for i in range(count):
        day = days[int(day_index[i])]
        moment = dt.datetime(day.year, day.month, day.day, int(hours[i]), int(minutes[i]),
                             tzinfo=tz)
        if moment > end:
            moment = end - dt.timedelta(minutes=int(rng.integers(5, 600)))
        user, organisation = reporters[int(rng.integers(len(reporters)))] if reporters \
            else (None, None)
        age_days = (now - moment).days
        source = rng.choice([Source.REPORT, Source.TIP, Source.OPEN311, Source.CHECKLIST],
                            p=[0.8, 0.1, 0.05, 0.05])
        moderation = Moderation.APPROVED
        if source in (Source.TIP, Source.OPEN311):
            user, organisation = None, None
            if age_days < 4 and rng.random() < 0.6:
                moderation = Moderation.PENDING
        if age_days > 45:
            status = rng.choice([Status.CLOSED, Status.RESOLVED], p=[0.6, 0.4])
        elif age_days > 10:
            status = rng.choice([Status.RESOLVED, Status.IN_PROGRESS, Status.ASSESSED],
                                p=[0.5, 0.3, 0.2])
        else:
            status = rng.choice([Status.NEW, Status.ASSESSED, Status.IN_PROGRESS],
                                p=[0.6, 0.25, 0.15])
        code = codes[i]
        place = None
        if places is not None and choice[i] < len(CLUSTERS) and rng.random() < 0.7:
            place = places[CLUSTERS[choice[i]][0]]
        incidents.append(Incident(
            collaboration=c, category=categories[code], occurred_from=moment,
            occurred_to=moment + dt.timedelta(minutes=int(rng.integers(10, 180)))
            if rng.random() < 0.3 else None,
            lat=float(lat[i]), lon=float(lon[i]), place=place,
            description=DESCRIPTIONS.get(code, "Observation under rond."),
            severity=int(rng.choice([1, 2, 3], p=[0.35, 0.5, 0.15])), status=str(status),
            source=str(source), moderation=moderation, reporter=user,
            organisation=organisation,
        ))
    if escalation and places is not None and "klotter" in categories:
        school = places["Centralskolan"]
        for k in range(14):
            moment = end - dt.timedelta(hours=int(rng.integers(2, 24 * 6)))
            la, lo = _offset(school.lat, school.lon, rng.normal(0, 60), rng.normal(0, 60))
            user, organisation = reporters[k % len(reporters)] if reporters else (None, None)
            incidents.append(Incident(
                collaboration=c, category=categories["klotter"], occurred_from=moment,
                lat=la, lon=lo, place=school, description="Nytt klotter (taggar) på fasaden.",
                severity=2, status=Status.NEW, source=Source.REPORT,
                moderation=Moderation.APPROVED, reporter=user, organisation=organisation))
    return incidents


DESCRIPTIONS = {
    "skadegorelse": "Krossad ruta / sönderslagen belysning.",
    "klotter": "Klotter på vägg och elskåp.",
    "nedskrapning": "Mycket skräp och flaskor kvar efter kvällen.",
    "otrygg-plats": "Mörkt och trasig belysning, flera har sagt att de undviker platsen.",
    "ordningsstorning": "Högljudd grupp, bråk vid entrén.",
    "samling-ungdomar": "Samling av ett 20-tal ungdomar, viss oro.",
    "narkotika": "Misstänkt langning, lukt av cannabis.",
    "buskorning-trafik": "Mopeder/EPA-traktorer kör fort på gång- och cykelväg.",
    "brand": "Brand i papperskorg/container, släckt.",
    "hot-vald-personal": "Personal hotad vid tillsägelse.",
    "annat": "Övrig iakttagelse.",
}


def _meetings(c: Collaboration, coordinator: Any, now: dt.datetime) -> None:
    if Meeting.objects.filter(collaboration=c).exists():
        return
    today = timezone.localdate(now)
    school = Incident.objects.filter(collaboration=c, place__name="Centralskolan").order_by(
        "-occurred_from")[:3]
    station = Incident.objects.filter(collaboration=c, place__name="Resecentrum").order_by(
        "-occurred_from")[:3]
    from lofte.incidents.picture import PictureQuery, compute_picture
    from lofte.incidents.views.meetings import agenda_from_picture

    for weeks_ago, held in ((3, True), (1, True)):
        day = today - dt.timedelta(days=7 * weeks_ago)
        picture = compute_picture(c, PictureQuery(day - dt.timedelta(days=7),
                                                  day - dt.timedelta(days=1)))
        meeting = Meeting.objects.create(
            collaboration=c, held_on=day, title=f"EST-möte vecka {day.isocalendar()[1]}",
            period_start=day - dt.timedelta(days=7), period_end=day - dt.timedelta(days=1),
            status=MeetingStatus.HELD if held else MeetingStatus.PLANNED, created_by=coordinator,
            participants="Trygghetssamordnare, kommunpolis, bovärd, fältgruppen",
            notes="Genomgång av veckobilden. Fokus på Resecentrum och Centralskolan.",
            agenda=agenda_from_picture(picture, 0 if weeks_ago == 3 else 1))
        if weeks_ago == 3:
            d = Decision.objects.create(
                collaboration=c, meeting=meeting, what="Byta trasig belysning i gångtunneln",
                where="Resecentrum", owner="Tekniska kontoret", due_on=day + dt.timedelta(days=14),
                status=DecisionStatus.DONE, done_on=day + dt.timedelta(days=10),
                follow_up="Belysningen bytt, färre rapporter om otrygghet efteråt.")
            d.incidents.set(station)
        else:
            d = Decision.objects.create(
                collaboration=c, meeting=meeting, what="Extra kvällsvandring fredag och lördag",
                where="Stora torget", owner="Fältgruppen och kommunpolisen",
                due_on=today + dt.timedelta(days=7), hot_spot="Stora torget (99 %)")
            d2 = Decision.objects.create(
                collaboration=c, meeting=meeting, what="Sanera klotter inom 24 timmar",
                where="Centralskolan", owner="Fastighetsförvaltningen",
                due_on=today + dt.timedelta(days=3))
            d2.incidents.set(school)


@transaction.atomic
def load(context: DemoContext) -> None:
    now = timezone.now()
    start = dt.datetime(2025, 12, 1, tzinfo=timezone.get_current_timezone())
    end = min(now, dt.datetime(2026, 11, 30, 23, 0, tzinfo=timezone.get_current_timezone()))
    for slug, c in context.collaborations.items():
        services.ensure_categories(None, c)
        if Incident.objects.filter(collaboration=c).exists():
            continue
        town = TOWNS.get(c.municipality.code, (c.municipality.centre_lat,
                                               c.municipality.centre_lon))
        places = _places(c, town)
        reporters = _reporters(c, context)
        incidents = generate(c, VOLUME.get(slug, 1500), start, end,
                             seed=int(c.municipality.code), reporters=reporters, places=places,
                             town=town)
        Incident.objects.bulk_create(incidents, batch_size=2000)
        # Weekly checklists: most reporters send one; some weeks "nothing to report".
        rng = np.random.default_rng(int(c.municipality.code) + 1)
        monday = services.monday_of(start.date())
        checklists = []
        while monday <= timezone.localdate(end):
            for user, organisation in reporters:
                if rng.random() < 0.75:
                    checklists.append(ChecklistReport(
                        collaboration=c, reporter=user, organisation=organisation,
                        week_start=monday, is_nothing_to_report=rng.random() < 0.3))
            monday += dt.timedelta(days=7)
        ChecklistReport.objects.bulk_create(checklists)
        coordinator = c.memberships.filter(role=Role.COORDINATOR).select_related("user").first()
        _meetings(c, coordinator.user if coordinator else None, now)
