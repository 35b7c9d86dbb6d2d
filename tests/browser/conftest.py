"""Browser fixtures (``browser``, ``page``, ``phone_page``, ``axe_check``, ``screenshot``) are
registered once for the whole suite from ``lofte/testing/browser.py`` by the root conftest —
one Chromium per test session. ``sign_in`` is re-exported here for the tests that import it."""

from __future__ import annotations

from lofte.testing.browser import sign_in

__all__ = ["sign_in"]
