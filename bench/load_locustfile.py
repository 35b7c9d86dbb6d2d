"""Locust user mix for `bench/load_test.py` (not meant to be run on its own).

Three kinds of people, weighted roughly as on a real day:

* ``Reporter`` (bovärd, fältarbetare): opens the app, sends EST reports through the JSON API
  with a bearer token, now and then resends a report (same ``client_token``, as a phone does
  after a lost connection) and reads their own list.
* ``Coordinator`` (trygghetssamordnare): signs in with a session and looks at the weekly
  picture and its map layers.
* ``Citizen``: reads the public pages, the Atom feed and the open-data API.

The orchestrator passes its set-up through ``LOAD_SETUP`` (a JSON file: tokens, category
codes, coordinates inside each kommun) and collects every acknowledged report in
``LOAD_ACKS`` (one JSON line per 2xx answer) for the exactly-once check.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import uuid
from typing import Any

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

with open(os.environ["LOAD_SETUP"], encoding="utf-8") as _setup:
    SETUP: dict[str, Any] = json.load(_setup)
RUN_ID: str = SETUP["run_id"]
ACKS: list[dict[str, Any]] = []
_reporter_cycle = itertools.cycle(SETUP["reporters"])
_coordinator_cycle = itertools.cycle(SETUP["coordinators"])
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.quitting.add_listener
def _write_acks(environment: Any, **_: Any) -> None:
    with open(os.environ["LOAD_ACKS"], "w", encoding="utf-8") as handle:
        for ack in ACKS:
            handle.write(json.dumps(ack) + "\n")


class Reporter(FastHttpUser):
    """Sends EST reports through the API (bearer token made up front)."""

    weight = 3
    wait_time = between(1, 5)

    def on_start(self) -> None:
        me = next(_reporter_cycle)
        self.slug: str = me["slug"]
        self.headers = {"Authorization": f"Bearer {me['token']}"}
        self.points: list[list[float]] = me["points"]
        self.categories: list[str] = me["categories"]
        self.sent: list[tuple[str, dict[str, Any], int]] = []
        self.client.get(f"/api/v1/collaborations/{self.slug}/incident-categories",
                        headers=self.headers,
                        name="API GET /collaborations/[slug]/incident-categories")

    def _post(self, body: dict[str, Any], name: str) -> int | None:
        with self.client.post(f"/api/v1/collaborations/{self.slug}/incidents", json=body,
                              headers=self.headers, name=name, catch_response=True) as r:
            if r.status_code != 201:
                r.failure(f"status {r.status_code}: {r.text[:200]}")
                return None
            incident_id = int(r.json()["id"])
            ACKS.append({"token": body["client_token"], "id": incident_id,
                         "slug": self.slug})
            return incident_id

    @task(6)
    def send_report(self) -> None:
        token = f"load-{RUN_ID}-{uuid.uuid4().hex[:24]}"
        lat, lon = random.choice(self.points)
        now = dt.datetime.now(dt.UTC)
        body = {
            "category": random.choice(self.categories),
            "occurred_from": (now - dt.timedelta(minutes=random.randint(5, 600))).isoformat(),
            "lat": lat + random.uniform(-0.0005, 0.0005),
            "lon": lon + random.uniform(-0.0005, 0.0005),
            "description": f"Lasttest {RUN_ID} {token}: klotter på elskåp vid gångvägen.",
            "severity": random.choice([1, 2, 2, 3]),
            "client_token": token,
        }
        incident_id = self._post(body, "API POST /collaborations/[slug]/incidents")
        if incident_id is not None:
            self.sent.append((token, body, incident_id))

    @task(1)
    def resend_report(self) -> None:
        """A phone resending a draft after a lost connection: must not create a copy."""
        if not self.sent:
            return
        token, body, first_id = random.choice(self.sent)
        with self.client.post(f"/api/v1/collaborations/{self.slug}/incidents", json=body,
                              headers=self.headers, catch_response=True,
                              name="API POST /collaborations/[slug]/incidents (resend)") as r:
            if r.status_code != 201:
                r.failure(f"status {r.status_code}: {r.text[:200]}")
            elif int(r.json()["id"]) != first_id:
                r.failure(f"resend of {token} made a new report {r.json()['id']}")
            else:
                ACKS.append({"token": token, "id": first_id, "slug": self.slug,
                             "resend": True})

    @task(2)
    def own_list(self) -> None:
        self.client.get(f"/api/v1/collaborations/{self.slug}/incidents?page=1",
                        headers=self.headers, name="API GET /collaborations/[slug]/incidents")


class Coordinator(FastHttpUser):
    """Signs in (session) and studies the weekly picture and its map."""

    weight = 2
    wait_time = between(1, 5)

    def on_start(self) -> None:
        me = next(_coordinator_cycle)
        self.slug = me["slug"]
        page = self.client.get("/konto/logga-in/", name="/konto/logga-in/")
        match = CSRF_RE.search(page.text)
        with self.client.post(
            "/konto/logga-in/",
            data={"username": me["username"], "password": SETUP["password"],
                  "csrfmiddlewaretoken": match.group(1) if match else "", "next": "/"},
            headers={"Referer": f"{self.host}/konto/logga-in/"},
            name="/konto/logga-in/", catch_response=True, allow_redirects=False,
        ) as r:
            if r.status_code != 302:
                r.failure(f"login failed: status {r.status_code}")

    @task(3)
    def weekly_picture(self) -> None:
        base = f"/samverkan/{self.slug}/veckobild/"
        self.client.get(base, name="/samverkan/[slug]/veckobild/")
        self.client.get(base + "karta.geojson", name="/samverkan/[slug]/veckobild/karta.geojson")

    @task(2)
    def map_layers(self) -> None:
        base = f"/samverkan/{self.slug}/veckobild/karta.geojson"
        self.client.get(base + "?layer=heat",
                        name="/samverkan/[slug]/veckobild/karta.geojson?layer=heat")
        self.client.get(base + "?layer=hotspots",
                        name="/samverkan/[slug]/veckobild/karta.geojson?layer=hotspots")

    @task(1)
    def overview(self) -> None:
        self.client.get(f"/samverkan/{self.slug}/", name="/samverkan/[slug]/")


class Citizen(FastHttpUser):
    """Reads the public pages, the feed and the open-data API."""

    weight = 5
    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.code = random.choice(SETUP["municipality_codes"])

    @task(4)
    def municipality(self) -> None:
        self.client.get(f"/offentlig/{self.code}/", name="/offentlig/[kod]/")

    @task(2)
    def index(self) -> None:
        self.client.get("/offentlig/", name="/offentlig/")

    @task(1)
    def feed(self) -> None:
        self.client.get(f"/offentlig/{self.code}/flode.atom", name="/offentlig/[kod]/flode.atom")

    @task(2)
    def open_data(self) -> None:
        self.client.get(f"/api/v1/public/municipalities/{self.code}/promises",
                        name="API GET /public/municipalities/[kod]/promises")

    @task(1)
    def static_asset(self) -> None:
        if SETUP.get("static_path"):
            self.client.get(SETUP["static_path"], name="/static/ (whitenoise)")
