"""Ids that people outside a record's audience see are random; neighbouring ids find nothing.

1. Citizen tip receipts and Open311 ``service_request_id``s are random public references
   (``Incident.public_id``), never the sequential primary key.
2. From outside (anonymous, or a member of another collaboration), walking through the
   neighbouring ids of every kind of id-addressed page finds nothing: the answer is the login
   page or the same 404 as for an id that does not exist.
3. Old sequential Open311 ids still resolve, but only for an integration with the
   collaboration's key.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from lofte.incidents import services as incident_services
from lofte.incidents.forms import TIP_SALT
from lofte.incidents.models import REFERENCE_LENGTH, Incident, Source, new_public_id
from lofte.incidents.tests.conftest import centre
from lofte.promises.tests.factories import draft_promise, published_promise

pytestmark = pytest.mark.django_db
REFERENCE = re.compile(rf"[2-9A-HJKMNP-Z]{{{REFERENCE_LENGTH}}}")


@pytest.fixture(autouse=True)
def clear_rate_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def categories(vetlanda: Any) -> Any:
    incident_services.ensure_categories(None, vetlanda)
    return {c.code: c for c in vetlanda.incident_categories.all()}


@pytest.fixture
def make_report(categories: Any) -> Any:
    def make(actor: Any = None, **options: Any) -> Incident:
        category = categories["klotter"]
        lat, lon = centre(category.collaboration)
        data = incident_services.IncidentData(
            category=category, occurred_from=timezone.now() - dt.timedelta(hours=2),
            lat=lat, lon=lon, description="Klotter på vägg")
        return incident_services.report_incident(actor, category.collaboration, data,
                                                 **options)

    return make


def test_public_references_are_random_and_unique() -> None:
    references = {new_public_id() for _ in range(2000)}
    assert len(references) == 2000
    assert all(REFERENCE.fullmatch(r) for r in references)


def tip_data(vetlanda: Any, categories: Any) -> dict[str, Any]:
    lat, lon = centre(vetlanda)
    return {"category": categories["klotter"].pk, "lat": lat, "lon": lon,
            "occurred_from": (timezone.localtime() - dt.timedelta(hours=1))
            .strftime("%Y-%m-%dT%H:%M"), "description": "Klotter på skolan.",
            "started": signing.dumps(timezone.now().timestamp() - 30, salt=TIP_SALT),
            "website": ""}


def test_tip_receipt_shows_the_random_reference_not_the_sequential_id(
    client: Any, vetlanda: Any, categories: Any, make_report: Any, reporter: Any,
    login: Any, coordinator: Any,
) -> None:
    for _ in range(3):  # earlier reports: the pk of the tip is no longer 1
        make_report(reporter)
    url = reverse("incidents_public:tip", kwargs={"code": "0685"})
    response = client.post(url, tip_data(vetlanda, categories))
    assert response.status_code == 302
    tip = Incident.objects.get(source=Source.TIP)
    receipt = client.get(response["Location"]).content.decode()
    assert f"Ditt ärendenummer: {tip.public_id}" in receipt
    assert not re.search(rf"\b{tip.pk}\b", receipt.split("ärendenummer")[1][:40])
    # Staff find the report by the reference the citizen quotes.
    detail = login(coordinator).get(reverse("incidents:detail", kwargs={
        "slug": "vetlanda", "pk": tip.pk})).content.decode()
    assert tip.public_id in detail


@pytest.fixture
def open311_requests(vetlanda: Any, almhult: Any, categories: Any, make_report: Any,
                     coordinator: Any) -> list[Incident]:
    """Five approved Open311 requests with neighbouring pks, and an EST report among them."""
    made = [make_report(None, source=Source.OPEN311) for _ in range(2)]
    made.append(make_report(coordinator))  # an EST report: never public
    made += [make_report(None, source=Source.OPEN311) for _ in range(2)]
    return made


def test_open311_ids_are_references_and_neighbouring_ids_find_nothing(
    client: Any, open311_requests: list[Incident],
) -> None:
    listed = client.get("/open311/v2/requests.json", {"jurisdiction_id": "0685"}).json()
    ids = {row["service_request_id"] for row in listed}
    public = [i for i in open311_requests if i.source == Source.OPEN311]
    assert ids == {i.public_id for i in public}
    assert all(REFERENCE.fullmatch(i) for i in ids)
    for incident in public:
        one = client.get(f"/open311/v2/requests/{incident.public_id}.json")
        assert one.status_code == 200
        assert one.json()[0]["service_request_id"] == incident.public_id
    lowest, highest = min(i.pk for i in open311_requests), max(i.pk for i in open311_requests)
    for pk in range(max(lowest - 3, 1), highest + 4):
        assert client.get(f"/open311/v2/requests/{pk}.json").status_code == 404, pk
        assert client.get("/open311/v2/requests.json", {
            "jurisdiction_id": "0685", "service_request_id": str(pk)}).json() == [], pk
    # A near miss of a real reference is not found either.
    reference = public[0].public_id
    neighbour = reference[:-1] + ("2" if reference[-1] != "2" else "3")
    assert client.get(f"/open311/v2/requests/{neighbour}.json").status_code == 404


def test_old_sequential_open311_ids_only_with_the_collaborations_key(
    client: Any, vetlanda: Any, almhult: Any, open311_requests: list[Incident],
) -> None:
    _, key = incident_services.create_open311_key(None, vetlanda, "Felanmälan")
    _, other_key = incident_services.create_open311_key(None, almhult, "Annan kommun")
    request = open311_requests[0]
    url = f"/open311/v2/requests/{request.pk}.json"
    assert client.get(url).status_code == 404
    assert client.get(url, {"api_key": other_key}).status_code == 404
    found = client.get(url, {"api_key": key})
    assert found.status_code == 200
    assert found.json()[0]["service_request_id"] == request.public_id
    est = next(i for i in open311_requests if i.source != Source.OPEN311)
    assert client.get(f"/open311/v2/requests/{est.pk}.json",
                      {"api_key": key}).status_code == 404  # never public, key or not
    listed = client.get("/open311/v2/requests.json", {
        "jurisdiction_id": "0685", "service_request_id": f"{request.pk},{est.pk}",
        "api_key": key}).json()
    assert [row["service_request_id"] for row in listed] == [request.public_id]


def test_id_addressed_pages_enumerated_from_outside_find_nothing(
    client: Any, login: Any, outsider: Any, coordinator: Any, police_coordinator: Any,
    vetlanda: Any, make_report: Any, reporter: Any,
) -> None:
    """Staff pages use the sequential pk, which is fine because every one of them is read
    through ``access.py``: for anyone outside the collaboration each id is a 404, the same
    as an id that does not exist. Public promise pages show only published promises."""
    incident = make_report(reporter)
    draft = draft_promise(vetlanda, coordinator, title="Utkast")
    published = published_promise(vetlanda, coordinator, police_coordinator)
    missing = 10_000_000
    outside = login(outsider)
    for name, pk in (("incidents:detail", incident.pk), ("promises:detail", draft.pk),
                     ("promises:detail", published.pk)):
        for candidate in (pk - 1, pk, pk + 1, missing):
            for slug in ("vetlanda", "almhult"):
                url = reverse(name, kwargs={"slug": slug, "pk": candidate})
                assert outside.get(url).status_code == 404, url
                anonymous = client.get(url)
                assert anonymous.status_code == 302 and "/konto/" in anonymous["Location"]
    public_missing = client.get(reverse("public:promise", kwargs={"code": "0685",
                                                                  "pk": missing}))
    assert public_missing.status_code == 404
    for candidate in (draft.pk, draft.pk - 1, published.pk + 1):
        if candidate == published.pk:
            continue
        page = client.get(reverse("public:promise", kwargs={"code": "0685", "pk": candidate}))
        assert page.status_code == 404
        assert page.content == public_missing.content  # a draft looks like nothing at all
    assert client.get(reverse("public:promise", kwargs={
        "code": "0685", "pk": published.pk})).status_code == 200
    assert client.get(reverse("public:promise", kwargs={
        "code": "0687", "pk": published.pk})).status_code == 404  # another kommun's path
