"""Shared fixtures for browser tests in Debian's Chromium through Playwright.

Browser tests are marked ``browser``. They skip (visibly) when Chromium is missing or
``LOFTE_SKIP_BROWSER`` is set — except in CI (``CI=true``), where they are required.
Screenshots land in ``test-artifacts/`` for people to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "tests" / "browser" / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync",
]


def browser_unavailable_reason() -> str | None:
    if os.environ.get("LOFTE_SKIP_BROWSER") and not IN_CI:
        return "LOFTE_SKIP_BROWSER är satt"
    if not os.path.exists(CHROMIUM):
        return f"Chromium saknas ({CHROMIUM}); installera Debians paket 'chromium'"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = browser_unavailable_reason()
    if reason:
        if IN_CI:
            pytest.fail(f"Webbläsartester krävs i CI: {reason}")
        pytest.skip(f"OBS: webbläsartest hoppades över – {reason}")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _context(browser: Any, **kwargs: Any) -> Any:
    # bypass_csp only lets the test inject axe-core; the pages themselves run under the real CSP.
    context = browser.new_context(
        locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True, **kwargs
    )
    # The closed network must not slow tests down: only the test server is reachable.
    context.route(
        lambda url: not url.startswith(("http://localhost", "http://127.0.0.1", "data:", "blob:")),
        lambda route: route.abort(),
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = _context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = _context(
        browser, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
        has_touch=True, geolocation={"latitude": 57.4275, "longitude": 15.0853},
        permissions=["geolocation"],
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_check() -> Callable[..., list[dict[str, Any]]]:
    """Run axe-core on the page; fail on serious or critical violations (WCAG 2.1 AA)."""

    def check(page: Any, *, name: str = "page") -> list[dict[str, Any]]:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
            for v in serious
        )
        assert not serious, f"Tillgänglighetsfel på {name}:\n{details}"
        return result["violations"]  # type: ignore[no-any-return]

    return check


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    def take(page: Any, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page: Any, live_server: Any, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("networkidle")
