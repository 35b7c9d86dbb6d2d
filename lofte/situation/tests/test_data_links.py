"""Figures stay linked to their data: "Visa underlag" on the staff page, never in public."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from lofte.situation import disclosure, links, services
from lofte.situation.models import SituationReport

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
HREF = re.compile(r'<a href="([^"]+)" data-data-link')


@pytest.fixture
def report(vetlanda: Any, coordinator: Any, incidents: Any) -> SituationReport:
    return services.draft_situation_report(coordinator, vetlanda, START, END)


def _figures(report: SituationReport) -> dict[str, dict[str, Any]]:
    return {f["key"]: f for f in report.snapshot["figures"]}


def _detail(vetlanda: Any, report: SituationReport) -> str:
    return f"/samverkan/{vetlanda.slug}/lagesbild/{report.pk}/"


def test_drafting_stores_link_targets_not_urls(report: SituationReport) -> None:
    figures = _figures(report)
    for key in ("incident_categories", "monthly", "hotspots", "hour_of_week", "risk_days"):
        stored = figures[key]["data_links"]
        assert stored, f"{key} has a link to its data"
        assert {link["url_name"] for link in stored} == {"incidents:picture"}
        for link in stored:
            assert "slug" not in link["kwargs"], "the slug is added when shown"
            assert not any("/" in str(v) for v in link["query"].values())
    # The weekly picture shows at most three months: the year is four contiguous quarters.
    quarters = [(link["query"]["from"], link["query"]["to"])
                for link in figures["incident_categories"]["data_links"]]
    assert quarters == [("2025-01-01", "2025-03-31"), ("2025-04-01", "2025-06-30"),
                        ("2025-07-01", "2025-09-30"), ("2025-10-01", "2025-12-31")]
    # No data, or no page for the data: no link.
    assert figures["crime_rates"]["note"] and figures["crime_rates"]["data_links"] == []
    assert figures["police_event_types"]["data_links"] == []
    assert not figures["yearwheel"].get("data_links"), "many years of reports: no page"


def test_coordinator_follows_the_links_to_the_same_period_and_reports(
        login: Any, coordinator: Any, vetlanda: Any, report: SituationReport) -> None:
    client = login(coordinator)
    page = client.get(_detail(vetlanda, report))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Visa underlag" in html
    hrefs = [unescape(h) for h in HREF.findall(html)]
    picture = [h for h in hrefs if h.startswith(f"/samverkan/{vetlanda.slug}/veckobild/")]
    assert picture, "the own reports open in the weekly picture"
    counted = sum(row[1] for row in _figures(report)["incident_categories"]["rows"])
    seen: dict[tuple[str, str], int] = {}
    for href in set(picture):
        response = client.get(href)
        assert response.status_code == 200
        assert not response.context["errors"], "the period is shown whole, not shortened"
        query = parse_qs(urlparse(href).query)
        shown = response.context["picture"].query
        assert (shown.start.isoformat(), shown.end.isoformat()) == (query["from"][0],
                                                                    query["to"][0])
        assert START <= shown.start <= shown.end <= END
        seen[(query["from"][0], query["to"][0])] = response.context["picture"].total
    # Together the linked periods hold exactly the reports the figure counted.
    assert sum(seen.values()) == counted


def test_police_coordinator_sees_the_links_too(login: Any, police_coordinator: Any,
                                               vetlanda: Any, report: SituationReport) -> None:
    html = login(police_coordinator).get(_detail(vetlanda, report)).content.decode()
    assert "Visa underlag" in html and HREF.search(html)


def test_links_to_other_apps_resolve_and_open(login: Any, coordinator: Any,
                                              vetlanda: Any) -> None:
    client = login(coordinator)
    for link in [links.statistics_link(), links.surveys_link(), *links.police_links([2025])]:
        [(_, [(_, href)])] = links.resolve([dict(link)], vetlanda.slug, lambda _: True)
        assert client.get(href).status_code == 200, href
    assert "period=2025" in links.resolve([dict(links.police_links([2025])[0])],
                                          vetlanda.slug, lambda _: True)[0][1][0][1]


def test_links_the_viewer_may_not_open_are_left_out(vetlanda: Any) -> None:
    stored = [dict(links.promise_link(1, "Löftet")), dict(links.surveys_link())]
    shown = links.resolve(stored, vetlanda.slug, lambda permission: permission != "promise.view")
    assert [label for _, group in shown for label, _ in group] == ["Trygghetsmätningar"]
    assert links.resolve([{"url_name": "finns:inte", "kwargs": {}}], vetlanda.slug,
                         lambda _: True) == []


def test_picture_chunks_cover_the_period_within_the_pictures_limit() -> None:
    for start, end in [(dt.date(2024, 1, 15), dt.date(2026, 11, 3)),
                       (dt.date(2025, 3, 1), dt.date(2025, 3, 10)),
                       (dt.date(2025, 11, 20), dt.date(2026, 2, 28))]:
        chunks = links.picture_chunks(start, end)
        assert chunks[0][0] == start and chunks[-1][1] == end
        for (_, b), (c, _) in itertools.pairwise(chunks):
            assert c == b + dt.timedelta(days=1)
        assert all(0 <= (b - a).days <= links.PICTURE_MAX_DAYS for a, b in chunks)


def test_public_version_has_no_links(client: Any, vetlanda: Any, coordinator: Any,
                                     police_coordinator: Any, report: SituationReport) -> None:
    services.mark_reviewed(coordinator, report)
    services.approve_report(coordinator, report, coordinator.memberships.get())
    services.approve_report(police_coordinator, report, police_coordinator.memberships.get())
    services.publish_report(coordinator, report)
    report.refresh_from_db()
    assert all("data_links" not in f for f in report.public_snapshot["figures"])
    assert all("data_links" not in f for f in disclosure.public_snapshot(report)["figures"])
    response = client.get(f"/offentlig/{vetlanda.municipality.code}/lagesbild/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Visa underlag" not in html and "data-data-link" not in html
    assert "/veckobild/" not in html and "/kallor/" not in html
    body = client.get(f"/api/v1/public/situation-reports/{vetlanda.municipality.code}").json()
    assert "data_links" not in str(body)
