from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lofte.accounts.models import ApiToken
from lofte.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(django_user_model: Any, settings: Any) -> None:
    from lofte import settings as production_settings

    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    user = django_user_model.objects.create_user("ny", "ny@example.se", "ett-långt-lösenord")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_login_is_throttled_after_repeated_failures(coordinator: Any, client: Client) -> None:
    for _ in range(5):
        client.post("/konto/logga-in/", {"username": coordinator.username, "password": "fel"})
    response = client.post("/konto/logga-in/",
                           {"username": coordinator.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.content.decode()


def test_password_reset_sends_an_email(coordinator: Any, client: Client) -> None:
    response = client.post("/konto/aterstall/", {"email": coordinator.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/konto/aterstall/" in mail.outbox[0].body


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_totp_second_factor_is_required_once_enabled(login: Any, coordinator: Any,
                                                      vetlanda: Any) -> None:
    client = login(coordinator)
    assert client.get("/konto/tvastegs/").status_code == 200
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    wrong = client.post("/konto/tvastegs/", {"code": "000000" if _code(device) != "000000"
                                              else "111111"})
    assert "Koden stämmer inte" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays retries after a failure; skip the wait
    client.post("/konto/tvastegs/", {"code": _code(device)})
    device.refresh_from_db()
    assert device.confirmed

    fresh = Client()
    fresh.post("/konto/logga-in/", {"username": coordinator.username, "password": PASSWORD})
    response = fresh.get(f"/samverkan/{vetlanda.slug}/")
    assert response.status_code == 302 and "/konto/verifiera/" in response["Location"]
    assert fresh.get("/api/v1/collaborations").status_code == 401
    device.refresh_from_db()
    device.last_t = -1  # allow the same time step again in this test
    device.save()
    device.throttle_reset()
    fresh.post(f"/konto/verifiera/?next=/samverkan/{vetlanda.slug}/", {"code": _code(device)})
    assert fresh.get(f"/samverkan/{vetlanda.slug}/").status_code == 200


def test_api_token_authenticates_and_can_be_revoked(login: Any, coordinator: Any,
                                                     client: Client) -> None:
    page = login(coordinator).post("/konto/", {"name": "Felanmälan", "valid_days": 30})
    raw = page.context["new_token"]
    assert raw.startswith("lft_")
    token = ApiToken.objects.get(user=coordinator)
    assert raw not in (token.token_hash, token.prefix)  # only the hash is stored
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/collaborations", **auth).status_code == 200
    assert client.get("/api/v1/collaborations",
                      HTTP_AUTHORIZATION="Bearer lft_wrong").status_code == 401
    login(coordinator).post(f"/konto/nycklar/{token.pk}/aterkalla/")
    assert client.get("/api/v1/collaborations", **auth).status_code == 401


def test_token_form_rejects_bad_input(login: Any, coordinator: Any) -> None:
    response = login(coordinator).post("/konto/", {"name": "", "valid_days": 9999})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
