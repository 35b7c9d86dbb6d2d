"""The shared browser fixtures (tests/browser/conftest.py) for the browser tests here."""

import pytest

from tests.browser.conftest import (  # noqa: F401 - pytest finds fixtures by name
    axe_check,
    browser,
    page,
    phone_page,
    screenshot,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    """Personas are created per test; Argon2 is deliberately slow, so tests hash with MD5."""
    settings.PASSWORD_HASHERS = [  # type: ignore[attr-defined]
        "django.contrib.auth.hashers.MD5PasswordHasher"]
