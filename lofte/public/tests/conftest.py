from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    """Personas are created per test; Argon2 is deliberately slow, so tests hash with MD5."""
    settings.PASSWORD_HASHERS = [  # type: ignore[attr-defined]
        "django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_public_cache(settings: object) -> None:
    """Query counts here are those of computing an answer; test_public_cache.py turns the
    response cache back on."""
    settings.LOFTE_PUBLIC_CACHE_SECONDS = 0  # type: ignore[attr-defined]
