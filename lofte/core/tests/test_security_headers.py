from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_pages_send_security_headers(client: Any) -> None:
    response = client.get("/konto/logga-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_health_check_answers(client: Any) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_login_form_requires_csrf_token(coordinator: Any) -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/konto/logga-in/", {"username": coordinator.username, "password": "x"})
    assert response.status_code == 403
