"""Sign-in through the kommun's identity provider (OpenID Connect).

The browser round trip to a real provider cannot run here; these tests cover Löfte's own part:
mapping the provider's claims to accounts, and that the sign-in is off unless configured.
"""

from __future__ import annotations

from typing import Any

import pytest

from lofte.accounts.oidc import LofteOIDCBackend

pytestmark = pytest.mark.django_db

OIDC_SETTINGS = {
    "OIDC_RP_CLIENT_ID": "lofte", "OIDC_RP_CLIENT_SECRET": "hemligt",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.se/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.se/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example.se/userinfo",
    "OIDC_RP_SIGN_ALGO": "HS256",
}


def test_new_person_gets_an_account_without_password_or_memberships(
    settings: Any, django_user_model: Any
) -> None:
    for key, value in OIDC_SETTINGS.items():
        setattr(settings, key, value)
    backend = LofteOIDCBackend()
    claims = {"sub": "abc", "email": "anna.berg@vetlanda.se", "given_name": "Anna",
              "family_name": "Berg"}
    assert backend.filter_users_by_claims(claims).count() == 0
    user = backend.create_user(claims)
    assert user.username == "anna.berg@vetlanda.se"
    assert user.get_full_name() == "Anna Berg"
    assert not user.has_usable_password()
    assert not user.memberships.exists()
    assert list(backend.filter_users_by_claims(claims)) == [user]


def test_existing_account_is_matched_by_email_and_names_updated(
    settings: Any, coordinator: Any
) -> None:
    for key, value in OIDC_SETTINGS.items():
        setattr(settings, key, value)
    backend = LofteOIDCBackend()
    claims = {"sub": "x", "email": coordinator.email, "given_name": "Sara",
              "family_name": "Lindqvist"}
    assert list(backend.filter_users_by_claims(claims)) == [coordinator]
    backend.update_user(coordinator, claims)
    coordinator.refresh_from_db()
    assert coordinator.get_full_name() == "Sara Lindqvist"


def test_oidc_sign_in_is_off_by_default(client: Any) -> None:
    assert client.get("/oidc/authenticate/").status_code == 404
    assert "Logga in med" not in client.get("/konto/logga-in/").content.decode()
