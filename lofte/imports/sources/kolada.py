"""Kolada v3 (``https://api.kolada.se/v3``): value parser and paging client.

Response shape (docs/sources.md §Kolada)::

    {"count": 21, "values": [{"kpi": "N07540", "municipality": "0781", "period": 2025,
      "values": [{"gender": "T", "count": 1, "status": "", "value": 10905.4811,
                  "isdeleted": false}]}], "next_url": null}

Rules applied: rows with ``isdeleted`` true are dropped; ``value`` ``null`` is kept as
``None`` (never 0); municipality ids stay strings with their leading zero; paging follows
``next_url`` until it is null/empty; ids are sent at most 25 per path segment;
``per_page=5000``. Show "Källa: Kolada" next to Kolada figures, and never credit Kolada
for figures we derived ourselves.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import TracebackType
from typing import Final, Literal, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from lofte.imports.sources.common import SourceFormatError, describe
from lofte.imports.sources.config import KOLADA_KPI_ALLOW_LIST, KoladaKpi
from lofte.imports.sources.net import (
    DEFAULT_MAX_RESPONSE_SECONDS,
    RateLimiter,
    RetryPolicy,
    Sleep,
    SourceFetchError,
    send_with_retries,
    validate_user_agent,
)

__all__ = [
    "KOLADA_BASE_URL",
    "MAX_IDS_PER_SEGMENT",
    "KoladaClient",
    "KoladaPage",
    "KoladaValue",
    "chunked",
    "parse_kolada_page",
    "parse_kolada_values",
]

KOLADA_BASE_URL: Final = "https://api.kolada.se/v3"
MAX_IDS_PER_SEGMENT: Final = 25
PER_PAGE: Final = 5000

Gender = Literal["T", "K", "M"]
_GENDERS: Final[Mapping[str, Gender]] = {"T": "T", "K": "K", "M": "M"}
_KPI_RE: Final = re.compile(r"^[A-Z]\d{5}$")
_MUNICIPALITY_RE: Final = re.compile(r"^\d{4}$")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class KoladaValue:
    """One Kolada value.

    ``municipality_code`` is the 4-digit id (kommun ``"0781"``; regions ``"00"+län`` and
    ``"0000"`` for Riket are believed to follow the same form). ``gender``: ``T`` total,
    ``K`` kvinnor, ``M`` män. ``value`` is ``None`` when Kolada has no figure.
    ``row_number`` is the 1-based position of the value in the page.
    """

    kpi: str
    municipality_code: str
    year: int
    gender: Gender
    value: float | None
    status: str = ""
    source_name: str = ""
    row_number: int = 0


@dataclass(frozen=True, slots=True)
class KoladaPage:
    """A parsed page: its values, the next page's URL (``None`` at the end), and ``count``."""

    values: tuple[KoladaValue, ...]
    next_url: str | None
    count: int | None


def _load(payload: Mapping[str, object] | bytes | str, source_name: str) -> Mapping[str, object]:
    if isinstance(payload, Mapping):
        return payload
    try:
        loaded = json.loads(payload)
    except (ValueError, RecursionError) as error:
        raise SourceFormatError(source_name, None, None, "ogiltig JSON från Kolada") from error
    if not isinstance(loaded, Mapping):
        raise SourceFormatError(source_name, None, None, "Kolada-svaret är inte ett JSON-objekt")
    return loaded


def parse_kolada_page(
    payload: Mapping[str, object] | bytes | str, source_name: str = "kolada"
) -> KoladaPage:
    """Parse one Kolada data response (object, JSON text or bytes).

    Raises :class:`SourceFormatError` naming the value's position (``rad``) and field for
    a missing ``values`` list, bad KPI/municipality ids, a non-integer period, an unknown
    gender or a non-numeric value.
    """
    document = _load(payload, source_name)
    entries = document.get("values")
    if not isinstance(entries, list):
        raise SourceFormatError(source_name, None, "values", "listan 'values' saknas")
    parsed: list[KoladaValue] = []
    for row, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping):
            raise SourceFormatError(source_name, row, None, "värdet är inte ett JSON-objekt")
        kpi = entry.get("kpi")
        if not isinstance(kpi, str) or not _KPI_RE.match(kpi):
            raise SourceFormatError(source_name, row, "kpi", f"ogiltigt KPI-id {describe(kpi)}")
        municipality = entry.get("municipality")
        if not isinstance(municipality, str) or not _MUNICIPALITY_RE.match(municipality):
            raise SourceFormatError(
                source_name, row, "municipality", f"ogiltig kommunkod {describe(municipality)}"
            )
        period = entry.get("period")
        if isinstance(period, str) and period.isdigit():
            period = int(period)
        if isinstance(period, bool) or not isinstance(period, int) or not 1900 <= period <= 2200:
            raise SourceFormatError(source_name, row, "period", f"ogiltigt år {describe(period)}")
        genders = entry.get("values")
        if not isinstance(genders, list):
            raise SourceFormatError(source_name, row, "values", "listan med värden saknas")
        for item in genders:
            if not isinstance(item, Mapping):
                raise SourceFormatError(source_name, row, "values", "värdet är inte ett objekt")
            if item.get("isdeleted") is True:
                continue
            gender_text = item.get("gender")
            gender = _GENDERS.get(gender_text) if isinstance(gender_text, str) else None
            if gender is None:
                raise SourceFormatError(
                    source_name, row, "gender", f"okänt kön {describe(gender_text)} (T, K eller M)"
                )
            value = item.get("value")
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise SourceFormatError(
                    source_name,
                    row,
                    "value",
                    f"ska vara ett tal eller null, fick {describe(value)}",
                )
            status = item.get("status")
            parsed.append(
                KoladaValue(
                    kpi=kpi,
                    municipality_code=municipality,
                    year=period,
                    gender=gender,
                    value=None if value is None else float(value),
                    status=status if isinstance(status, str) else "",
                    source_name=source_name,
                    row_number=row,
                )
            )
    next_url = document.get("next_url")
    if next_url is not None and not isinstance(next_url, str):
        raise SourceFormatError(source_name, None, "next_url", "ska vara text eller null")
    count = document.get("count")
    return KoladaPage(
        values=tuple(parsed),
        next_url=next_url or None,
        count=count if isinstance(count, int) and not isinstance(count, bool) else None,
    )


def parse_kolada_values(
    payload: Mapping[str, object] | bytes | str, source_name: str = "kolada"
) -> list[KoladaValue]:
    """The values of one Kolada response; see :func:`parse_kolada_page`."""
    return list(parse_kolada_page(payload, source_name).values)


def chunked(items: Sequence[T], size: int = MAX_IDS_PER_SEGMENT) -> list[tuple[T, ...]]:
    """Split ``items`` into tuples of at most ``size`` (Kolada accepts 25 ids per segment)."""
    return [tuple(items[start : start + size]) for start in range(0, len(items), size)]


class KoladaClient:
    """Fetch Kolada values for allow-listed KPIs. Use as a context manager.

    Args:
        user_agent: app name and contact (validated).
        base_url: ``https://api.kolada.se/v3``.
        transport: ``httpx`` transport (tests: ``httpx.MockTransport``).
        timeout: seconds.
        limiter: default 5 requests/second at most (Kolada documents no limit; clients
            throttle like this).
        retry: default 4 attempts, backoff 1, 2, 4 s (429/5xx/timeouts).
        allowed_kpis: the pinned allow-list
            (:data:`~lofte.imports.sources.config.KOLADA_KPI_ALLOW_LIST`).
        max_pages: safety stop for a paging loop.
        total_timeout: seconds an attempt may take to deliver the whole body (a server
            that trickles bytes never trips the per-read ``timeout``).
    """

    def __init__(
        self,
        user_agent: str,
        *,
        base_url: str = KOLADA_BASE_URL,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = time.sleep,
        allowed_kpis: Mapping[str, KoladaKpi] = KOLADA_KPI_ALLOW_LIST,
        per_page: int = PER_PAGE,
        max_pages: int = 1000,
        max_bytes: int = 100 * 1024 * 1024,
        total_timeout: float = DEFAULT_MAX_RESPONSE_SECONDS,
    ) -> None:
        self.user_agent = validate_user_agent(user_agent)
        self.base_url = base_url.rstrip("/")
        self._base_parts = urlsplit(self.base_url)
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": self.user_agent, "Accept": "application/json"},
            follow_redirects=False,
        )
        self.limiter = limiter or RateLimiter(min_interval=0.2, clock=clock, sleep=sleep)
        self.retry = retry or RetryPolicy(max_attempts=4, backoff_base=1.0, backoff_max=60.0)
        self._sleep = sleep
        self.allowed_kpis = allowed_kpis
        self.per_page = per_page
        self.max_pages = max_pages
        self.max_bytes = max_bytes
        if not 0 < total_timeout < float("inf"):
            raise ValueError("total_timeout ska vara ett positivt, ändligt antal sekunder")
        self.total_timeout = total_timeout

    def __enter__(self) -> KoladaClient:
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

    def data_urls(
        self,
        kpis: Sequence[str],
        municipalities: Sequence[str] = (),
        years: Sequence[int] = (),
    ) -> list[str]:
        """The ``/data/kpi/…/municipality/…/year/…`` URLs covering the request.

        Validates the ids (KPIs must be allow-listed), requires KPIs plus municipalities
        and/or years (Kolada needs two of the three segments), and splits every id list
        into chunks of :data:`MAX_IDS_PER_SEGMENT`. Raises ``ValueError``.
        """
        kpi_ids = list(dict.fromkeys(kpi.strip() for kpi in kpis))
        municipality_ids = list(dict.fromkeys(code.strip() for code in municipalities))
        year_values = list(dict.fromkeys(years))
        if not kpi_ids:
            raise ValueError("minst ett KPI-id krävs")
        not_allowed = [kpi for kpi in kpi_ids if kpi not in self.allowed_kpis]
        if not_allowed:
            raise ValueError(f"KPI {', '.join(not_allowed)} finns inte i den godkända listan")
        bad = [code for code in municipality_ids if not _MUNICIPALITY_RE.match(code)]
        if bad:
            raise ValueError(f"ogiltiga kommunkoder: {', '.join(bad)}")
        if any(isinstance(y, bool) or not 1900 <= y <= 2200 for y in year_values):
            raise ValueError("ogiltigt år")
        if not municipality_ids and not year_values:
            raise ValueError("ange kommuner, år eller båda (Kolada kräver två av tre)")
        urls: list[str] = []
        municipality_chunks: list[tuple[str, ...]] = chunked(municipality_ids) or [()]
        year_chunks: list[tuple[int, ...]] = chunked(year_values) or [()]
        for kpi_chunk, municipality_chunk, year_chunk in itertools.product(
            chunked(kpi_ids), municipality_chunks, year_chunks
        ):
            path = f"{self.base_url}/data/kpi/{','.join(kpi_chunk)}"
            if municipality_chunk:
                path += f"/municipality/{','.join(municipality_chunk)}"
            if year_chunk:
                path += f"/year/{','.join(str(year) for year in year_chunk)}"
            urls.append(path)
        return urls

    def _checked_next_url(self, current: str, next_url: str) -> str:
        absolute = urljoin(current, next_url)
        parts = urlsplit(absolute)
        if parts.hostname != self._base_parts.hostname:
            raise SourceFetchError(
                current, f"next_url pekar på en annan värd ({parts.hostname}); avbryter"
            )
        # Never downgrade to http even if the API writes http:// in next_url.
        return urlunsplit((self._base_parts.scheme, *parts[1:]))

    def iter_pages(self, url: str, params: Mapping[str, str] | None = None) -> Iterator[KoladaPage]:
        """Yield the parsed pages of ``url``, following ``next_url`` until it is empty.

        Raises :class:`~lofte.imports.sources.net.SourceFetchError` (or a subclass) for
        network trouble, a foreign or repeated ``next_url`` or more than ``max_pages``
        pages, and :class:`SourceFormatError` for a malformed page.
        """
        request = self._client.build_request(
            "GET", url, params={"per_page": str(self.per_page), **(params or {})}
        )
        seen: set[str] = set()
        for _ in range(self.max_pages):
            current = str(request.url)
            seen.add(current)
            fetched = send_with_retries(
                self._client,
                request,
                limiter=self.limiter,
                policy=self.retry,
                sleep=self._sleep,
                max_bytes=self.max_bytes,
                max_seconds=self.total_timeout,
            )
            page = parse_kolada_page(fetched.body, source_name=current)
            yield page
            if page.next_url is None:
                return
            next_url = self._checked_next_url(current, page.next_url)
            if next_url in seen:
                raise SourceFetchError(current, "next_url upprepar en redan hämtad sida")
            request = self._client.build_request("GET", next_url)
        raise SourceFetchError(url, f"fler än {self.max_pages} sidor; avbryter")

    def fetch_values(
        self,
        kpis: Sequence[str],
        municipalities: Sequence[str] = (),
        years: Sequence[int] = (),
        *,
        updated_since: date | None = None,
    ) -> list[KoladaValue]:
        """All values for the KPIs × municipalities × years, across chunks and pages.

        ``updated_since`` sends ``from_date=YYYY-MM-DD`` (only values updated since then).
        """
        params = {"from_date": updated_since.isoformat()} if updated_since else {}
        values: list[KoladaValue] = []
        for url in self.data_urls(kpis, municipalities, years):
            for page in self.iter_pages(url, params):
                values.extend(page.values)
        return values
