"""``lofte promises parse|evaluate`` through ``lofte.documents.cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lofte.documents.cli import main
from lofte.documents.tests.support import SEEDS


def _seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def test_parse_json_prints_one_object_per_file_in_the_documented_shape(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["parse", str(_seed("003")), str(_seed("004")), "--json"]) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert set(first) >= {
        "source", "municipalities", "police_area", "period", "focus_areas", "activities",
        "follow_up", "signatories",
    }  # fmt: skip
    assert first["source"].endswith(".txt")
    assert first["municipalities"][0]["name"] == "Vetlanda"
    assert first["municipalities"][0]["code"] == "0685"
    assert first["police_area"] == "Höglandet"
    assert (first["period"]["start_year"], first["period"]["end_year"]) == (2020, 2021)
    activity = first["activities"][1]
    assert set(activity) >= {"text", "actor", "target", "source_text", "confidence"}
    assert set(activity["target"]) >= {"count", "count_max", "per", "unit"}
    assert activity["target"]["count"] == 15
    assert first["signatories"][0] == {
        **first["signatories"][0],
        "name": "Henrik Tvarnö",
        "role": "Kommunstyrelsens ordförande",
    }


def test_parse_summary_is_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(_seed("001"))]) == 0
    out = capsys.readouterr().out
    assert "Kommun:            Vaggeryd (0665)" in out
    assert "Uppföljning:       tertialvis" in out
    assert "[mål: 1 större trafikinsats per kvartal]" in out


def test_unreadable_files_are_reported_and_set_the_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "saknas.pdf"
    assert main(["parse", str(empty), str(missing), str(_seed("000")), "--json"]) == 1
    captured = capsys.readouterr()
    results = [json.loads(line) for line in captured.out.strip().split("\n")]
    assert results[0]["code"] == "empty" and results[0]["error"] == "Filen är tom."
    assert results[1]["code"] == "io"
    assert results[2]["municipalities"][0]["code"] == "0665"
    assert "tom.txt: Filen är tom." in captured.err


def test_evaluate_prints_precision_and_recall_per_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate"]) == 0
    out = capsys.readouterr().out
    assert "Riktiga löften (seeds) – 5 dokument" in out
    assert "Syntetiska testtexter" in out
    assert "held-out" in out
    for field in ("municipalities", "police_area", "period", "focus_areas", "activities",
                  "actor", "target_count", "target_per", "target_unit", "follow_up",
                  "signatories"):  # fmt: skip
        assert f"\n{field}" in out


def test_evaluate_json_on_chosen_gold_files(capsys: pytest.CaptureFixture[str]) -> None:
    gold = next(SEEDS.glob("003_*.gold.json"))
    assert main(["evaluate", str(gold), "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)["gold"]
    assert totals["target_count"] == {"correct": 5, "predicted": 5, "gold": 5}


@pytest.mark.parametrize("argv", [["--help"], ["parse", "--help"], ["evaluate", "--help"]])
def test_help_explains_the_options(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("användning: lofte promises")
    assert "visa den här hjälpen" in out
    if argv[0] == "parse":
        assert "--json" in out and "--indent" in out


def test_missing_arguments_are_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["parse"])
    assert exit_info.value.code == 2
