"""Benchmark: the weekly situation picture over 500 000 reports in one collaboration.

Run from the repository root::

    .venv/bin/python bench/situation_picture.py                 # SQLite file under /tmp
    DATABASE_URL=postgres://… .venv/bin/python bench/situation_picture.py   # PostgreSQL
    .venv/bin/python bench/situation_picture.py --reports 50000  # a quicker smoke run

The database is separate from the demo's (default ``sqlite:////tmp/lofte-bench.sqlite3``); it is
migrated, given the reference geography and one collaboration (Vetlanda) with a coordinator,
and filled with ``--reports`` reports over five years (clustered around seven places in the
town, evening/weekend and seasonal patterns; inserted in batches with ``executemany``).
Generation is skipped when the collaboration already holds that many.

Then the server-side time of each request is measured with Django's test ``Client`` (the whole
view: session, access check, queries, analysis, template): one warm-up, then the median of
``--repeats`` calls, with the picture cache switched off. The target is ≤ 300 ms for the
picture page and its map data. The cached case (the same picture opened again) and a check
that concurrent reporters lose nothing follow.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/lofte-bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")
os.environ.setdefault("AXES_ENABLED", "false")

import django

django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from lofte.geo.models import Municipality, PoliceArea  # noqa: E402
from lofte.incidents import services  # noqa: E402
from lofte.incidents.demo import CLUSTERS, HOURS, SEASON, TOWNS, _places  # noqa: E402
from lofte.incidents.models import Incident  # noqa: E402
from lofte.organisations import services as organisation_services  # noqa: E402
from lofte.organisations.models import Collaboration, OrganisationKind, Role  # noqa: E402

SLUG = "vetlanda"
M_PER_DEG = 111_320.0
BATCH = 10_000


def setup_collaboration() -> tuple[Collaboration, object]:
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not Municipality.objects.filter(code="0685").exists():
        call_command("load_geography", verbosity=0)
    c = Collaboration.objects.filter(slug=SLUG).first()
    if c is None:
        c = organisation_services.create_collaboration(
            None, municipality=Municipality.objects.get(code="0685"),
            police_area=PoliceArea.objects.get(name="Höglandet"), slug=SLUG)
    user_model = get_user_model()
    user = user_model.objects.filter(username="bench.samordnare").first()
    if user is None:
        user = user_model.objects.create_user("bench.samordnare", "bench@lofte.local",
                                              "bench-password-123")
        organisation_services.set_membership(
            None, collaboration=c, user=user,
            organisation=c.organisations.get(kind=OrganisationKind.MUNICIPALITY),
            role=Role.COORDINATOR)
    services.ensure_categories(None, c)
    _places(c, TOWNS["0685"])
    return c, user


def generate(c: Collaboration, total: int, user_id: int) -> None:
    """Insert ``total`` reports with executemany, vectorised with NumPy."""
    rng = np.random.default_rng(500_000)
    tz = timezone.get_current_timezone()
    end = timezone.now()
    start = end - dt.timedelta(days=5 * 365)
    days = (end - start).days
    day_weights = np.array([SEASON[(start + dt.timedelta(days=d)).month] *
                            (1.35 if (start + dt.timedelta(days=d)).weekday() >= 4 else 1.0)
                            for d in range(days)])
    categories = {cat.code: cat.pk for cat in c.incident_categories.all()}
    places = dict(c.places.values_list("name", "pk"))
    organisation_id = c.organisations.get(kind=OrganisationKind.MUNICIPALITY).pk
    town_lat, town_lon = TOWNS["0685"]
    table = Incident._meta.db_table
    columns = ["created_at", "updated_at", "collaboration_id", "category_id", "occurred_from",
               "lat", "lon", "place_id", "address", "description", "severity", "status",
               "source", "moderation", "reporter_id", "organisation_id", "contact_name",
               "contact_email", "external_id", "client_token"]
    # Table and column names are this module's constants, values go as parameters.
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608
           f"({', '.join(['%s'] * len(columns))})")
    adapt = connection.ops.adapt_datetimefield_value
    now_value = adapt(end)
    done = 0
    while done < total:
        n = min(BATCH * 10, total - done)
        day = rng.choice(days, size=n, p=day_weights / day_weights.sum())
        hour = rng.choice(24, size=n, p=HOURS / HOURS.sum())
        minute = rng.integers(0, 60, size=n)
        cluster = rng.choice(len(CLUSTERS) + 1, size=n,
                             p=np.append(np.full(len(CLUSTERS), 0.87 / len(CLUSTERS)), 0.13))
        north = np.empty(n)
        east = np.empty(n)
        codes = np.empty(n, dtype=object)
        place_ids = np.empty(n, dtype=object)
        for k, (name, (cn, ce), _, weights) in enumerate(CLUSTERS):
            sel = cluster == k
            m = int(sel.sum())
            north[sel] = rng.normal(cn, 140, m)
            east[sel] = rng.normal(ce, 140, m)
            keys = list(weights)
            p = np.array([weights[key] for key in keys])
            codes[sel] = np.array(keys, dtype=object)[rng.choice(len(keys), size=m,
                                                                 p=p / p.sum())]
            place_ids[sel] = places[name]
        sel = cluster == len(CLUSTERS)
        m = int(sel.sum())
        north[sel] = rng.normal(0, 2500, m)
        east[sel] = rng.normal(0, 3500, m)
        all_codes = list(categories)
        codes[sel] = np.array(all_codes, dtype=object)[rng.integers(len(all_codes), size=m)]
        place_ids[sel] = None
        lat = town_lat + north / M_PER_DEG
        lon = town_lon + east / (M_PER_DEG * np.cos(np.radians(town_lat)))
        severity = rng.choice([1, 2, 3], size=n, p=[0.35, 0.5, 0.15])
        rows = []
        for i in range(n):
            moment = (start + dt.timedelta(days=int(day[i]))).astimezone(tz).replace(
                hour=int(hour[i]), minute=int(minute[i]), second=0, microsecond=0)
            rows.append((now_value, now_value, c.pk, categories[codes[i]], adapt(moment),
                         float(lat[i]), float(lon[i]), place_ids[i], "", "", int(severity[i]),
                         "avslutad", "rapport", "godkand", user_id, organisation_id, "", "",
                         "", ""))
        with transaction.atomic(), connection.cursor() as cursor:
            for b in range(0, n, BATCH):
                cursor.executemany(sql, rows[b:b + BATCH])
        done += n
        print(f"  {done:>9,} rapporter".replace(",", " "), flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client: Client, url: str, repeats: int) -> tuple[float, int, int]:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} svarade {response.status_code}")
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, len(response.content), response.status_code


def concurrent_writes(c: Collaboration, user: object, threads: int = 8,
                      per_thread: int = 25) -> None:
    """Report from several threads at once (each its own DB connection), every report sent
    twice with the same client token as a phone resending a draft would; check that every
    report is stored exactly once."""
    import threading
    import uuid

    from django.db import connections

    category = c.incident_categories.get(code="klotter")
    lat, lon = TOWNS["0685"]
    run = uuid.uuid4().hex[:8]
    errors: list[str] = []

    def work(t: int) -> None:
        try:
            for i in range(per_thread):
                data = services.IncidentData(
                    category=category, occurred_from=timezone.now(), lat=lat, lon=lon,
                    description="samtidighetstest", client_token=f"{run}-{t}-{i}")
                first = services.report_incident(user, c, data)
                again = services.report_incident(user, c, data)
                if first.pk != again.pk:
                    errors.append(f"dubblett {first.pk} {again.pk}")
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    t0 = time.perf_counter()
    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    stored = Incident.objects.filter(collaboration=c, client_token__startswith=run).count()
    expected = threads * per_thread
    print(f"\nSamtidiga skrivningar: {threads} trådar × {per_thread} rapporter (var och en "
          f"skickad två gånger): {stored} av {expected} sparade, {len(errors)} fel, "
          f"{time.perf_counter() - t0:.1f} s.")
    for error in errors[:5]:
        print("  ", error)
    Incident.objects.filter(collaboration=c, client_token__startswith=run).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=500_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    db = connection.settings_dict
    print(f"Databas: {connection.vendor} {db.get('NAME')}")
    c, user = setup_collaboration()
    existing = Incident.objects.filter(collaboration=c).count()
    if existing < args.reports:
        print(f"Skapar {args.reports - existing} rapporter …")
        t0 = time.perf_counter()
        generate(c, args.reports - existing, user.pk)  # type: ignore[attr-defined]
        print(f"  klart på {time.perf_counter() - t0:.0f} s")
    total = Incident.objects.filter(collaboration=c).count()
    print(f"Rapporter i samverkan: {total:,}".replace(",", " "))
    client = Client()
    client.force_login(user)
    today = timezone.localdate()
    base = f"/samverkan/{SLUG}/veckobild/"
    klotter = c.incident_categories.get(code="klotter").pk
    two_weeks = f"from={(today - dt.timedelta(days=13)).isoformat()}&to={today.isoformat()}"
    cases = [
        ("Veckobild, senaste 7 dagarna", base),
        ("Kartdata (punkter), 7 dagar", base + "karta.geojson"),
        ("Veckobild, 14 dagar", f"{base}?{two_weeks}"),
        ("Kartdata (punkter), 14 dagar", f"{base}karta.geojson?{two_weeks}"),
        ("Kartdata (hot spots), 14 dagar", f"{base}karta.geojson?layer=hotspots&{two_weeks}"),
        ("Veckobild, 14 dagar, klotter", f"{base}?{two_weeks}&category={klotter}"),
        ("Rapportlista, sida 1", f"/samverkan/{SLUG}/rapporter/"),
        ("Rapportlista, sida 500", f"/samverkan/{SLUG}/rapporter/?page=500"),
    ]
    print(f"\nServertid utan cache (median av {args.repeats}, Django test Client), mål ≤ 300 ms "
          "för veckobild och kartdata:")
    settings.LOFTE_PICTURE_CACHE_SECONDS = 0
    worst = 0.0
    for label, url in cases:
        ms, size, _ = measure(client, url, args.repeats)
        if "Veckobild" in label or "Kartdata" in label:
            worst = max(worst, ms)
        print(f"  {label:<36} {ms:7.1f} ms  {size / 1024:7.0f} kB")
    print(f"\nSämsta veckobild/kartdata: {worst:.1f} ms – "
          + ("inom målet." if worst <= 300 else "ÖVER MÅLET."))
    settings.LOFTE_PICTURE_CACHE_SECONDS = 300
    print("\nMed veckobildens cache (samma bild öppnas igen utan att något ändrats):")
    for label, url in cases[:3:2]:
        ms, size, _ = measure(client, url, args.repeats)
        print(f"  {label:<36} {ms:7.1f} ms  {size / 1024:7.0f} kB")
    print(f"(Belastning under mätningen: {os.getloadavg()[0]:.1f} på {os.cpu_count()} kärnor.)")
    concurrent_writes(c, user)


if __name__ == "__main__":
    main()
