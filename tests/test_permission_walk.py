"""Walk every URL and API endpoint for every persona against the permission matrix.

Every page under ``/samverkan/<slug>/`` must be guarded by ``@scoped(action)``; for each
persona the walk checks the answer against ``permissions.MATRIX``: allowed roles never get 403
or a server error, other roles get 403, people outside the collaboration get 404 and anonymous
visitors are sent to the login page. API operations are walked from the OpenAPI document.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from lofte.organisations.permissions import MATRIX, allowed, render_markdown

pytestmark = pytest.mark.django_db

PERSONAS = ["coordinator", "police_coordinator", "analyst", "reporter", "reader",
            "administrator", "outsider"]
MISSING_ID = "987654"


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any, str]]:
    found: list[tuple[str, Any, str]] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            found += _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            found.append((prefix + str(p.pattern), p.callback, p.name or ""))
    return found


def _concrete(route: str, slug: str) -> str | None:
    if route.startswith("^") or "(?P" in route:
        return None  # regex routes (admin internals, static) are not walked
    def fill(match: re.Match[str]) -> str:
        converter, name = (match.group(1) or "str"), match.group(2)
        if name == "slug":
            return slug
        if converter == "int":
            return MISSING_ID
        if name in {"code", "kommunkod", "municipality_code"}:
            return "0685"
        return "okand"
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def _scoped_routes() -> list[tuple[str, Any, str]]:
    routes = _walk(get_resolver().url_patterns)
    return [r for r in routes if r[0].startswith("samverkan/<slug:slug>")]


def test_every_collaboration_page_is_guarded_by_a_known_action() -> None:
    unguarded = [route for route, callback, _ in _scoped_routes()
                 if getattr(callback, "lofte_action", None) not in MATRIX]
    assert not unguarded, f"Sidor utan @scoped(åtgärd) ur behörighetsmatrisen: {unguarded}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_collaboration_pages_follow_the_matrix(request: Any, persona: str, login: Any,
                                               vetlanda: Any) -> None:
    user = request.getfixturevalue(persona)
    client = login(user)
    membership = user.memberships.filter(collaboration=vetlanda).first()
    role = membership.role if membership else None
    failures = []
    for route, callback, name in _scoped_routes():
        url = _concrete(route, vetlanda.slug)
        if url is None:
            continue
        status = client.get(url).status_code
        action = callback.lofte_action
        if status == 405:
            continue  # POST-only endpoint; the same check runs before any data is read
        if role is None:
            ok = status == 404
        elif allowed(role, action):
            ok = status in {200, 302, 404} and status < 500
        else:
            ok = status == 403
        if not ok:
            failures.append(f"{url} ({name}, {action}) gav {status} för {persona}/{role}")
    assert not failures, "\n".join(failures)


def test_anonymous_visitors_are_sent_to_login_or_refused(client: Any, vetlanda: Any) -> None:
    failures = []
    for route, _callback, name in _scoped_routes():
        url = _concrete(route, vetlanda.slug)
        if url is None:
            continue
        response = client.get(url)
        if response.status_code == 405:
            continue
        if not (response.status_code == 302 and "/konto/logga-in/" in response["Location"]):
            failures.append(f"{url} ({name}) gav {response.status_code}")
    assert not failures, "\n".join(failures)


def test_no_page_gives_a_server_error_to_anyone(client: Any, login: Any, coordinator: Any,
                                                vetlanda: Any) -> None:
    failures = []
    for route, _callback, name in _walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "samverkan/<slug:slug>")):
            continue
        url = _concrete(route, vetlanda.slug)
        if url is None:
            continue
        for who, c in (("anonym", client), ("samordnare", login(coordinator))):
            status = c.get(url).status_code
            if status >= 500:
                failures.append(f"{url} ({name}) gav {status} för {who}")
    assert not failures, "\n".join(failures)


def _api_operations(client: Any) -> list[tuple[str, str, bool]]:
    schema = client.get("/api/v1/openapi.json").json()
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append((method, path, bool(operation.get("security"))))
    return operations


def _api_url(path: str, slug: str) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "slug":
            return slug
        if name in {"code", "kommunkod"}:
            return "0685"
        return MISSING_ID
    return re.sub(r"\{(\w+)\}", fill, path)


def test_api_requires_authentication_where_declared(client: Any, vetlanda: Any) -> None:
    failures = []
    for method, path, secured in _api_operations(client):
        if method != "get":
            response = getattr(client, method)(_api_url(path, vetlanda.slug),
                                               content_type="application/json", data="{}")
            if secured and response.status_code not in {401, 403}:
                failures.append(f"{method.upper()} {path}: {response.status_code} utan inloggning")
            continue
        response = client.get(_api_url(path, vetlanda.slug))
        if secured and response.status_code != 401:
            failures.append(f"GET {path}: {response.status_code} utan inloggning")
        if response.status_code >= 500:
            failures.append(f"GET {path}: serverfel {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_never_leaks_another_collaboration(request: Any, persona: str, login: Any,
                                               vetlanda: Any) -> None:
    user = request.getfixturevalue(persona)
    client = login(user)
    is_member = user.memberships.filter(collaboration=vetlanda).exists()
    failures = []
    for method, path, secured in _api_operations(client):
        if method != "get" or not secured:
            continue
        response = client.get(_api_url(path, vetlanda.slug))
        if response.status_code >= 500:
            failures.append(f"GET {path}: serverfel")
        if "{slug}" in path and not is_member and response.status_code != 404:
            failures.append(f"GET {path}: {response.status_code} för utomstående {persona}")
    assert not failures, "\n".join(failures)


def test_permissions_document_is_current() -> None:
    path = Path(__file__).resolve().parents[1] / "docs" / "permissions.md"
    assert path.read_text(encoding="utf-8") == render_markdown(), (
        "docs/permissions.md är inaktuell: kör `lofte permissions_doc`"
    )
