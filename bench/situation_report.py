"""Benchmark: drafting a lägesbild (all sources, hot spots, årshjul) and its PDF.

Run from the repository root after ``lofte demo --no-serve`` (same DATABASE_URL)::

    .venv/bin/python bench/situation_report.py                    # + 100 000 synthetic reports
    .venv/bin/python bench/situation_report.py --reports 0        # the demo data as it is

It picks the demo collaboration with the most reports (the demo's largest kommun), adds
``--reports`` synthetic approved reports over the year (clustered around the kommun's centre,
evening-heavy) inside a transaction that is rolled back afterwards, and prints the time of
``draft_situation_report`` (every source, Gi* and emerging hot spots, hour-of-week, risk days,
årshjul over five years) and of rendering the PDF. The issue asks for "well under a minute".
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")

import django

django.setup()

import numpy as np  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from lofte.core.pdf import render_pdf  # noqa: E402
from lofte.incidents.models import Incident, IncidentCategory, Moderation  # noqa: E402
from lofte.organisations.models import Collaboration  # noqa: E402
from lofte.situation import services  # noqa: E402
from lofte.situation.views import report_context  # noqa: E402


class Rollback(Exception):
    pass


def add_reports(collaboration: Collaboration, count: int, year: int) -> None:
    rng = np.random.default_rng(42)
    categories = list(IncidentCategory.objects.filter(collaboration=collaboration)[:8])
    if not categories:
        categories = [IncidentCategory.objects.create(collaboration=collaboration,
                                                      code="bench", name="Bench")]
    m = collaboration.municipality
    centres = rng.normal([m.centre_lat, m.centre_lon], [0.02, 0.03], size=(12, 2))
    which = rng.integers(0, len(centres), count)
    lat = centres[which, 0] + rng.normal(0, 0.002, count)
    lon = centres[which, 1] + rng.normal(0, 0.003, count)
    days = rng.integers(0, 365, count)
    hours = rng.choice([14, 18, 20, 21, 22, 23, 0, 1], count)
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    batch = []
    for i in range(count):
        batch.append(Incident(
            collaboration=collaboration, category=categories[i % len(categories)],
            occurred_from=start + dt.timedelta(days=int(days[i]), hours=int(hours[i])),
            lat=float(lat[i]), lon=float(lon[i]), moderation=Moderation.APPROVED))
        if len(batch) == 10_000:
            Incident.objects.bulk_create(batch)
            batch = []
    Incident.objects.bulk_create(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=dt.date.today().year - 1)
    args = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    largest = (Collaboration.objects.annotate(n=Count("incidents")).order_by("-n").first())
    if largest is None:
        sys.exit("Ingen samverkan i databasen: kör först `lofte demo --no-serve`.")
    try:
        with transaction.atomic():
            if args.reports:
                began = time.perf_counter()
                add_reports(largest, args.reports, args.year)
                print(f"Lade till {args.reports:,} syntetiska rapporter på "
                      f"{time.perf_counter() - began:.1f} s".replace(",", " "))
            total = Incident.objects.filter(collaboration=largest).count()
            began = time.perf_counter()
            report = services.draft_situation_report(
                None, largest, dt.date(args.year, 1, 1), dt.date(args.year, 12, 31))
            drafted = time.perf_counter() - began
            figures = len(report.snapshot["figures"])
            began = time.perf_counter()
            pdf = render_pdf("situation/pdf/report.html", _member_context(report))
            rendered = time.perf_counter() - began
            print(f"{largest.municipality.name}: {total:,} rapporter i samverkan".replace(",", " "))
            print(f"Utkast till lägesbild ({figures} figurer): {drafted:.2f} s")
            print(f"PDF ({len(pdf) / 1024:.0f} kB): {rendered:.2f} s")
            print(f"Totalt: {drafted + rendered:.2f} s (mål: väl under 60 s)")
            raise Rollback
    except Rollback:
        pass


def _member_context(report: object) -> dict[str, object]:
    """The PDF as a police member sees it (every section), without a request."""
    from lofte.organisations.access import Scope

    collaboration = report.collaboration  # type: ignore[attr-defined]
    membership = collaboration.memberships.filter(
        organisation__kind="lokalpolisomrade").select_related("organisation").first()
    if membership is None:
        return report_context(report, None, public=True, with_maps=False)  # type: ignore[arg-type]
    scope = Scope(collaboration=collaboration, membership=membership)
    context = report_context(report, scope, with_maps=False)  # type: ignore[arg-type]
    context["pdf"] = True
    return context


if __name__ == "__main__":
    main()
