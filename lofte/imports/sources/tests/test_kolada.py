from __future__ import annotations

import contextlib
import json

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lofte.imports.sources.common import SourceFormatError
from lofte.imports.sources.config import KOLADA_KPI_ALLOW_LIST
from lofte.imports.sources.kolada import (
    KoladaClient,
    chunked,
    parse_kolada_page,
    parse_kolada_values,
)
from lofte.imports.sources.net import SourceFetchError
from lofte.imports.sources.tests.conftest import FIXTURES
from lofte.imports.sources.tests.fakes import FakeClock, RecordingHandler

USER_AGENT = "Lofte-test/0.1 (+https://example.se/kontakt)"
DOCS_ENVELOPE = FIXTURES / "kolada_n07540_2025_docs_2_4.json"  # real values, assembled envelope
PAGE1 = FIXTURES / "kolada_paging_page1.json"  # real values, assembled envelope and paging
PAGE2 = FIXTURES / "kolada_paging_page2.json"
CODES = ["0780", "0764", "0682", "0686", "0684", "0604", "0687", "0180", "0781", "0765", "0767"]


def test_documented_values_parse_exactly() -> None:
    values = parse_kolada_values(DOCS_ENVELOPE.read_bytes(), "kolada.json")
    assert [(v.kpi, v.municipality_code, v.year, v.gender, v.value) for v in values] == [
        ("N07540", "0781", 2025, "T", 10905.4811),
        ("N07540", "0765", 2025, "T", 10019.30063),
        ("N07540", "0767", 2025, "T", 11323.23232),
        ("N07540", "0685", 2025, "T", 8730.69418),
    ]
    assert values[2].row_number == 3
    assert values[0].source_name == "kolada.json"


def test_deleted_dropped_null_kept_and_genders_split() -> None:
    payload = {
        "values": [
            {
                "kpi": "N07403",
                "municipality": "0781",
                "period": "2024",
                "values": [
                    {"gender": "T", "value": None, "status": "", "isdeleted": False},
                    {"gender": "K", "value": 12.5, "status": "OK"},
                    {"gender": "M", "value": 3, "isdeleted": True},
                ],
            }
        ],
        "next_url": "",
    }
    page = parse_kolada_page(payload)
    assert [(v.gender, v.value, v.status) for v in page.values] == [
        ("T", None, ""),
        ("K", 12.5, "OK"),
    ]
    assert page.values[0].year == 2024
    assert page.next_url is None


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"kpi": "n07540"}, "kpi"),
        ({"municipality": 781}, "municipality"),
        ({"municipality": "781"}, "municipality"),
        ({"period": 20.25}, "period"),
        ({"period": True}, "period"),
        ({"values": None}, "values"),
        ({"values": [{"gender": "X", "value": 1}]}, "gender"),
        ({"values": [{"gender": "T", "value": "1,5"}]}, "value"),
        ({"values": [{"gender": "T", "value": float("nan")}]}, "value"),
    ],
)
def test_malformed_values_are_reported(entry: dict[str, object], field: str) -> None:
    good: dict[str, object] = {
        "kpi": "N07540",
        "municipality": "0781",
        "period": 2025,
        "values": [{"gender": "T", "value": 1.0}],
    }
    payload = {"values": [good, {**good, **entry}]}
    with pytest.raises(SourceFormatError) as caught:
        parse_kolada_values(payload, "k.json")
    assert (caught.value.row, caught.value.field) == (2, field)


def test_payload_that_is_not_an_envelope() -> None:
    with pytest.raises(SourceFormatError):
        parse_kolada_values(b"[]")
    with pytest.raises(SourceFormatError):
        parse_kolada_values("{")
    with pytest.raises(SourceFormatError, match="values"):
        parse_kolada_values({"next_url": None})


def test_allow_list_is_pinned() -> None:
    assert set(KOLADA_KPI_ALLOW_LIST) == {"N07540", "N07403", "N01951"}


def test_chunked_splits_in_25s() -> None:
    assert [len(chunk) for chunk in chunked(list(range(60)))] == [25, 25, 10]
    assert chunked([]) == []


def test_client_follows_next_url_across_two_pages() -> None:
    pages = iter([PAGE1.read_bytes(), PAGE2.read_bytes()])
    handler = RecordingHandler(lambda _: httpx.Response(200, content=next(pages)))
    clock = FakeClock()
    with KoladaClient(
        USER_AGENT, transport=handler.transport(), clock=clock, sleep=clock.sleep
    ) as client:
        values = client.fetch_values(["N07540", "N01951"], CODES, [2025])
    assert len(handler.requests) == 2
    first, second = handler.requests
    assert first.url.path == (
        "/v3/data/kpi/N07540,N01951/municipality/" + ",".join(CODES) + "/year/2025"
    )
    assert first.url.params["per_page"] == "5000"
    assert second.url.params["page"] == "2"
    assert first.headers["User-Agent"] == USER_AGENT
    assert len(values) == 21
    rates = {v.municipality_code: v.value for v in values if v.kpi == "N07540"}
    population = {v.municipality_code: v.value for v in values if v.kpi == "N01951"}
    assert rates["0780"] == 12124.25357
    assert population["0780"] == 98940
    assert "0180" not in population
    # Crimes in Växjö 2025 ≈ rate × population / 100 000.
    assert rates["0780"] * population["0780"] / 100_000 == pytest.approx(11995.7, abs=0.1)


def test_client_chunks_municipalities_in_25s() -> None:
    empty = json.dumps({"values": [], "next_url": None}).encode()
    handler = RecordingHandler(lambda _: httpx.Response(200, content=empty))
    clock = FakeClock()
    codes = [f"{n:04d}" for n in range(100, 160)]
    with KoladaClient(
        USER_AGENT, transport=handler.transport(), clock=clock, sleep=clock.sleep
    ) as client:
        assert client.fetch_values(["N07540"], codes, [2024, 2025]) == []
    segments = [request.url.path.split("/")[6] for request in handler.requests]
    assert [len(segment.split(",")) for segment in segments] == [25, 25, 10]
    assert all(request.url.path.endswith("/year/2024,2025") for request in handler.requests)


def test_client_retries_429_then_succeeds() -> None:
    handler = RecordingHandler(
        lambda _: httpx.Response(429),
        lambda _: httpx.Response(200, content=DOCS_ENVELOPE.read_bytes()),
    )
    clock = FakeClock()
    with KoladaClient(
        USER_AGENT, transport=handler.transport(), clock=clock, sleep=clock.sleep
    ) as client:
        values = client.fetch_values(["N07540"], ["0781", "0765", "0767", "0685"], [2025])
    assert len(values) == 4
    assert clock.sleeps == [1.0]


def test_foreign_next_url_is_refused() -> None:
    body = json.dumps({"values": [], "next_url": "https://evil.example/v3/data?page=2"})
    handler = RecordingHandler(lambda _: httpx.Response(200, content=body.encode()))
    clock = FakeClock()
    with (
        KoladaClient(
            USER_AGENT, transport=handler.transport(), clock=clock, sleep=clock.sleep
        ) as client,
        pytest.raises(SourceFetchError, match="annan värd"),
    ):
        client.fetch_values(["N07540"], ["0781"])


def test_repeating_next_url_is_refused() -> None:
    body = json.dumps(
        {
            "values": [],
            "next_url": "https://api.kolada.se/v3/data/kpi/N07540/year/2025?per_page=5000",
        }
    )
    handler = RecordingHandler(lambda _: httpx.Response(200, content=body.encode()))
    clock = FakeClock()
    with (
        KoladaClient(
            USER_AGENT, transport=handler.transport(), clock=clock, sleep=clock.sleep
        ) as client,
        pytest.raises(SourceFetchError, match="upprepar"),
    ):
        client.fetch_values(["N07540"], years=[2025])
    assert len(handler.requests) == 1


@pytest.mark.parametrize(
    ("kpis", "municipalities", "years"),
    [
        ([], ["0781"], [2025]),
        (["U07417"], ["0781"], [2025]),
        (["N07540"], ["781"], [2025]),
        (["N07540"], [], []),
        (["N07540"], ["0781"], [1800]),
    ],
)
def test_bad_requests_are_refused(
    kpis: list[str], municipalities: list[str], years: list[int]
) -> None:
    with KoladaClient(USER_AGENT) as client, pytest.raises(ValueError):
        client.data_urls(kpis, municipalities, years)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "kpi",
                    "municipality",
                    "period",
                    "values",
                    "gender",
                    "value",
                    "isdeleted",
                    "next_url",
                    "count",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=15,
)


@given(json_values)
def test_garbage_payloads_raise_only_source_format_error(payload: object) -> None:
    with contextlib.suppress(SourceFormatError):
        parse_kolada_page(json.dumps(payload))
