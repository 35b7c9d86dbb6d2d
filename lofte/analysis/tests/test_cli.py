from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lofte.analysis.cli import main

from .conftest import clustered_points

REPO = Path(__file__).resolve().parents[3]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def incidents_csv(tmp_path: Path, rng: np.random.Generator) -> Path:
    lat, lon = clustered_points(rng, 600)
    lines = ["lat,lon,occurred_at,category"]
    lines += [
        f"{a:.6f},{b:.6f},2024-05-0{1 + i % 7}T2{i % 4}:15,stöld"
        for i, (a, b) in enumerate(zip(lat, lon, strict=True))
    ]
    return _write(tmp_path / "in.csv", "\n".join(lines) + "\n")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_hotspots_writes_every_cell(incidents_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    code = main(
        ["hotspots", str(incidents_csv), "--cell", "250", "--band", "500", "--output", str(out)]
    )
    assert code == 0
    rows = _read(out)
    assert list(rows[0]) == ["x", "y", "lat", "lon", "count", "z", "p", "p_fdr", "class"]
    assert sum(int(r["count"]) for r in rows) == 600
    xs = sorted({float(r["x"]) for r in rows})
    ys = sorted({float(r["y"]) for r in rows})
    assert len(rows) == len(xs) * len(ys)  # the full bounding-box grid, zero counts included
    # Cell centres sit half a cell off multiples of the cell size.
    assert all((x - 125.0) % 250.0 == 0 for x in xs)
    assert all((y - 125.0) % 250.0 == 0 for y in ys)
    assert {int(r["class"]) for r in rows} <= set(range(-3, 4))
    assert any(int(r["class"]) == 3 for r in rows)
    assert all(float(r["p_fdr"]) >= float(r["p"]) - 1e-12 for r in rows)


def test_hotspots_with_area_limits_the_cells(
    incidents_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert (
        main(
            [
                "hotspots",
                str(incidents_csv),
                "--cell",
                "1000",
                "--band",
                "2000",
                "--area",
                "0685",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    rows = _read(out)
    assert 1500 < len(rows) < 2000  # Vetlanda is about 1 600 km²
    assert "Vetlanda" in capsys.readouterr().err


def test_hotspots_defaults_are_explained(
    incidents_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["hotspots", str(incidents_csv), "-o", str(tmp_path / "o.csv")]) == 0
    err = capsys.readouterr().err
    assert "Cellstorlek" in err and "Avståndsband" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "Filen är tom"),
        ("lat,lon\n", "inga händelser"),
        ("latitude,x\n57.1,15.2\n", "Kolumnen 'lon' saknas"),
        (
            "lat,lon\n57.1,15.2\n57.2,15.3\n57.3,15.4\n57.4,15.5\n57.5,15.6\nabc,15\n",
            "Rad 7: kolumnen 'lat' är inte ett tal: 'abc'",
        ),
        ("lat,lon\n57.1,\n", "Rad 2: kolumnen 'lon' är tom"),
        ("lat,lon\n57.1,nan\n", "Rad 2: kolumnen 'lon' är inte ett ändligt tal"),
        ("lat,lon\n48.1,11.5\n", "Rad 2: punkten (lat 48,1, lon 11,5) ligger utanför Sverige"),
        ("lat,lon\n15.2,57.1\n", "förväxlade"),
        ("lat,lon,x\n57.1,15.2,1\n57.1\n", "Rad 3: väntade minst 2 fält men fick 1"),
    ],
)
def test_bad_input_names_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = _write(tmp_path / "bad.csv", content)
    assert main(["hotspots", str(path), "--cell", "250", "--band", "500"]) == 2
    assert message in capsys.readouterr().err


def test_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    path = _write(tmp_path / "excel.csv", "\ufeffLat;Lon\n57,43;15,08\n57,44;15,09\n")
    out = tmp_path / "o.csv"
    assert main(["hotspots", str(path), "--cell", "500", "--band", "500", "-o", str(out)]) == 0
    assert sum(int(r["count"]) for r in _read(out)) == 2


def test_usage_errors(incidents_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hotspots", str(incidents_csv), "--cell", "-5"]) == 2
    assert "positivt tal" in capsys.readouterr().err
    assert main(["hotspots", str(incidents_csv), "--area", "9999"]) == 2
    assert "Okänd kommun" in capsys.readouterr().err
    assert main(["hotspots", "/nonexistent/file.csv"]) == 2
    assert main([]) == 2
    assert main(["--help"]) == 0
    assert "hotspots" in capsys.readouterr().out


def test_lofte_command_in_a_subprocess(incidents_csv: Path, tmp_path: Path) -> None:
    executable = Path(sys.executable).parent / "lofte"
    out = tmp_path / "sub.csv"
    completed = subprocess.run(  # noqa: S603 - our own executable, fixed arguments
        [
            str(executable),
            "analyse",
            "hotspots",
            str(incidents_csv),
            "--cell",
            "250",
            "--band",
            "500",
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert sum(int(r["count"]) for r in _read(out)) == 600
    bad = _write(tmp_path / "bad.csv", "lat,lon\n57.1,abc\n")
    completed = subprocess.run(  # noqa: S603 - our own executable, fixed arguments
        [str(executable), "analyse", "hotspots", str(bad), "--cell", "250", "--band", "500"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert completed.returncode == 2
    assert "Rad 2: kolumnen 'lon' är inte ett tal: 'abc'" in completed.stderr


@pytest.fixture
def timed_csv(tmp_path: Path, rng: np.random.Generator) -> Path:
    lat, lon = clustered_points(rng, 800, scale=0.5)
    seconds = rng.integers(0, 2 * 365 * 86_400, 800)
    times = np.datetime64("2023-01-01T00:00:00", "s") + seconds.astype("timedelta64[s]")
    categories = rng.choice(["bedrägeri", "stöld"], 800)
    lines = ["lat,lon,occurred_at,category"]
    lines += [
        f"{a:.6f},{b:.6f},{t}Z,{c}"
        for a, b, t, c in zip(lat, lon, times.astype(str), categories, strict=True)
    ]
    return _write(tmp_path / "timed.csv", "\n".join(lines) + "\n")


@pytest.mark.parametrize(
    ("arguments", "columns", "expected_rows"),
    [
        (["emerging", "--cell", "1000", "--band", "2000", "--step", "quarter"],
         ["x", "y", "lat", "lon", "count", "category", "category_label", "hot_slices",
          "cold_slices", "trend_z", "trend_p"], None),
        (["kde", "--bandwidth", "400", "--cell", "200"], ["x", "y", "lat", "lon", "density"], None),
        (["nearrepeat", "--iterations", "19", "--distance-bands", "0,200,400",
          "--time-bands", "7,14"],
         ["distance_from", "distance_to", "days_from", "days_to", "observed", "expected",
          "knox_ratio", "p"], 6),
        (["hourofweek"], ["category", "weekday", "weekday_name", "hour", "count"], 3 * 7 * 24),
        (["seasonality"], ["month", "month_name", "count", "days", "index"], 12),
        (["riskdays"], ["risk_day", "label", "years", "observed", "expected", "ratio", "ci_low",
                        "ci_high", "p", "significant_increase"], None),
        (["trend", "--from", "2024-09-01", "--to", "2024-11-30", "--population", "27000"],
         ["category", "count", "rate_per_100k", "reference", "reference_period",
          "reference_count", "reference_rate_per_100k", "rate_ratio", "ci_low", "ci_high", "p",
          "direction"], 6),
        (["public", "--cell", "1000", "--k", "3"], ["lat", "lon", "count"], None),
    ],
)  # fmt: skip
def test_other_commands(
    timed_csv: Path,
    tmp_path: Path,
    arguments: list[str],
    columns: list[str],
    expected_rows: int | None,
) -> None:
    out = tmp_path / "out.csv"
    command, *options = arguments
    assert main([command, str(timed_csv), *options, "-o", str(out)]) == 0
    rows = _read(out)
    assert rows and list(rows[0]) == columns
    if expected_rows is not None:
        assert len(rows) == expected_rows


def test_public_output_respects_k(timed_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "public.csv"
    assert main(["public", str(timed_csv), "--cell", "500", "--k", "4", "-o", str(out)]) == 0
    assert all(int(r["count"]) >= 4 for r in _read(out))


def test_hotspots_suppress_small_counts(incidents_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    assert main(["hotspots", str(incidents_csv), "--cell", "250", "--band", "500",
                 "--suppress", "3", "-o", str(out)]) == 0  # fmt: skip
    counts = [r["count"] for r in _read(out)]
    assert "1" not in counts and "2" not in counts and "" in counts


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["emerging", "--cell", "500", "--band", "1000"], "Kolumnen 'occurred_at' saknas"),
        (["trend", "--from", "2024-09-01", "--to", "2024-08-01"], "ligger före"),
        (["riskdays", "--graduation", "2024-06-10"], "Ogiltig period"),
        (["nearrepeat", "--time-bands", "14,7"], "stigande"),
    ],
)
def test_command_errors(
    incidents_csv: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    source = incidents_csv
    if arguments[0] == "emerging":
        source = _write(tmp_path / "no_time.csv", "lat,lon\n57.1,15.2\n")
    command, *options = arguments
    assert main([command, str(source), *options]) == 2
    assert message in capsys.readouterr().err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for command in ("hotspots", "emerging", "kde", "nearrepeat", "hourofweek", "seasonality",
                    "riskdays", "trend", "public"):  # fmt: skip
        assert command in text
        assert main([command, "--help"]) == 0
        assert "flaggor" in capsys.readouterr().out
