"""Import services on recorded real payloads: counts, idempotence, all-or-nothing, runs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lofte.core.models import AuditEntry
from lofte.imports import services
from lofte.imports.models import (
    CrimeStatistic,
    DialogueResult,
    ImportRun,
    PoliceEvent,
    RunStatus,
    SurveyResult,
)
from lofte.imports.sources.net import RetryPolicy
from lofte.imports.sources.polisen_client import PolisenClient

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "sources" / "tests" / "fixtures"
DATA = Path(__file__).resolve().parents[1] / "data"


def named(path: Path) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes())]


def test_police_events_from_the_documented_records(geography: None) -> None:
    summary = services.import_polisen_events(None, named(FIXTURES / "polisen_events_docs_1_6.json"))
    assert (summary.read, summary.created, summary.updated) == (12, 12, 0)
    assert summary.summaries == 3
    assert summary.without_kommun == 4  # three summaries and the Hallands län "Övrigt"
    event = PoliceEvent.objects.get(external_id=634948)
    # Location is the län; the kommun comes from the title.
    assert event.location_level == "lan"
    assert event.municipality.code == "0685"
    assert event.county.code == "06"
    assert event.occurred_at.isoformat() == "2026-05-13T17:58:00+00:00"
    assert event.published_at.isoformat() == "2026-05-13T19:51:54+00:00"
    assert event.category != "unknown" and event.is_incident
    summary_event = PoliceEvent.objects.get(external_id=650172)
    assert summary_event.is_summary and not summary_event.is_incident
    assert summary_event.municipality is None
    # year from the url: a December title published in January
    crossing = PoliceEvent.objects.get(external_id=619481)
    assert crossing.occurred_at.year == 2025


def test_police_events_twice_changes_nothing(geography: None) -> None:
    files = named(FIXTURES / "polisen_events_archive_excerpt.jsonl.gz")
    first = services.import_polisen_events(None, files)
    before = list(PoliceEvent.objects.order_by("pk").values())
    second = services.import_polisen_events(None, files)
    assert first.created == first.read - first.skipped > 200
    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == first.created
    assert list(PoliceEvent.objects.order_by("pk").values()) == before
    runs = ImportRun.objects.filter(source="polisen-events")
    assert runs.count() == 2 and all(run.status == RunStatus.OK for run in runs)


def test_edited_event_is_updated_in_place_and_older_snapshot_is_ignored(geography: None) -> None:
    lines = (FIXTURES / "polisen_update_pair_docs_1_6.jsonl").read_text().splitlines()
    services.import_polisen_events(None, [("first.jsonl", lines[0].encode())])
    summary = services.import_polisen_events(None, [("second.jsonl", lines[1].encode())])
    assert (summary.created, summary.updated) == (0, 1)
    event = PoliceEvent.objects.get(external_id=647869)
    assert event.summary.startswith("ANTRÄFFAD")
    assert event.municipality.name == "Avesta"
    older = json.loads(lines[0])
    older["datetime"] = "2026-07-25 18:00:00 +02:00"
    again = services.import_polisen_events(None, [("old.json", json.dumps([older]).encode())])
    assert again.skipped == 1 and again.updated == 0
    assert PoliceEvent.objects.get(external_id=647869).summary.startswith("ANTRÄFFAD")


def test_bad_row_stores_nothing_and_names_file_row_and_field(geography: None) -> None:
    good = (FIXTURES / "polisen_events_docs_1_6.json").read_bytes()
    records = json.loads(good)
    records[4]["datetime"] = "2026-13-01 7:00:00 +01:00"
    with pytest.raises(services.ImportFailed) as failure:
        services.import_polisen_events(None, [("handelser.json", json.dumps(records).encode())])
    assert "handelser.json, rad 5, fält 'datetime'" in str(failure.value)
    assert PoliceEvent.objects.count() == 0
    run = ImportRun.objects.get()
    assert run.status == RunStatus.FAILED and run.errors == 1 and run.created == 0
    assert "rad 5" in run.message
    assert not AuditEntry.objects.filter(object_type="imports.importrun").exists()


def test_gzip_json_lines_and_json_array_are_read(geography: None) -> None:
    records = json.loads((FIXTURES / "polisen_events_docs_1_6.json").read_bytes())
    lines = "\n".join(json.dumps(r) for r in records[:3]).encode()
    summary = services.import_polisen_events(None, [("a.jsonl.gz", gzip.compress(lines))])
    assert summary.created == 3


def test_successful_run_writes_one_audit_entry(geography: None, coordinator: Any) -> None:
    services.import_polisen_events(coordinator, named(FIXTURES / "polisen_events_docs_1_6.json"))
    entries = AuditEntry.objects.filter(object_type="imports.importrun")
    assert entries.count() == 1
    assert entries.get().after["created"] == 12
    assert ImportRun.objects.get().actor == coordinator


def _polisen_transport(body: bytes) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "polisen.se"
        assert "Lofte" in request.headers["User-Agent"]
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    return httpx.MockTransport(handler)


def test_live_fetch_uses_the_polite_client(geography: None) -> None:
    body = (FIXTURES / "polisen_events_docs_1_6.json").read_bytes()
    client = PolisenClient("Lofte/0.1 (+https://example.se/kontakt)",
                           transport=_polisen_transport(body), sleep=lambda s: None)
    summary = services.fetch_polisen_events(None, client=client)
    assert summary.created == 12
    assert ImportRun.objects.get().file_names == ["https://polisen.se/api/events"]


def test_live_fetch_failure_is_recorded_honestly(geography: None) -> None:
    client = PolisenClient(
        "Lofte/0.1 (+https://example.se/kontakt)",
        transport=httpx.MockTransport(lambda request: httpx.Response(503)),
        retry=RetryPolicy(max_attempts=2, backoff_base=0.0), sleep=lambda s: None,
        clock=iter(range(0, 10_000, 20)).__next__,
    )
    with pytest.raises(services.ImportFailed) as failure:
        services.fetch_polisen_events(None, client=client)
    assert "HTTP 503" in str(failure.value)
    assert ImportRun.objects.get().status == RunStatus.FAILED


def test_kolada_recorded_pages_and_comparison(geography: None) -> None:
    files = named(FIXTURES / "kolada_paging_page1.json") + named(
        FIXTURES / "kolada_paging_page2.json")
    summary = services.import_kolada(None, files)
    assert summary.created == summary.read > 0
    again = services.import_kolada(None, files)
    assert again.created == again.updated == 0
    row = CrimeStatistic.objects.get(source="kolada", area_code="0781", indicator="N07540")
    assert row.value == pytest.approx(10905.4811) and row.per_100k == row.value
    assert row.municipality.code == "0781" and row.period == "2025"


def test_bra_suppressed_cells_stay_missing(geography: None) -> None:
    summary = services.import_bra(None, named(FIXTURES / "bra_sol_dbfil_synthetic_iso8859.txt"))
    assert summary.created > 0
    assert CrimeStatistic.objects.filter(source="bra", value__isnull=True).exists()
    assert not CrimeStatistic.objects.filter(source="bra", value=0).exists()
    goteborg = CrimeStatistic.objects.get(source="bra", area_code="1480", period="2025",
                                          indicator__startswith="Totalt")
    assert goteborg.value == 84816
    assert services.import_bra(None, named(
        FIXTURES / "bra_sol_dbfil_synthetic_iso8859.txt")).unchanged == summary.created


def test_surveys_from_the_template(geography: None) -> None:
    summary = services.import_surveys(None, named(DATA / "templates" /
                                                  "trygghetsresultat_mall.csv"))
    assert summary.created == 9
    row = SurveyResult.objects.get(police_area_name="Kävlinge", period="2023")
    assert row.value == pytest.approx(1.54) and row.respondents == 1514


def test_survey_upload_from_a_collaboration_must_stay_in_its_area(
    geography: None, vetlanda: Any
) -> None:
    data = (DATA / "templates" / "trygghetsresultat_mall.csv").read_bytes()
    with pytest.raises(services.ImportFailed) as failure:
        services.import_surveys(None, [("mall.csv", data)], collaboration=vetlanda)
    assert "rad 2" in str(failure.value) and "utanför samverkans" in str(failure.value)
    assert SurveyResult.objects.count() == 0


def test_dialogues_are_masked_and_scoped(geography: None, vetlanda: Any, almhult: Any) -> None:
    text = ("datum;kommunkod;typ;omrade;amne;roster;fritext\n"
            "2025-09-16;0685;medborgardialog;Centrum;Dålig belysning;23;"
            "Ring mig på 070-123 45 67\n")
    summary = services.import_dialogues(None, vetlanda, [("d.csv", text.encode())])
    assert summary.created == 1
    result = DialogueResult.objects.get()
    assert "070" not in result.free_text and "[telefon]" in result.free_text
    with pytest.raises(services.ImportFailed) as failure:
        services.import_dialogues(None, almhult, [("d.csv", text.encode())])
    assert "rad 2" in str(failure.value) and "kommunkod" in str(failure.value)
    assert DialogueResult.objects.count() == 1


def test_schedules_are_created_once(db: Any) -> None:
    from django_q.models import Schedule

    services.ensure_schedules()
    services.ensure_schedules()
    schedules = {s.name: s for s in Schedule.objects.filter(name__startswith="Löfte:")}
    assert len(schedules) == 2
    polisen = schedules["Löfte: Polisens händelser"]
    assert polisen.func == "lofte.imports.tasks.fetch_polisen_events"
    assert polisen.minutes == 15


def test_kolada_live_fetch_through_the_paging_client(geography: None) -> None:
    from lofte.imports.sources.kolada import KoladaClient

    pages = iter([(FIXTURES / "kolada_paging_page1.json").read_bytes(),
                  (FIXTURES / "kolada_paging_page2.json").read_bytes()])
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=next(pages))

    client = KoladaClient("Lofte/0.1 (+https://example.se/kontakt)",
                          transport=httpx.MockTransport(handler), sleep=lambda s: None)
    codes = ["0780", "0764", "0682", "0686", "0684", "0604", "0687", "0180", "0781", "0765",
             "0767"]
    summary = services.import_kolada(None, years=[2025], municipality_codes=codes,
                                     kpis=["N07540", "N01951"], client=client)
    assert len(seen) == 2 and seen[1].url.params["page"] == "2"
    assert summary.created == 21
    assert CrimeStatistic.objects.get(area_code="0780", indicator="N01951").value == 98940


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(list(range(12))), cut=st.integers(min_value=1, max_value=12))
def test_any_order_and_split_of_the_records_ends_in_the_same_rows(
    geography: None, order: list[int], cut: int
) -> None:
    records = json.loads((FIXTURES / "polisen_events_docs_1_6.json").read_bytes())
    shuffled = [records[i] for i in order]
    PoliceEvent.objects.all().delete()
    services.import_polisen_events(None, [("a.json", json.dumps(shuffled[:cut]).encode())])
    services.import_polisen_events(None, [("b.json", json.dumps(shuffled[cut:]).encode())])
    again = services.import_polisen_events(None, [("c.json", json.dumps(shuffled).encode())])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)
    assert PoliceEvent.objects.count() == 12


def test_bra_indicator_workbook_splits_crime_and_survey(geography: None) -> None:
    from lofte.geo.models import Municipality
    from lofte.imports.queries import bra_statistics_for, survey_series_for
    from lofte.imports.sources.tests.test_bra import synthetic_indicator_workbook

    files = [("Ljungby.xlsx", synthetic_indicator_workbook())]
    first = services.import_bra_indicators(None, files)
    assert first.created == first.read > 0
    assert services.import_bra_indicators(None, files).unchanged == first.created
    damage = CrimeStatistic.objects.get(source="bra-indikatorer", area_code="0781",
                                        indicator="Skadegörelsebrott", period="2023",
                                        unit="per_100k")
    assert damage.value == 1023.4
    assert CrimeStatistic.objects.get(source="bra-indikatorer", area_code="0781",
                                      indicator="Skadegörelsebrott", period="2024",
                                      unit="count").value is None
    ljungby = Municipality.objects.get(code="0781")
    assert any(row.per_100k == 1023.4 for row in bra_statistics_for(ljungby))
    series = [s for s in survey_series_for(ljungby) if s.source == "ntu"]
    assert series and series[0].points[0] == ("2017/2018", 24.1)
    assert series[0].source_label == "Källa: Brå (NTU)"


def test_shared_polisen_guard_spaces_calls_and_caps_the_hour(db: Any) -> None:
    from django.core.cache import cache

    cache.delete(services.POLISEN_CALLS_KEY)
    clock = [1000.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    services.reserve_polisen_call(now=lambda: clock[0], sleep=sleep)
    clock[0] += 3
    services.reserve_polisen_call(now=lambda: clock[0], sleep=sleep)
    assert slept == [7.0]
    for _ in range(58):
        clock[0] += 10
        services.reserve_polisen_call(now=lambda: clock[0], sleep=sleep)
    from lofte.imports.sources.net import RateLimitWouldBlockError

    clock[0] += 10
    with pytest.raises(RateLimitWouldBlockError):
        services.reserve_polisen_call(now=lambda: clock[0], sleep=sleep)
    cache.delete(services.POLISEN_CALLS_KEY)


def test_unexpected_error_is_recorded_and_raised(geography: None,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("databasen försvann")

    monkeypatch.setattr(services, "upsert_police_events", broken)
    with pytest.raises(RuntimeError):
        services.import_polisen_events(None, named(FIXTURES / "polisen_events_docs_1_6.json"))
    run = ImportRun.objects.get()
    assert run.status == RunStatus.FAILED and "databasen försvann" in run.message
