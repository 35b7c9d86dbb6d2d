"""Citizen pages, feed, widget and open data: published material only, no login."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from lofte.promises import queries, services
from lofte.promises.tests.factories import (
    draft_promise,
    first_activity,
    membership,
    published_promise,
)
from lofte.public import queries as public_queries

pytestmark = pytest.mark.django_db
API = "/api/v1/public/municipalities/{}/promises"


@pytest.fixture
def world(vetlanda: Any, coordinator: Any, police_coordinator: Any) -> dict[str, Any]:
    promise = published_promise(vetlanda, coordinator, police_coordinator,
                                title="Medborgarlöfte i Vetlanda")
    draft = draft_promise(vetlanda, coordinator, title="Hemligt utkast")
    services.record_activity(coordinator, first_activity(promise),
                             performed_on=dt.date(queries.today().year, 1, 5),
                             figures={"narkotikabrott upptäckta": 1, "kontrollerade fordon": 50})
    follow_up = services.compose_follow_up(coordinator, promise, period_kind="tertial",
                                           year=queries.today().year, number=1)
    services.approve_follow_up(coordinator, follow_up, membership(coordinator, vetlanda))
    services.approve_follow_up(police_coordinator, follow_up,
                               membership(police_coordinator, vetlanda))
    follow_up.refresh_from_db()
    services.publish_follow_up(coordinator, follow_up)
    return {"promise": promise, "draft": draft, "follow_up": follow_up}


def test_index_and_municipality_page(client: Any, world: dict[str, Any]) -> None:
    response = client.get(reverse("public:index"))
    assert response.status_code == 200
    assert "Vetlanda kommun" in response.content.decode()
    page = client.get(reverse("public:municipality", args=["0685"])).content.decode()
    assert "Medborgarlöfte i Vetlanda" in page
    assert "Polisen ska" in page
    assert "Tertial 1" in page
    assert "Hemligt utkast" not in page
    tip = public_queries.tip_url("0685")
    if tip:  # the incidents app provides the tip form
        assert f'href="{tip}"' in page
    assert client.get(reverse("public:municipality", args=["9999"])).status_code == 404


def test_drafts_and_unpublished_follow_ups_never_leak(client: Any, world: dict[str, Any],
                                                      coordinator: Any) -> None:
    draft = world["draft"]
    assert client.get(reverse("public:promise", args=["0685", draft.pk])).status_code == 404
    assert client.get(reverse("public:promise_pdf", args=["0685", draft.pk])).status_code == 404
    # A promise of Vetlanda is not reachable under another kommun's code.
    assert client.get(reverse("public:promise", args=["0765", world["promise"].pk])
                      ).status_code == 404
    body = client.get(API.format("0685")).json()
    assert [p["title"] for p in body["promises"]] == ["Medborgarlöfte i Vetlanda"]
    assert "Hemligt" not in client.get(reverse("public:feed", args=["0685"])).content.decode()


def test_follow_up_page_suppresses_small_counts(client: Any, world: dict[str, Any]) -> None:
    response = client.get(reverse("public:follow_up", args=["0685", world["follow_up"].pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "färre än 3 narkotikabrott" in text
    assert "50 kontrollerade fordon" in text
    assert "1 narkotikabrott" not in text  # nor in the composed summary text
    assert client.get(reverse("public:follow_up", args=["0685", 999999])).status_code == 404


def test_open_data_api(client: Any, world: dict[str, Any],
                       django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(15):
        response = client.get(API.format("0685"))
    assert response.status_code == 200
    promise = response.json()["promises"][0]
    activity = promise["activities"][0]
    assert activity["target"]["count"] == 15
    assert activity["progress"]["done"] == 1
    assert activity["progress"]["status"] in {"i_fas", "risk", "efter", "klar"}
    assert promise["follow_ups"][0]["label"].startswith("Tertial 1")
    assert {s["name"] for s in promise["signatories"]} == {"Henrik Tvarnö", "Jonas Lindell"}
    missing = client.get(API.format("9999"))
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Okänd kommunkod."}
    assert client.get(API.format("0765")).json()["promises"] == []
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/public/municipalities/{code}/promises" in schema["paths"]


def test_feed_is_atom(client: Any, world: dict[str, Any]) -> None:
    for url in (reverse("public:feed", args=["0685"]), reverse("public:feed_all")):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        root = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
        entries = root.findall("{http://www.w3.org/2005/Atom}entry")
        titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries]
        assert "Medborgarlöfte i Vetlanda" in titles
        assert any(t and t.startswith("Tertial 1") for t in titles)
    assert client.get(reverse("public:feed", args=["9999"])).status_code == 404


def test_widget_can_be_framed(client: Any, world: dict[str, Any]) -> None:
    response = client.get(reverse("public:widget", args=["0685"]))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "Medborgarlöfte i Vetlanda" in response.content.decode()
    # Every other page refuses to be framed.
    page = client.get(reverse("public:municipality", args=["0685"]))
    assert page["X-Frame-Options"] == "DENY"


def test_public_pdf(client: Any, world: dict[str, Any]) -> None:
    response = client.get(reverse("public:promise_pdf", args=["0685", world["promise"].pk]))
    assert response.content.startswith(b"%PDF")
