"""Fixtures of the promises tests (browser fixtures come from lofte/testing/browser.py)."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    """Personas are created per test; Argon2 is deliberately slow, so tests hash with MD5."""
    settings.PASSWORD_HASHERS = [  # type: ignore[attr-defined]
        "django.contrib.auth.hashers.MD5PasswordHasher"]
