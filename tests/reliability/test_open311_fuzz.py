"""Property-based robustness of the Open311 GeoReport v2 API, from its own OpenAPI description.

``/open311/v2/openapi.json`` (``lofte.incidents.open311_spec``) describes the services, request
list, single request and POST in JSON and XML. Schemathesis generates requests from it against
the app in-process (WSGI), with the Vetlanda collaboration seeded with approved and pending
Open311 requests, an EST report and a citizen tip:

- reads: no server error, JSON answers match the documented schema, and nothing but approved
  Open311 requests is ever listed (EST reports and tips are never shown one by one);
- POST without a valid key: no server error and never 201 — nothing is stored;
- POST with the collaboration's Open311 key: no server error, answers match the schema, and
  every 201 is a pending request in the review queue.

``LOFTE_FUZZ_EXAMPLES`` sets the examples per operation (default 25; nightly: 500).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from lofte.incidents.models import Incident, Moderation, Source
from lofte.wsgi import application
from tests.reliability.conftest import REQUESTS

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("LOFTE_FUZZ_EXAMPLES", "25"))
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
CHECKS = [not_a_server_error, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/open311/v2/openapi.json", application)
reads = schema.include(method="GET")
writes = schema.include(method="POST")


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """Keep the test's transaction: schemathesis calls the WSGI app directly (see
    test_api_fuzz.py for the same fixture and why)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(vetlanda: Any, coordinator: Any) -> dict[str, Any]:
    """Approved and pending Open311 requests, an EST report and a citizen tip in Vetlanda."""
    from lofte.incidents import services
    from lofte.incidents.tests.conftest import centre

    services.ensure_categories(None, vetlanda)
    category = vetlanda.incident_categories.get(code="klotter")
    lat, lon = centre(vetlanda)
    made: dict[str, Any] = {}
    for name, source, moderation in (
        ("approved", Source.OPEN311, Moderation.APPROVED),
        ("pending", Source.OPEN311, Moderation.PENDING),
        ("est", Source.REPORT, Moderation.APPROVED),
        ("tip", Source.TIP, Moderation.APPROVED),
    ):
        made[name] = services.report_incident(
            coordinator if source == Source.REPORT else None, vetlanda,
            services.IncidentData(category=category, occurred_from=_now(), lat=lat, lon=lon,
                                  description=f"Planterad {name}"),
            source=source, moderation=moderation)
    _, made["key"] = services.create_open311_key(None, vetlanda, "schemathesis")
    return made


def _now() -> Any:
    from django.utils import timezone

    return timezone.now()


def _aim(case: Any, seeded: dict[str, Any]) -> None:
    """Point most cases at the seeded collaboration and requests; keep the rest random."""
    query = case.query if isinstance(case.query, dict) else {}
    jurisdiction = query.get("jurisdiction_id")
    if isinstance(jurisdiction, str) and len(jurisdiction) % 4 != 0:
        query["jurisdiction_id"] = "0685"
    if case.path_parameters and "service_request_id" in case.path_parameters:
        value = str(case.path_parameters["service_request_id"])
        if len(value) % 3 == 0:
            case.path_parameters["service_request_id"] = seeded["approved"].public_id
    if isinstance(case.body, dict) and "jurisdiction_id" in case.body:
        body_jurisdiction = case.body["jurisdiction_id"]
        if isinstance(body_jurisdiction, str) and len(body_jurisdiction) % 4 != 0:
            case.body["jurisdiction_id"] = "0685"


def _content_type(response: Any) -> str:
    value = response.headers.get("Content-Type", "")
    return str(value[0] if isinstance(value, list) and value else value)


def _listed_ids(response: Any) -> set[str]:
    if "json" not in _content_type(response):
        return set()
    data = response.json()
    if not isinstance(data, list):
        return set()
    return {str(row.get("service_request_id")) for row in data if isinstance(row, dict)}


@reads.parametrize()
@FUZZ_SETTINGS
def test_open311_reads(case: Any, seeded: dict[str, Any]) -> None:
    _aim(case, seeded)
    REQUESTS[f"open311  {case.method.upper()} {case.path}"] += 1
    response = case.call_and_validate(checks=CHECKS)
    hidden = {seeded[name].public_id for name in ("pending", "est", "tip")}
    leaked = _listed_ids(response) & hidden
    assert not leaked, f"{case.formatted_path} visade ej publika ärenden {leaked}"


@writes.parametrize()
@FUZZ_SETTINGS
def test_open311_post_without_valid_key_stores_nothing(case: Any,
                                                       seeded: dict[str, Any]) -> None:
    _aim(case, seeded)
    if isinstance(case.body, dict) and case.body.get("api_key") == seeded["key"]:
        case.body["api_key"] = seeded["key"] + "x"
    REQUESTS[f"open311  {case.method.upper()} {case.path} utan nyckel"] += 1
    before = Incident.objects.count()
    response = case.call(headers={})
    not_a_server_error_only(response, case)
    assert response.status_code != 201, response.text[:300]
    assert Incident.objects.count() == before


@writes.parametrize()
@FUZZ_SETTINGS
def test_open311_post_with_key(case: Any, seeded: dict[str, Any]) -> None:
    _aim(case, seeded)
    if isinstance(case.body, dict):
        case.body["api_key"] = seeded["key"]
    REQUESTS[f"open311  {case.method.upper()} {case.path} med nyckel"] += 1
    response = case.call_and_validate(checks=CHECKS)
    if response.status_code == 201:
        created = _created_id(response)
        incident = Incident.objects.get(pk=created) if created.isdigit() else None
        if incident is None:
            incident = Incident.objects.order_by("-pk").first()
        assert incident is not None and incident.moderation == Moderation.PENDING
        assert incident.source == Source.OPEN311


def not_a_server_error_only(response: Any, case: Any) -> None:
    assert response.status_code < 500, (
        f"{case.method.upper()} {case.formatted_path} gav {response.status_code}: "
        f"{response.text[:300]}")


def _created_id(response: Any) -> str:
    if "json" in _content_type(response):
        return str(response.json()[0]["service_request_id"])
    import xml.etree.ElementTree as ET

    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return root.findtext("request/service_request_id") or ""


def test_the_document_describes_every_open311_route() -> None:
    operations = {(r.ok().method.upper(), r.ok().path) for r in schema.get_all_operations()}
    assert operations == {
        ("GET", "/open311/v2/services.{format}"),
        ("GET", "/open311/v2/requests.{format}"),
        ("POST", "/open311/v2/requests.{format}"),
        ("GET", "/open311/v2/requests/{service_request_id}.{format}"),
    }


@pytest.mark.parametrize("url", [
    "/open311/v2/requests.json?jurisdiction_id=0685&page=99999999999999999999",
    "/open311/v2/requests.json?jurisdiction_id=0685&service_request_id=99999999999999999999",
    "/open311/v2/requests/99999999999999999999.json",
    "/open311/v2/requests/%C2%B2.json",
    "/open311/v2/requests.json?jurisdiction_id=0685&start_date=0001-01-01T00:00:00Z",
    "/open311/v2/requests.json?jurisdiction_id=0685&start_date=9999-12-31T23:59:59-23:00",
    "/open311/v2/requests.json?jurisdiction_id=0685&start_date=2026-01-01T00:00:00-23:00",
    "/open311/v2/services.json?%00key=true&jurisdiction_id=0685",
    "/open311/v2/services.xml?jurisdiction_id=%00",
])
def test_defects_found_in_open311_stay_fixed(client: Any, seeded: dict[str, Any],
                                             url: str) -> None:
    """Found on 2026-11-22 (page/id beyond a database integer: 500 on both databases; a
    ±23:00 offset: 500 on PostgreSQL; a Unicode digit as id: ValueError; a NUL byte answered
    outside GeoReport's error format): now a clear 4xx or an empty answer."""
    response = client.get(url)
    assert response.status_code in {200, 400, 404}, (response.status_code, response.content)
    if response.status_code == 400 and ".json" in url:
        assert response.json()[0]["code"] == 400
    elif response.status_code == 400:
        assert b"<errors><error><code>400</code>" in response.content
    if response.status_code == 200:
        assert "json" in _content_type(response)
        assert _listed_ids(response) <= {seeded["approved"].public_id}
