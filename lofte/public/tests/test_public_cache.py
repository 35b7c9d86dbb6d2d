"""The server-side cache of public responses: served again while nothing changed, stale at
once after a publication or a new record, never shared with signed-in visitors."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from lofte.core import cache as lofte_cache
from lofte.promises import queries, services
from lofte.promises.tests.factories import first_activity, membership, published_promise

pytestmark = pytest.mark.django_db
API = "/api/v1/public/municipalities/0685/promises"
PAGE = "/offentlig/0685/"
FEED = "/offentlig/0685/flode.atom"


@pytest.fixture(autouse=True)
def public_cache_on(settings: Any) -> None:
    settings.LOFTE_PUBLIC_CACHE_SECONDS = 300


@pytest.fixture
def promise(vetlanda: Any, coordinator: Any, police_coordinator: Any) -> Any:
    return published_promise(vetlanda, coordinator, police_coordinator,
                             title="Medborgarlöfte i Vetlanda")


def _publish_follow_up(promise: Any, coordinator: Any, police_coordinator: Any,
                       vetlanda: Any) -> None:
    follow_up = services.compose_follow_up(coordinator, promise, period_kind="tertial",
                                           year=queries.today().year, number=1)
    services.approve_follow_up(coordinator, follow_up, membership(coordinator, vetlanda))
    services.approve_follow_up(police_coordinator, follow_up,
                               membership(police_coordinator, vetlanda))
    follow_up.refresh_from_db()
    services.publish_follow_up(coordinator, follow_up)


def test_second_request_is_served_from_the_cache(client: Any, promise: Any,
                                                 django_assert_max_num_queries: Any) -> None:
    first = client.get(PAGE)
    assert first.status_code == 200
    # The database cache reads the version token and the page: no page queries.
    with django_assert_max_num_queries(2):
        second = client.get(PAGE)
    assert second.status_code == 200
    assert "Medborgarlöfte i Vetlanda" in second.content.decode()
    assert second["Cache-Control"] == first["Cache-Control"]
    client.get(API)
    with django_assert_max_num_queries(2):
        body = client.get(API).json()
    assert body["promises"][0]["title"] == "Medborgarlöfte i Vetlanda"


def test_publishing_a_follow_up_shows_at_once(client: Any, promise: Any, coordinator: Any,
                                              police_coordinator: Any, vetlanda: Any,
                                              django_capture_on_commit_callbacks: Any) -> None:
    before = {url: client.get(url).content.decode() for url in (PAGE, FEED, API, "/offentlig/")}
    assert "Tertial 1" not in before[PAGE]
    assert '"follow_ups":[]' in before[API].replace(" ", "")
    with django_capture_on_commit_callbacks(execute=True):
        _publish_follow_up(promise, coordinator, police_coordinator, vetlanda)
    assert "Tertial 1" in client.get(PAGE).content.decode()
    assert "Tertial 1" in client.get(FEED).content.decode()
    assert client.get(API).json()["promises"][0]["follow_ups"][0]["label"].startswith("Tertial 1")


def test_a_new_record_changes_the_published_progress(client: Any, promise: Any,
                                                     coordinator: Any) -> None:
    def done() -> int:
        return int(client.get(API).json()["promises"][0]["activities"][0]["progress"]["done"])

    assert done() == 0
    services.record_activity(coordinator, first_activity(promise),
                             performed_on=dt.date(queries.today().year, 1, 5))
    assert done() == 1


def test_a_cached_form_gets_each_visitors_own_csrf_token(rf: Any) -> None:
    from django.http import HttpResponse
    from django.middleware.csrf import _unmask_cipher_token, get_token

    def view(request: Any) -> HttpResponse:
        return HttpResponse(f'<form><input type="hidden" name="csrfmiddlewaretoken" '
                            f'value="{get_token(request)}"></form>')

    cached = lofte_cache.public_response(view)
    seen = []
    for _ in range(3):
        request = rf.get("/offentlig/form/")
        body = cached(request).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert token is not None
        # the visitor's own secret, which the middleware then sets as their cookie
        assert _unmask_cipher_token(token.group(1)) == request.META["CSRF_COOKIE"]
        seen.append(request.META["CSRF_COOKIE"])
    assert len(set(seen)) == 3


def test_public_pages_set_no_cookie(client: Any, promise: Any) -> None:
    for _ in range(2):
        response = client.get(PAGE)
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()


def test_signed_in_visitors_are_not_served_the_shared_copy(
        client: Any, promise: Any, coordinator: Any,
        django_assert_max_num_queries: Any) -> None:
    client.get(PAGE)
    client.force_login(coordinator)
    with django_assert_max_num_queries(50) as queries_run:
        client.get(PAGE)
    assert not any("lofte_cache" in q["sql"] for q in queries_run.captured_queries)


def test_bump_after_commit_gives_a_token_never_seen(
        django_capture_on_commit_callbacks: Any) -> None:
    first = lofte_cache.version("test")
    with django_capture_on_commit_callbacks(execute=True):
        lofte_cache.bump_after_commit("test")
        assert lofte_cache.version("test") == first
    assert lofte_cache.version("test") != first
    from django.core.cache import cache

    cache.delete(lofte_cache.VERSION_PREFIX + "test")  # evicted: a new token, not the old one
    assert lofte_cache.version("test") not in {first}


def test_a_query_string_is_neither_cached_nor_served_from_the_cache(
        client: Any, promise: Any, django_assert_max_num_queries: Any) -> None:
    client.get(PAGE)
    with django_assert_max_num_queries(2):
        client.get(PAGE)
    from django.core.cache import cache

    before = cache.get(lofte_cache.VERSION_PREFIX + lofte_cache.PUBLIC)
    with django_assert_max_num_queries(50) as run:
        assert client.get(PAGE + "?utm=x").status_code == 200
    assert len(run.captured_queries) > 2  # computed
    assert not any("INSERT" in q["sql"] and "lofte_cache" in q["sql"]
                   for q in run.captured_queries)
    assert cache.get(lofte_cache.VERSION_PREFIX + lofte_cache.PUBLIC) == before
