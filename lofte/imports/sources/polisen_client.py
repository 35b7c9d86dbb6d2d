"""Polite live client for ``https://polisen.se/api/events``.

Polisen's rules (https://polisen.se/om-polisen/om-webbplatsen/oppna-data/regler-for-oppna-data/):
a meaningful User-Agent, HTTPS only, at least 10 s between calls, at most 60 calls/hour and
1,440/day, and a 404 is permanent. :class:`PolisenClient` enforces all of them in-process.
The API returns only the latest 500 events (about 7–11 days), so poll every 10–30 minutes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Final

import httpx

from lofte.imports.sources.categories import EventTypeMapping
from lofte.imports.sources.common import SourceFormatError
from lofte.imports.sources.geography import Gazetteer
from lofte.imports.sources.net import (
    DEFAULT_MAX_RESPONSE_SECONDS,
    RateLimiter,
    RetryPolicy,
    Sleep,
    SourceNotFoundError,
    send_with_retries,
    validate_user_agent,
)
from lofte.imports.sources.polisen import POLISEN_BASE_URL, PoliceEventRecord, parse_events

__all__ = ["EventsPayload", "PolisenClient", "polisen_rate_limiter"]

EVENTS_PATH: Final = "/api/events"
_DATE_TIME_FILTER_RE: Final = re.compile(r"^\d{4}-\d{2}(?:-\d{2}(?: \d{2})?)?$")


def polisen_rate_limiter(
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Sleep = time.sleep,
    max_wait: float | None = None,
) -> RateLimiter:
    """The limiter for Polisen's rules: ≥ 10 s apart, ≤ 60/hour, ≤ 1,440/day."""
    return RateLimiter(
        min_interval=10.0,
        windows=((60, 3600.0), (1440, 86400.0)),
        clock=clock,
        sleep=sleep,
        max_wait=max_wait,
    )


@dataclass(frozen=True, slots=True)
class EventsPayload:
    """A recorded API response: keep ``body`` to replay the import or to make fixtures."""

    url: str
    fetched_at: datetime
    body: bytes


class PolisenClient:
    """Fetches event notices politely. Use as a context manager or call :meth:`close`.

    Args:
        user_agent: app name and contact, e.g. ``"Lofte/0.1 (+https://kommun.se/lofte)"``;
            validated by :func:`~lofte.imports.sources.net.validate_user_agent`.
        base_url: ``https://polisen.se`` (must be HTTPS).
        transport: an ``httpx`` transport; tests pass ``httpx.MockTransport``.
        timeout: seconds for connect/read/write/pool.
        limiter: defaults to :func:`polisen_rate_limiter` (with ``clock``/``sleep``).
        retry: retry policy (429/5xx/timeouts, exponential backoff).
        clock, sleep: injectable time for the default limiter and for backoff.
        now: wall clock for ``fetched_at`` (aware UTC).
        max_bytes: response size ceiling.
        total_timeout: seconds an attempt may take to deliver the whole body (a server
            that trickles bytes never trips the per-read ``timeout``).
    """

    def __init__(
        self,
        user_agent: str,
        *,
        base_url: str = POLISEN_BASE_URL,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 20.0,
        limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        max_bytes: int = 20 * 1024 * 1024,
        total_timeout: float = DEFAULT_MAX_RESPONSE_SECONDS,
    ) -> None:
        if not base_url.startswith("https://"):
            raise ValueError("Polisens API får bara anropas över HTTPS")
        self.user_agent = validate_user_agent(user_agent)
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": self.user_agent, "Accept": "application/json"},
            follow_redirects=False,
        )
        self.limiter = limiter or polisen_rate_limiter(clock=clock, sleep=sleep)
        self.retry = retry or RetryPolicy(max_attempts=3, backoff_base=30.0, backoff_max=600.0)
        self._sleep = sleep
        self._now = now
        self.max_bytes = max_bytes
        if not 0 < total_timeout < float("inf"):
            raise ValueError("total_timeout ska vara ett positivt, ändligt antal sekunder")
        self.total_timeout = total_timeout
        self._gone: set[str] = set()

    def __enter__(self) -> PolisenClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the underlying HTTP connection pool."""
        self._client.close()

    def events_request(
        self,
        *,
        date_time: str | None = None,
        location_names: Sequence[str] = (),
        types: Sequence[str] = (),
    ) -> httpx.Request:
        """Build the GET request for ``/api/events`` with the documented filters.

        ``date_time``: ``"2026-08"``, ``"2026-08-21"`` or ``"2026-08-21 07"``.
        ``location_names`` / ``types``: joined with ``;``. Since 2026 almost all events are
        located at the län, so filter kommuner client-side on ``municipality_code`` rather
        than with ``locationname``.
        """
        params: dict[str, str] = {}
        if date_time is not None:
            if not _DATE_TIME_FILTER_RE.match(date_time):
                raise ValueError("DateTime ska vara 'ÅÅÅÅ-MM', 'ÅÅÅÅ-MM-DD' eller 'ÅÅÅÅ-MM-DD TT'")
            params["DateTime"] = date_time
        if location_names:
            params["locationname"] = ";".join(name.strip() for name in location_names)
        if types:
            params["type"] = ";".join(name.strip() for name in types)
        return self._client.build_request("GET", self.base_url + EVENTS_PATH, params=params)

    def fetch_events_payload(
        self,
        *,
        date_time: str | None = None,
        location_names: Sequence[str] = (),
        types: Sequence[str] = (),
    ) -> EventsPayload:
        """Fetch the raw JSON body (rate-limited, retried).

        Raises :class:`~lofte.imports.sources.net.SourceNotFoundError` on 404 (and without
        any network call for a URL that already gave 404),
        :class:`~lofte.imports.sources.net.SourceUnavailableError` when retries run out,
        :class:`~lofte.imports.sources.net.SourceFetchError` for other failures, and
        :class:`~lofte.imports.sources.net.RateLimitWouldBlockError` if the limiter has a
        ``max_wait`` that would be exceeded.
        """
        request = self.events_request(
            date_time=date_time, location_names=location_names, types=types
        )
        url = str(request.url)
        if url in self._gone:
            raise SourceNotFoundError(url, "gav tidigare HTTP 404; anropas inte igen", 404)
        try:
            fetched = send_with_retries(
                self._client,
                request,
                limiter=self.limiter,
                policy=self.retry,
                sleep=self._sleep,
                max_bytes=self.max_bytes,
                max_seconds=self.total_timeout,
            )
        except SourceNotFoundError:
            self._gone.add(url)
            raise
        return EventsPayload(url=url, fetched_at=self._now(), body=fetched.body)

    def fetch_events(
        self,
        *,
        date_time: str | None = None,
        location_names: Sequence[str] = (),
        types: Sequence[str] = (),
        gazetteer: Gazetteer | None = None,
        mapping: EventTypeMapping | None = None,
        errors: list[SourceFormatError] | None = None,
    ) -> list[PoliceEventRecord]:
        """Fetch and parse. Records carry the request URL as ``source_name``.

        With ``errors`` given, malformed records are collected there and skipped (see
        :func:`~lofte.imports.sources.polisen.parse_events`).

        Raises what :meth:`fetch_events_payload` raises, and
        :class:`~lofte.imports.sources.common.SourceFormatError` for a malformed payload.
        """
        payload = self.fetch_events_payload(
            date_time=date_time, location_names=location_names, types=types
        )
        return list(
            parse_events(
                payload.body, payload.url, gazetteer=gazetteer, mapping=mapping, errors=errors
            )
        )
