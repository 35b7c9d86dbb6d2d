from __future__ import annotations

import gzip
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lofte.imports.sources.categories import EventTypeMapping
from lofte.imports.sources.common import SourceFormatError
from lofte.imports.sources.polisen import (
    PoliceEventRecord,
    latest_by_id,
    parse_event,
    parse_events,
)
from lofte.imports.sources.tests.conftest import FIXTURES, FULL_ARCHIVE

DOCS_RECORDS = FIXTURES / "polisen_events_docs_1_6.json"
UPDATE_PAIR = FIXTURES / "polisen_update_pair_docs_1_6.jsonl"
EXCERPT = FIXTURES / "polisen_events_archive_excerpt.jsonl.gz"


def by_id(records: list[PoliceEventRecord]) -> dict[int, PoliceEventRecord]:
    return {record.event_id: record for record in records}


@pytest.fixture(scope="module")
def docs_records() -> dict[int, PoliceEventRecord]:
    return by_id(list(parse_events(DOCS_RECORDS.read_bytes(), "docs.json")))


def base_record(**changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": 648624,
        "datetime": "2026-08-05 6:55:54 +02:00",
        "name": "4 augusti 22.10, Stöld, Ljungby",
        "summary": "Två män i 20-årsåldern grips misstänkta för stöld.",
        "url": "/aktuellt/handelser/2026/augusti/4/4-augusti-22.10-stold-ljungby/",
        "type": "Stöld",
        "location": {"name": "Kronobergs län", "gps": "56.71834,14.411467"},
    }
    record.update(changes)
    return record


def parse_one(record: dict[str, object]) -> PoliceEventRecord:
    return parse_event(record, source_name="synthetic.json", row_number=1)


def test_all_documented_records_parse(docs_records: dict[int, PoliceEventRecord]) -> None:
    assert len(docs_records) == 12


def test_kommun_location_and_one_digit_publication_hour(
    docs_records: dict[int, PoliceEventRecord],
) -> None:
    record = docs_records[619481]
    assert record.published_at == datetime(2025, 12, 27, 6, 4, 54, tzinfo=UTC)
    # Title 26 december 22.21 local winter time, the day before publication.
    assert record.occurred_at == datetime(2025, 12, 26, 21, 21, tzinfo=UTC)
    assert record.location_level == "kommun"
    assert record.municipality_code == "0781"
    assert record.lan_code == "07"
    assert record.event_type == "Trafikolycka"
    assert record.category == "trafik"
    assert record.is_incident
    assert not record.is_summary
    assert record.url == (
        "https://polisen.se/aktuellt/handelser/2025/december/26/"
        "26-december-22.21-trafikolycka-ljungby/"
    )
    assert (record.latitude, record.longitude) == (56.833877, 13.941042)


def test_zero_padded_day_after_midnight(docs_records: dict[int, PoliceEventRecord]) -> None:
    record = docs_records[620085]
    assert record.occurred_at == datetime(2026, 1, 4, 0, 15, tzinfo=UTC)
    assert record.category == "trafik"


def test_county_location_gets_kommun_from_title(
    docs_records: dict[int, PoliceEventRecord],
) -> None:
    vetlanda = docs_records[634948]
    assert vetlanda.location_level == "lan"
    assert vetlanda.lan_code == "06"
    assert vetlanda.place_name == "Vetlanda"
    assert vetlanda.municipality_code == "0685"
    assert vetlanda.occurred_at == datetime(2026, 5, 13, 17, 58, tzinfo=UTC)  # CEST
    assert vetlanda.category == "vald"
    assert docs_records[648624].municipality_code == "0781"
    assert docs_records[648624].occurred_at == datetime(2026, 8, 4, 20, 10, tzinfo=UTC)
    assert docs_records[649900].municipality_code == "0765"  # Älmhult, Kronobergs län


def test_kommun_in_title_must_lie_in_the_api_county() -> None:
    record = parse_one(base_record(location={"name": "Jönköpings län", "gps": "57.37,14.34"}))
    assert record.location_level == "lan"
    assert record.place_name == "Ljungby"
    assert record.municipality_code is None


def test_summaries_are_not_incidents(docs_records: dict[int, PoliceEventRecord]) -> None:
    for event_id in (650172, 583379, 560054):
        record = docs_records[event_id]
        assert record.is_summary
        assert not record.is_incident
        assert record.municipality_code is None
        assert record.category == "ovrigt"


def test_colon_time_and_truncated_summary(docs_records: dict[int, PoliceEventRecord]) -> None:
    record = docs_records[411259]
    assert record.occurred_at == datetime(2023, 3, 25, 14, 54, tzinfo=UTC)
    assert len(record.summary) == 110
    assert record.place_name == "Hallands län"
    assert record.municipality_code is None
    assert record.lan_code == "13"


def test_trailing_space_type_is_stripped(docs_records: dict[int, PoliceEventRecord]) -> None:
    record = docs_records[641263]
    assert record.event_type == "Lagen om hundar och katter"
    assert record.category == "ovrigt"
    assert record.place_name == "Uppsala"
    assert record.municipality_code == "0380"


def test_gps_float_noise_is_parsed_as_float(docs_records: dict[int, PoliceEventRecord]) -> None:
    record = docs_records[560054]
    assert record.latitude == pytest.approx(58.345364)
    assert record.lan_code == "05"


def test_stockholm_is_the_kommun_not_the_county() -> None:
    record = parse_one(
        base_record(
            name="26 september 14:21, Mord/dråp, försök, Stockholm",
            type="Mord/dråp, försök",
            url="/aktuellt/handelser/2022/september/26/26-september-1421-morddrap-forsok-stockholm/",
            datetime="2022-09-26 15:55:23 +02:00",
            location={"name": "Stockholm", "gps": "59.329324,18.068581"},
        )
    )
    assert record.location_level == "kommun"
    assert record.municipality_code == "0180"
    assert record.event_type == "Mord/dråp, försök"
    assert record.place_name == "Stockholm"


def test_api_lowercase_kommun_names_match() -> None:
    record = parse_one(base_record(location={"name": "Upplands väsby", "gps": "59.5,17.9"}))
    assert record.location_level == "kommun"
    assert record.municipality_code == "0114"


def test_title_date_in_december_under_january_url() -> None:
    record = parse_one(
        base_record(
            name="31 december 23.50, Stöld, Ljungby",
            url="/aktuellt/handelser/2026/januari/1/31-december-23.50-stold-ljungby/",
            datetime="2026-01-01 0:20:00 +01:00",
        )
    )
    assert record.occurred_at == datetime(2025, 12, 31, 22, 50, tzinfo=UTC)


def test_title_date_in_january_under_december_url() -> None:
    record = parse_one(
        base_record(
            name="1 januari 00.10, Stöld, Ljungby",
            url="/aktuellt/handelser/2025/december/31/1-januari-00.10-stold-ljungby/",
        )
    )
    assert record.occurred_at == datetime(2025, 12, 31, 23, 10, tzinfo=UTC)


def test_redated_title_keeps_its_own_day() -> None:
    # Real archive case: url says 2024 juni 17, title 08 september.
    record = parse_one(
        base_record(
            name="08 september 17.18, Försvunnen person, Uppsala",
            url="/aktuellt/handelser/2024/juni/17/08-september-17.18-forsvunnen-person-uppsala/",
            datetime="2024-09-08 19:05:43 +02:00",
            location={"name": "Uppsala", "gps": "59.858564,17.638927"},
        )
    )
    assert record.occurred_at == datetime(2024, 9, 8, 15, 18, tzinfo=UTC)


def test_autumn_dst_overlap_takes_first_occurrence() -> None:
    record = parse_one(
        base_record(
            name="26 oktober 02.30, Stöld, Ljungby",
            url="/aktuellt/handelser/2025/oktober/26/26-oktober-02.30-stold-ljungby/",
        )
    )
    assert record.occurred_at == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)


def test_spring_dst_gap_reads_winter_offset() -> None:
    record = parse_one(
        base_record(
            name="30 mars 02.30, Stöld, Ljungby",
            url="/aktuellt/handelser/2025/mars/30/30-mars-02.30-stold-ljungby/",
        )
    )
    assert record.occurred_at == datetime(2025, 3, 30, 1, 30, tzinfo=UTC)


def test_url_without_date_falls_back_to_publication_date() -> None:
    record = parse_one(base_record(url="/aktuellt/handelser/"))
    assert record.occurred_at == datetime(2026, 8, 4, 20, 10, tzinfo=UTC)


def test_empty_place_in_title_is_accepted() -> None:
    record = parse_one(base_record(name="20 maj 13.09, Trafikkontroll, ", type="Trafikkontroll"))
    assert record.place_name == ""
    assert record.municipality_code is None
    assert not record.is_incident  # a police-initiated control


def test_unknown_type_maps_to_unknown_but_counts() -> None:
    record = parse_one(base_record(type="Helt ny typ"))
    assert record.category == "unknown"
    assert record.is_incident


def test_unknown_summary_type_is_still_a_summary() -> None:
    record = parse_one(base_record(type="Sammanfattning morgon"))
    assert record.is_summary
    assert not record.is_incident


def test_array_lines_gzip_and_text_give_the_same_records() -> None:
    objects = json.loads(DOCS_RECORDS.read_text(encoding="utf-8"))
    as_lines = "\n".join(json.dumps(obj, ensure_ascii=False) for obj in objects) + "\n"
    variants: list[bytes | str] = [
        DOCS_RECORDS.read_bytes(),
        DOCS_RECORDS.read_text(encoding="utf-8"),
        gzip.compress(DOCS_RECORDS.read_bytes()),
        as_lines,
        gzip.compress(as_lines.encode()),
        "\ufeff" + as_lines,
    ]
    results = [
        [(r.event_id, r.occurred_at, r.municipality_code) for r in parse_events(raw, "x")]
        for raw in variants
    ]
    assert all(result == results[0] for result in results)
    assert len(results[0]) == 12


def test_update_pair_keeps_the_later_snapshot() -> None:
    records = list(parse_events(UPDATE_PAIR.read_bytes(), UPDATE_PAIR.name))
    assert [record.row_number for record in records] == [1, 2]
    latest = latest_by_id(records)
    assert len(latest) == 1
    assert latest[0].summary.startswith("ANTRÄFFAD")
    assert latest[0].municipality_code == "2084"  # Avesta, Dalarnas län


def test_archive_excerpt_parses_completely() -> None:
    records = list(parse_events(EXCERPT.read_bytes(), EXCERPT.name))
    assert len(records) == 300
    assert len({record.event_type for record in records}) == 94
    assert not [record.event_type for record in records if record.category == "unknown"]
    with_kommun = sum(record.municipality_code is not None for record in records)
    assert with_kommun / len(records) > 0.6
    assert all(record.published_at.tzinfo is UTC for record in records)
    assert all(record.occurred_at.tzinfo is UTC for record in records)


@pytest.mark.slow
@pytest.mark.skipif(not FULL_ARCHIVE.exists(), reason="shared archive not mounted")
def test_full_archive_parses_and_mostly_gets_a_kommun() -> None:
    records = list(parse_events(FULL_ARCHIVE.read_bytes(), FULL_ARCHIVE.name))
    assert len(records) == 70_294
    share = sum(record.municipality_code is not None for record in records) / len(records)
    assert 0.70 < share < 0.80  # measured 74.1 % (2022-09 → 2025-12)
    counts = Counter(record.category for record in records)
    assert counts["unknown"] == 0


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": "648624"}, "id"),
        ({"id": True}, "id"),
        ({"id": -1}, "id"),
        ({"datetime": "2026-13-05 6:55:54 +02:00"}, "datetime"),
        ({"datetime": "igår"}, "datetime"),
        ({"datetime": None}, "datetime"),
        ({"name": "Stöld i Ljungby"}, "name"),
        ({"name": "31 juni 22.10, Stöld, Ljungby"}, "name"),
        ({"name": "4 augusti 25.10, Stöld, Ljungby"}, "name"),
        ({"name": "4 smörgås 22.10, Stöld, Ljungby"}, "name"),
        ({"type": 5}, "type"),
        ({"type": "   "}, "type"),
        ({"summary": ["x"]}, "summary"),
        ({"url": "https://example.com/aktuellt/handelser/"}, "url"),
        ({"url": "//evil.example/aktuellt/"}, "url"),
        ({"location": "Ljungby"}, "location"),
        ({"location": {"name": "", "gps": "1,2"}}, "location.name"),
        ({"location": {"name": "Ljungby", "gps": "56.8;13.9"}}, "location.gps"),
        ({"location": {"name": "Ljungby", "gps": "north,east"}}, "location.gps"),
        ({"location": {"name": "Ljungby", "gps": "156.8,13.9"}}, "location.gps"),
        ({"location": {"name": "Ljungby"}}, "location.gps"),
    ],
)
def test_malformed_fields_name_file_row_and_field(changes: dict[str, object], field: str) -> None:
    raw = json.dumps([base_record(), base_record(**changes)])
    with pytest.raises(SourceFormatError) as caught:
        list(parse_events(raw, "handelser.json"))
    assert caught.value.file == "handelser.json"
    assert caught.value.row == 2
    assert caught.value.field == field
    assert str(caught.value).startswith(f"handelser.json, rad 2, fält '{field}': ")


def test_collecting_errors_skips_only_the_bad_record() -> None:
    raw = json.dumps([base_record(), base_record(id="x"), base_record(id=2)])
    errors: list[SourceFormatError] = []
    records = list(parse_events(raw, "api.json", errors=errors))
    assert [record.event_id for record in records] == [648624, 2]
    assert [(error.row, error.field) for error in errors] == [(2, "id")]
    with pytest.raises(SourceFormatError):
        list(parse_events("[{", "api.json", errors=errors))


def test_invalid_json_line_names_the_line() -> None:
    raw = json.dumps(base_record()) + "\n{not json\n"
    with pytest.raises(SourceFormatError) as caught:
        list(parse_events(raw, "arkiv.jsonl"))
    assert caught.value.row == 2


def test_non_object_and_non_list_payloads() -> None:
    with pytest.raises(SourceFormatError, match="inte ett JSON-objekt"):
        list(parse_events("[1]", "a.json"))
    with pytest.raises(SourceFormatError):
        list(parse_events("[" * 100_000 + "]" * 100_000, "deep.json"))
    with pytest.raises(SourceFormatError):
        list(parse_events(b"\xff\xfe\x00garbage", "bin.json"))


def test_truncated_gzip_is_rejected() -> None:
    data = gzip.compress(DOCS_RECORDS.read_bytes())
    with pytest.raises(SourceFormatError, match="gzip"):
        list(parse_events(data[: len(data) // 2], "halv.json.gz"))


def test_gzip_bomb_is_stopped_at_the_ceiling() -> None:
    bomb = gzip.compress(b" " * 5_000_000)
    with pytest.raises(SourceFormatError, match="större än gränsen"):
        list(parse_events(bomb, "bomb.json.gz", max_bytes=1_000_000))


def test_custom_mapping_is_used() -> None:
    mapping = EventTypeMapping.from_csv("type,category,is_incident\nStöld,bedrageri,false\n")
    record = parse_event(base_record(), source_name="x", row_number=1, mapping=mapping)
    assert (record.category, record.is_incident) == ("bedrageri", False)


def test_fixture_file_is_the_documented_verbatim_text() -> None:
    # Guard against accidental edits of the recorded payload.
    objects = json.loads(Path(DOCS_RECORDS).read_text(encoding="utf-8"))
    assert [obj["id"] for obj in objects] == [
        619336,
        619481,
        620085,
        620526,
        634948,
        648624,
        649900,
        650172,
        583379,
        411259,
        641263,
        560054,
    ]
    assert objects[-1]["location"]["gps"] == "58.345364000000004,15.519784"
