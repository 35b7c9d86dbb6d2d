"""Every public output keeps small counts, exact places and personal data out.

One fixture plants what must never reach the public, next to ordinary demo-like data (120
approved reports with a hot spot, a published medborgarlöfte, a published lägesbild):

* a category with a single report in the lägesbild's period (a count of 1 would be published
  if suppression were removed — the unprotected snapshot is checked to hold it);
* a report, an Open311 request and a citizen tip at exact positions, with a name, an e-mail
  address, a phone number and a personnummer in their texts and contact fields;
* a public lägesbild section and problem text with a phone number and an e-mail address, and a
  problem at an exact position.

Then every public page, feed, widget, PDF, public API operation and Open311 GET is requested
and checked: no count cell between 1 and ``LOFTE_PUBLIC_MIN_COUNT - 1``, no coordinate of a
report, tip or problem other than a 1 km grid centre (and none of the planted positions at 3–6
decimals), and nothing the personal-data detectors of ``lofte.core.pii`` find.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import pytest
from django.test import Client

from lofte.analysis.disclosure import snap_points
from lofte.core.pii import mask_pii_detailed
from lofte.incidents import services as incidents
from lofte.incidents.models import Incident, IncidentCategory, Moderation, Source
from lofte.promises.tests.factories import published_promise
from lofte.situation import services as situation
from lofte.situation.disclosure import PUBLIC_CELL_METRES, min_count
from lofte.situation.tests.conftest import STOCKHOLM, make_incidents

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
NAME = "Kalle Testsson"
EMAIL = "kalle.testsson@exempel.se"
PHONE = "070-314 15 92"
PERSONNUMMER = "19850412-2386"
SECRET_TEXT = f"{NAME}, {PHONE}, {EMAIL}, {PERSONNUMMER}"


def snapped(lat: float, lon: float) -> tuple[float, float]:
    a, b = snap_points([lat], [lon], PUBLIC_CELL_METRES)
    return round(float(a[0]), 5), round(float(b[0]), 5)


def off_grid(lat: float, lon: float) -> tuple[float, float]:
    """A position whose 3-decimal rounding differs from its 1 km cell centre's."""
    for step in range(1, 50):
        candidate = (round(lat + step * 0.000731, 6), round(lon + step * 0.000913, 6))
        centre = snapped(*candidate)
        if all(round(a, 3) != round(b, 3) for a, b in zip(candidate, centre, strict=True)):
            return candidate
    raise AssertionError("no off-grid position found")


@pytest.fixture
def planted(settings: Any, vetlanda: Any, coordinator: Any, police_coordinator: Any
            ) -> dict[str, Any]:
    settings.LOFTE_PUBLIC_CACHE_SECONDS = 0
    settings.LOFTE_PICTURE_CACHE_SECONDS = 0
    make_incidents(vetlanda)
    incidents.ensure_categories(None, vetlanda)
    m = vetlanda.municipality
    when = dt.datetime(2025, 6, 14, 22, tzinfo=STOCKHOLM)
    rare = IncidentCategory.objects.create(collaboration=vetlanda, code="vapen",
                                           name="Vapen i skolmiljö")
    points = [off_grid(m.centre_lat + 0.01 * i, m.centre_lon - 0.013 * i) for i in range(1, 5)]
    report = Incident.objects.create(
        collaboration=vetlanda, category=rare, occurred_from=when, lat=points[0][0],
        lon=points[0][1], description=f"Vittne {SECRET_TEXT}", address="Storgatan 12",
        moderation=Moderation.APPROVED, reporter=coordinator)
    category = vetlanda.incident_categories.get(code="klotter")
    open311 = Incident.objects.create(
        collaboration=vetlanda, category=category, occurred_from=when, lat=points[1][0],
        lon=points[1][1], description=f"Felanmälan från {NAME} vid sitt hus",
        source=Source.OPEN311, moderation=Moderation.APPROVED, contact_name=NAME,
        contact_email=EMAIL)
    tip = Incident.objects.create(
        collaboration=vetlanda, category=category, occurred_from=when, lat=points[2][0],
        lon=points[2][1], description=f"Tips: {NAME} ser klotter från köksfönstret",
        source=Source.TIP, moderation=Moderation.APPROVED, contact_name=NAME, contact_email=EMAIL)
    promise = published_promise(vetlanda, coordinator, police_coordinator)
    draft = situation.draft_situation_report(coordinator, vetlanda, START, END)
    situation.update_section(coordinator, draft, "analys",
                             f"Offentlig analys. Frågor: {PHONE} eller {EMAIL}.",
                             is_police=False)
    situation.save_problem(coordinator, draft, title="Skadegörelse vid skolan",
                           description=f"Anmält av {PERSONNUMMER}", latitude=points[3][0],
                           longitude=points[3][1])
    situation.mark_reviewed(coordinator, draft)
    situation.approve_report(coordinator, draft, coordinator.memberships.get())
    situation.approve_report(police_coordinator, draft, police_coordinator.memberships.get())
    situation.publish_report(coordinator, draft)
    draft.refresh_from_db()
    return {"report": report, "open311": open311, "tip": tip, "promise": promise,
            "lagesbild": draft, "points": points, "code": m.code}


def small_counts(figure: dict[str, Any], minimum: int) -> list[Any]:
    found = []
    for column in figure.get("count_columns", []):
        for row in figure.get("rows", []):
            value = row[column] if column < len(row) else None
            if isinstance(value, int | float) and not isinstance(value, bool) \
                    and 0 < value < minimum:
                found.append((figure.get("title"), row))
    return found


def test_the_planted_values_would_be_caught(planted: dict[str, Any]) -> None:
    """Guards the test: the unprotected lägesbild holds a count of 1 and exact places."""
    report = planted["lagesbild"]
    minimum = min_count()
    assert minimum >= 2
    assert any(small_counts(f, minimum) for f in report.snapshot["figures"])
    assert report.problems.get().latitude == planted["points"][3][0]


def outputs(client: Client, planted: dict[str, Any]) -> dict[str, str]:
    """Every public output as text (PDFs as their extracted text)."""
    from pdfminer.high_level import extract_text

    code, promise = planted["code"], planted["promise"]
    paths = [
        "/offentlig/", "/offentlig/flode.atom", f"/offentlig/{code}/",
        f"/offentlig/{code}/flode.atom", f"/offentlig/{code}/widget/",
        f"/offentlig/{code}/loften/{promise.pk}/", f"/offentlig/{code}/loften/{promise.pk}/pdf/",
        f"/offentlig/{code}/lagesbild/", f"/offentlig/{code}/lagesbild/pdf/",
        f"/api/v1/public/municipalities/{code}/promises",
        f"/api/v1/public/situation-reports/{code}",
        f"/tips/{code}/",
        "/open311/v2/services.json", "/open311/v2/services.xml",
        f"/open311/v2/requests.json?jurisdiction_id={code}",
        f"/open311/v2/requests.xml?jurisdiction_id={code}",
    ]
    listed = client.get(f"/open311/v2/requests.json?jurisdiction_id={code}").json()
    for item in listed:
        request_id = item["service_request_id"]
        paths += [f"/open311/v2/requests/{request_id}.json?jurisdiction_id={code}",
                  f"/open311/v2/requests/{request_id}.xml?jurisdiction_id={code}"]
    texts = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response["Content-Type"].startswith("application/pdf"):
            texts[path] = extract_text(io.BytesIO(body))
            PDF_PATHS.add(path)
        else:
            texts[path] = body.decode()
    return texts


PDF_PATHS: set[str] = set()


def kinds_checked(path: str) -> set[str]:
    """The detectors run on an output. Text extracted from a PDF glues a chart's axis ticks
    together ("0 5 10 15 20" → "05101520", taken for a phone number), so phone numbers in PDFs
    are checked as the planted literals only; plates are not personal data of a reporter."""
    return {"personnummer", "email"} if path in PDF_PATHS else {"personnummer", "email", "phone"}


def _first_difference(text: str, masked: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(text, masked, strict=False)) if a != b), 0)
    return text[max(0, at - 40):at + 40]


def coordinate_pairs(data: Any) -> list[tuple[float, float]]:
    pairs = []
    if isinstance(data, dict):
        for a, b in (("lat", "lon"), ("lat", "long"), ("latitude", "longitude")):
            if isinstance(data.get(a), int | float) and isinstance(data.get(b), int | float):
                pairs.append((float(data[a]), float(data[b])))
        for value in data.values():
            pairs.extend(coordinate_pairs(value))
    elif isinstance(data, list):
        for value in data:
            pairs.extend(coordinate_pairs(value))
    return pairs


def test_public_outputs_keep_small_counts_places_and_personal_data_out(
        client: Client, planted: dict[str, Any]) -> None:
    texts = outputs(client, planted)
    minimum = min_count()
    report = planted["report"]
    forbidden = [NAME, EMAIL, PHONE, PERSONNUMMER, "Storgatan 12", "köksfönstret",
                 "vid sitt hus", report.description]
    exact = [f"{value:.{decimals}f}" for lat, lon in planted["points"]
             for value in (lat, lon) for decimals in (4, 5, 6)]
    problems = []
    for path, text in texts.items():
        problems += [(path, "text", v) for v in forbidden if v.lower() in text.lower()]
        problems += [(path, "exact position", v) for v in exact if v in text]
        masked = mask_pii_detailed(text)
        problems += [(path, "pii", kind, n, _first_difference(text, masked.text))
                     for kind, n in masked.counts.items() if n and kind in kinds_checked(path)]
        cells = re.findall(r"<td class=\"num\" data-count>([^<]*)</td>", text)
        for cell in cells:
            value = cell.replace("\u00a0", "").replace(" ", "")
            if value.isdigit() and 0 < int(value) < minimum:
                problems.append((path, "small count", cell))
    assert problems == [], "\n".join(map(str, problems))

    public_report = json.loads(texts[f"/api/v1/public/situation-reports/{planted['code']}"])
    body = public_report.get("report", public_report)
    assert body["figures"], "the public lägesbild has figures"
    assert [c for f in body["figures"] for c in small_counts(f, minimum)] == []
    open311 = json.loads(texts[f"/open311/v2/requests.json?jurisdiction_id={planted['code']}"])
    # Only the approved Open311 request is listed (never reports or tips one by one).
    assert len(open311) == 1
    assert open311[0]["service_request_id"] in {str(planted["open311"].pk),
                                                planted["open311"].public_id}
    assert sum("/open311/v2/requests/" in path for path in texts) == 2
    pairs = coordinate_pairs(open311) + coordinate_pairs(body.get("problems", []))
    pairs += [(c["lat"], c["lon"]) for f in body["figures"]
              for c in (f.get("chart") or {}).get("cells", [])]
    assert len(pairs) >= 2
    for lat, lon in pairs:
        centre = snapped(lat, lon)
        assert abs(centre[0] - lat) < 2e-5 and abs(centre[1] - lon) < 2e-5, (lat, lon)
