"""The shared browser fixtures (tests/browser/conftest.py) for the browser tests here."""

from tests.browser.conftest import (  # noqa: F401 - pytest finds fixtures by name
    axe_check,
    browser,
    page,
    phone_page,
    screenshot,
)
