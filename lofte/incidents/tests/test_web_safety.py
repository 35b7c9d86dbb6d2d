"""Stored text is rendered safely, sessions expire, and removed members lose access at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from lofte.organisations.services import remove_membership

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_stored_report_text_is_escaped_everywhere_it_is_shown(
    make_incident: Any, reporter: Any, coordinator: Any, login: Any, vetlanda: Any
) -> None:
    incident = make_incident(reporter, description=PAYLOAD)
    client = login(coordinator)
    for url in (f"/samverkan/{vetlanda.slug}/rapporter/{incident.pk}/",
                f"/samverkan/{vetlanda.slug}/rapporter/granska/",
                f"/samverkan/{vetlanda.slug}/rapporter/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
    detail = client.get(f"/samverkan/{vetlanda.slug}/rapporter/{incident.pk}/").content.decode()
    assert "&lt;script&gt;" in detail


def test_sessions_expire_after_the_configured_idle_time(
    coordinator: Any, vetlanda: Any, client: Any, settings: Any
) -> None:
    client.force_login(coordinator)
    assert client.get(f"/samverkan/{vetlanda.slug}/").status_code == 200
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(f"/samverkan/{vetlanda.slug}/")
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_removed_member_loses_access_on_the_next_request(
    analyst: Any, coordinator: Any, login: Any, vetlanda: Any
) -> None:
    client = login(analyst)
    assert client.get(f"/samverkan/{vetlanda.slug}/veckobild/").status_code == 200
    remove_membership(coordinator, analyst.memberships.get(collaboration=vetlanda))
    assert client.get(f"/samverkan/{vetlanda.slug}/veckobild/").status_code == 404
    assert client.get("/api/v1/collaborations/vetlanda").status_code == 404
