from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest
import respx

from lofte.imports.sources.common import SourceFormatError
from lofte.imports.sources.net import (
    RateLimiter,
    RateLimitWouldBlockError,
    RetryPolicy,
    SourceFetchError,
    SourceNotFoundError,
    SourceUnavailableError,
    validate_user_agent,
)
from lofte.imports.sources.polisen_client import PolisenClient, polisen_rate_limiter
from lofte.imports.sources.tests.conftest import FIXTURES
from lofte.imports.sources.tests.fakes import FakeClock, RecordingHandler

USER_AGENT = "Lofte-test/0.1 (+https://example.se/kontakt)"
BODY = (FIXTURES / "polisen_events_docs_1_6.json").read_bytes()


def ok(_: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY, headers={"Content-Type": "application/json"})


def status(
    code: int, headers: dict[str, str] | None = None
) -> Callable[[httpx.Request], httpx.Response]:
    return lambda _: httpx.Response(code, headers=headers or {})


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


def make_client(handler: RecordingHandler, clock: FakeClock) -> PolisenClient:
    return PolisenClient(
        USER_AGENT,
        transport=handler.transport(),
        clock=clock,
        sleep=clock.sleep,
        now=lambda: datetime(2026, 8, 22, 12, 0, tzinfo=UTC),
    )


def test_fetch_parses_recorded_payload_and_sends_user_agent() -> None:
    clock = FakeClock()
    handler = RecordingHandler(ok)
    with make_client(handler, clock) as client:
        records = client.fetch_events(location_names=["Ljungby", "Älmhult"], types=["Brand"])
    assert len(records) == 12
    request = handler.requests[0]
    assert request.headers["User-Agent"] == USER_AGENT
    assert request.url.host == "polisen.se"
    assert request.url.scheme == "https"
    assert request.url.path == "/api/events"
    assert request.url.params["locationname"] == "Ljungby;Älmhult"
    assert request.url.params["type"] == "Brand"
    assert records[0].source_name == str(request.url)
    assert clock.sleeps == []


def test_malformed_records_can_be_collected_instead_of_failing() -> None:
    broken = BODY.replace(b'"id": 619336', b'"id": "619336"')
    clock = FakeClock()
    errors: list[SourceFormatError] = []
    handler = RecordingHandler(lambda _: httpx.Response(200, content=broken))
    with make_client(handler, clock) as client:
        records = client.fetch_events(errors=errors)
        assert len(records) == 11
        assert [(error.row, error.field) for error in errors] == [(1, "id")]
        with pytest.raises(SourceFormatError):
            client.fetch_events()


def test_payload_keeps_raw_body_for_replay() -> None:
    clock = FakeClock()
    with make_client(RecordingHandler(ok), clock) as client:
        payload = client.fetch_events_payload(date_time="2026-08-21 07")
    assert payload.body == BODY
    assert payload.fetched_at == datetime(2026, 8, 22, 12, 0, tzinfo=UTC)
    assert "DateTime=2026-08-21+07" in payload.url


def test_consecutive_calls_are_at_least_ten_seconds_apart() -> None:
    clock = FakeClock()
    with make_client(RecordingHandler(ok), clock) as client:
        client.fetch_events_payload()
        clock.now += 3
        client.fetch_events_payload()
    assert clock.sleeps == [7]


def test_retries_429_with_backoff_and_retry_after() -> None:
    clock = FakeClock()
    handler = RecordingHandler(status(429, {"Retry-After": "900"}), status(503), ok)
    with make_client(handler, clock) as client:
        records = client.fetch_events()
    assert len(records) == 12
    assert len(handler.requests) == 3
    # 429 waits Retry-After (900 > backoff 30); 503 waits backoff 60. The limiter's own
    # 10 s gap is already covered by those waits.
    assert clock.sleeps == [900, 60]


def test_timeouts_are_retried() -> None:
    clock = FakeClock()
    handler = RecordingHandler(timeout, ok)
    with make_client(handler, clock) as client:
        assert len(client.fetch_events()) == 12
    assert len(handler.requests) == 2


def test_gives_up_after_max_attempts() -> None:
    clock = FakeClock()
    handler = RecordingHandler(status(502))
    with make_client(handler, clock) as client, pytest.raises(SourceUnavailableError) as caught:
        client.fetch_events()
    assert len(handler.requests) == 3
    assert "HTTP 502" in str(caught.value)


def test_404_is_permanent_and_never_requested_again() -> None:
    clock = FakeClock()
    handler = RecordingHandler(status(404), ok)
    with make_client(handler, clock) as client:
        with pytest.raises(SourceNotFoundError):
            client.fetch_events(date_time="2018-03")
        with pytest.raises(SourceNotFoundError):
            client.fetch_events(date_time="2018-03")
        assert len(client.fetch_events(date_time="2018-04")) == 12
    assert len(handler.requests) == 2


@pytest.mark.parametrize("code", [403, 400, 301])
def test_other_errors_are_not_retried(code: int) -> None:
    clock = FakeClock()
    handler = RecordingHandler(status(code, {"Location": "http://polisen.se/api/events"}))
    with make_client(handler, clock) as client, pytest.raises(SourceFetchError) as caught:
        client.fetch_events()
    assert len(handler.requests) == 1
    assert caught.value.status_code == code


def test_oversized_response_is_cut_off() -> None:
    clock = FakeClock()
    handler = RecordingHandler(lambda _: httpx.Response(200, content=b"[" + b" " * 5000 + b"]"))
    client = PolisenClient(
        USER_AGENT,
        transport=handler.transport(),
        clock=clock,
        sleep=clock.sleep,
        max_bytes=1000,
    )
    with client, pytest.raises(SourceFetchError, match="större än gränsen"):
        client.fetch_events()


@pytest.mark.parametrize(
    "user_agent", ["", "python-httpx/0.28.1", "kort", "Löfte/0.1 (kontakt)", "a\nb" * 5]
)
def test_meaningless_user_agents_are_refused(user_agent: str) -> None:
    with pytest.raises(ValueError, match="User-Agent"):
        validate_user_agent(user_agent)


def test_http_base_url_is_refused() -> None:
    with pytest.raises(ValueError, match="HTTPS"):
        PolisenClient(USER_AGENT, base_url="http://polisen.se")


def test_bad_date_time_filter_is_refused() -> None:
    with PolisenClient(USER_AGENT) as client, pytest.raises(ValueError):
        client.events_request(date_time="igår")


def test_limiter_enforces_sixty_per_hour() -> None:
    clock = FakeClock(start=0.0)
    limiter = polisen_rate_limiter(clock=clock, sleep=clock.sleep)
    for _ in range(60):
        limiter.acquire()
    assert clock.now == 590  # 59 gaps of 10 s
    limiter.acquire()
    assert clock.now == 3600  # the 61st waits for the first to leave the hour
    assert limiter.acquire() == 10


def test_limiter_enforces_daily_cap() -> None:
    clock = FakeClock(start=0.0)
    limiter = RateLimiter(min_interval=0, windows=((3, 100.0),), clock=clock, sleep=clock.sleep)
    for _ in range(3):
        assert limiter.acquire() == 0
    assert limiter.wait_time() == 100
    clock.now = 40
    assert limiter.acquire() == 60


def test_limiter_max_wait_refuses_instead_of_hanging() -> None:
    clock = FakeClock(start=0.0)
    limiter = polisen_rate_limiter(clock=clock, sleep=clock.sleep, max_wait=5)
    limiter.acquire()
    with pytest.raises(RateLimitWouldBlockError) as caught:
        limiter.acquire()
    assert caught.value.wait_seconds == 10
    assert clock.sleeps == []


def test_retry_policy_backoff_is_exponential_and_capped() -> None:
    policy = RetryPolicy(backoff_base=2, backoff_max=20)
    assert [policy.backoff(n) for n in range(6)] == [2, 4, 8, 16, 20, 20]


def test_works_against_respx_router() -> None:
    clock = FakeClock()
    with respx.mock(assert_all_called=True) as router:
        route = router.get("https://polisen.se/api/events").mock(
            side_effect=[httpx.Response(500), httpx.Response(200, content=BODY)]
        )
        with PolisenClient(USER_AGENT, clock=clock, sleep=clock.sleep) as client:
            records = client.fetch_events()
    assert route.call_count == 2
    assert {record.municipality_code for record in records} >= {"0781", "0685", "0765"}
