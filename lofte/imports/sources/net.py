"""Polite HTTP for the source clients: rate limiting, retries with backoff, size limits.

The clients (:mod:`~lofte.imports.sources.polisen_client`,
:mod:`~lofte.imports.sources.kolada`) share these pieces. Time is injected (``clock`` and
``sleep``), so tests run instantly with a fake clock and never assert real timings.

The limiter is per process. Run one poller per source (the background worker's schedule),
otherwise two processes together can exceed Polisen's 60 calls/hour.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Final

import httpx

__all__ = [
    "Clock",
    "FetchedBody",
    "RateLimitWouldBlockError",
    "RateLimiter",
    "RetryPolicy",
    "Sleep",
    "SourceFetchError",
    "SourceNotFoundError",
    "SourceUnavailableError",
    "send_with_retries",
    "validate_user_agent",
]

Clock = Callable[[], float]
"""Monotonic seconds, like :func:`time.monotonic`."""
Sleep = Callable[[float], None]
"""Blocks for the given seconds, like :func:`time.sleep`."""

DEFAULT_MAX_RESPONSE_BYTES: Final = 50 * 1024 * 1024
# httpx's timeouts apply to each read, so a server that trickles a byte at a time never
# trips them; every attempt also has a total deadline for receiving the whole body.
DEFAULT_MAX_RESPONSE_SECONDS: Final = 300.0


class SlowResponseError(Exception):
    """The body did not arrive within the attempt's total deadline."""


class SourceFetchError(Exception):
    """A network call to a source failed. ``str()`` is Swedish and names the URL."""

    def __init__(self, url: str, message: str, status_code: int | None = None) -> None:
        self.url = url
        self.status_code = status_code
        self.message = message
        super().__init__(f"{url}: {message}")


class SourceNotFoundError(SourceFetchError):
    """HTTP 404. Permanent by Polisen's rules: the resource must not be requested again."""


class SourceUnavailableError(SourceFetchError):
    """Retries exhausted on 429/5xx/timeouts/connection errors; try again at the next run."""


class RateLimitWouldBlockError(Exception):
    """The limiter would have to wait longer than the caller allowed (``max_wait``)."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(
            f"anropsgränsen är nådd; nästa anrop tillåts om {wait_seconds:.0f} sekunder"
        )


def validate_user_agent(user_agent: str) -> str:
    """Return ``user_agent`` stripped, or raise ``ValueError`` if it is not meaningful.

    Polisen answers 403 or blocks clients without a meaningful User-Agent (app name and
    preferably organisation/contact). We require printable ASCII (HTTP header safety), at
    least 8 characters, and not a library default such as ``python-httpx/0.28``.
    """
    stripped = user_agent.strip()
    if len(stripped) < 8 or not stripped.isascii() or not stripped.isprintable():
        raise ValueError(
            "User-Agent måste vara minst 8 skrivbara ASCII-tecken och ange app och kontakt, "
            "t.ex. 'Lofte/0.1 (+https://example.se/kontakt)'"
        )
    if stripped.lower().startswith(("python-httpx", "python-requests", "curl/", "wget/")):
        raise ValueError("User-Agent får inte vara ett biblioteks standardvärde")
    return stripped


class RateLimiter:
    """Blocking limiter: a minimum gap between calls plus sliding-window caps.

    ``RateLimiter(min_interval=10, windows=((60, 3600), (1440, 86400)))`` enforces Polisen's
    rules: ≥ 10 s between calls, ≤ 60 per hour, ≤ 1,440 per day. :meth:`acquire` sleeps
    until the next call is allowed and records it. With ``max_wait`` set, a call that would
    wait longer raises :class:`RateLimitWouldBlockError` instead (a scheduled job should
    skip a run rather than hang for an hour). Thread-safe.
    """

    def __init__(
        self,
        *,
        min_interval: float,
        windows: Sequence[tuple[int, float]] = (),
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        max_wait: float | None = None,
    ) -> None:
        if min_interval < 0 or any(count < 1 or seconds <= 0 for count, seconds in windows):
            raise ValueError("ogiltiga gränser för anropstakt")
        self.min_interval = min_interval
        self.windows = tuple(windows)
        self._clock = clock
        self._sleep = sleep
        self.max_wait = max_wait
        longest = max((count for count, _ in self.windows), default=1)
        self._history: deque[float] = deque(maxlen=longest)
        self._lock = threading.Lock()

    def wait_time(self) -> float:
        """Seconds until the next call is allowed (0 when it may go now)."""
        now = self._clock()
        wait = 0.0
        if self._history:
            wait = max(wait, self._history[-1] + self.min_interval - now)
        for count, seconds in self.windows:
            if len(self._history) >= count:
                # The call `count` calls back must have left the window.
                wait = max(wait, self._history[-count] + seconds - now)
        return max(wait, 0.0)

    def acquire(self) -> float:
        """Wait until a call is allowed, record it, and return the seconds slept."""
        with self._lock:
            slept = 0.0
            wait = self.wait_time()
            if self.max_wait is not None and wait > self.max_wait:
                raise RateLimitWouldBlockError(wait)
            while wait > 0:
                self._sleep(wait)
                slept += wait
                wait = self.wait_time()
            self._history.append(self._clock())
            return slept


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to retry.

    Attempt ``n`` (0-based) that fails with a retryable status, a timeout or a connection
    error waits ``min(backoff_max, backoff_base * 2**n)`` seconds, or the server's
    ``Retry-After`` if that is longer (capped at ``retry_after_max``). 404 is never retried.
    """

    max_attempts: int = 4
    backoff_base: float = 2.0
    backoff_max: float = 120.0
    retry_after_max: float = 3600.0
    retry_statuses: frozenset[int] = field(
        default_factory=lambda: frozenset({429, 500, 502, 503, 504})
    )

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt ``attempt`` (0-based)."""
        return float(min(self.backoff_max, self.backoff_base * 2.0**attempt))


def _retry_after_seconds(response: httpx.Response) -> float:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return 0.0
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    remaining: float = moment.timestamp() - time.time()
    return max(0.0, remaining)


def _read_limited(response: httpx.Response, url: str, max_bytes: int,
                  deadline: float = float("inf"), clock: Clock = time.monotonic) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise SourceFetchError(url, f"svaret är större än gränsen {max_bytes} byte")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise SourceFetchError(url, f"svaret är större än gränsen {max_bytes} byte")
        if clock() > deadline:
            raise SlowResponseError
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass(frozen=True, slots=True)
class FetchedBody:
    """A successful response: final URL, status and the (size-limited) body bytes."""

    url: str
    status_code: int
    body: bytes
    content_type: str


def send_with_retries(
    client: httpx.Client,
    request: httpx.Request,
    *,
    limiter: RateLimiter,
    policy: RetryPolicy,
    sleep: Sleep = time.sleep,
    max_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    max_seconds: float = DEFAULT_MAX_RESPONSE_SECONDS,
    clock: Clock = time.monotonic,
) -> FetchedBody:
    """Send ``request`` politely and return its body.

    1. Every attempt (retries included) first passes ``limiter.acquire()``.
    2. Timeouts and transport errors, and statuses in ``policy.retry_statuses``, are
       retried after :meth:`RetryPolicy.backoff` (or ``Retry-After``) up to
       ``policy.max_attempts`` attempts; then :class:`SourceUnavailableError`.
    3. 404 raises :class:`SourceNotFoundError` at once; other 3xx/4xx/5xx raise
       :class:`SourceFetchError` (redirects are not followed: Polisen may block
       redirected clients).
    4. The body is streamed and cut off with :class:`SourceFetchError` past ``max_bytes``;
       an attempt whose body has not arrived ``max_seconds`` after it was sent counts as a
       timeout (httpx's own timeouts are per read, so a trickling server never trips them).
    """
    url = str(request.url)
    last_problem = "okänt fel"
    for attempt in range(policy.max_attempts):
        limiter.acquire()
        deadline = clock() + max_seconds
        try:
            response = client.send(request, stream=True)
        except httpx.TransportError as error:
            last_problem = f"nätverksfel ({type(error).__name__})"
            if attempt + 1 < policy.max_attempts:
                sleep(policy.backoff(attempt))
            continue
        try:
            status = response.status_code
            if status == 404:
                raise SourceNotFoundError(url, "finns inte (HTTP 404); anropas inte igen", 404)
            if status in policy.retry_statuses:
                last_problem = f"HTTP {status}"
                if attempt + 1 < policy.max_attempts:
                    delay = max(
                        policy.backoff(attempt),
                        min(_retry_after_seconds(response), policy.retry_after_max),
                    )
                    sleep(delay)
                continue
            if status >= 300:
                hint = " (kontrollera User-Agent)" if status == 403 else ""
                raise SourceFetchError(url, f"oväntat svar HTTP {status}{hint}", status)
            try:
                body = _read_limited(response, url, max_bytes, deadline, clock)
            except SlowResponseError:
                last_problem = f"svaret kom för långsamt (inte klart efter {max_seconds:g} s)"
                if attempt + 1 < policy.max_attempts:
                    sleep(policy.backoff(attempt))
                continue
            except httpx.TransportError as error:
                last_problem = f"nätverksfel under läsning ({type(error).__name__})"
                if attempt + 1 < policy.max_attempts:
                    sleep(policy.backoff(attempt))
                continue
            return FetchedBody(
                url=url,
                status_code=status,
                body=body,
                content_type=response.headers.get("Content-Type", ""),
            )
        finally:
            response.close()
    raise SourceUnavailableError(url, f"gav upp efter {policy.max_attempts} försök: {last_problem}")
