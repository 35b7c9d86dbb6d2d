"""``lofte analyse …``: the analysts' command line for the analysis core.

Every sub-command reads an incident CSV (see :mod:`lofte.analysis.incident_csv`), runs one
analysis of the library and writes a CSV (to ``--output`` or standard output); explanations and
summaries go to standard error, in Swedish. Bad input gives a message naming the row and exit
code 2.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from lofte.analysis.areas import UnknownAreaError, find_municipality
from lofte.analysis.hotspots import hotspots
from lofte.analysis.incident_csv import InputError, read_incidents

EXIT_OK = 0
EXIT_BAD_INPUT = 2

Handler = Callable[[argparse.Namespace], int]


class _SwedishParser(argparse.ArgumentParser):
    """argparse with Swedish headings, help and usage errors; exit code 2 on usage errors."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: fel: {message}\n")


def _positive(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett tal: '{text}'") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"måste vara ett positivt tal: '{text}'")
    return value


def _non_negative(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett tal: '{text}'") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"måste vara ett tal ≥ 0: '{text}'")
    return value


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        yield handle


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", " ")


# --- hotspots ---------------------------------------------------------------------------------


def _run_hotspots(args: argparse.Namespace) -> int:
    incidents = read_incidents(args.input)
    area = None
    if args.area is not None:
        try:
            municipality = find_municipality(args.area)
        except UnknownAreaError:
            raise InputError(
                f"Okänd kommun '{args.area}': ange en fyrsiffrig kommunkod (t.ex. 0685) "
                "eller kommunens namn"
            ) from None
        area = municipality.boundary
        _say(f"Studieområde: {municipality.name} kommun ({municipality.code}).")
    result = hotspots(incidents.lat, incidents.lon, args.cell, args.band, area, fdr=not args.no_fdr)
    for note in result.notes:
        _say(note)
    table = result.table()
    with _output(args.output) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["x", "y", "lat", "lon", "count", "z", "p", "p_fdr", "class"])
        for row in zip(
            table.x.tolist(),
            table.y.tolist(),
            table.lat.tolist(),
            table.lon.tolist(),
            table.count.tolist(),
            table.z.tolist(),
            table.p.tolist(),
            table.p_fdr.tolist(),
            table.classes.tolist(),
            strict=True,
        ):
            x, y, lat, lon, count, z, p, q, klass = row
            writer.writerow(
                [
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{lat:.7f}",
                    f"{lon:.7f}",
                    count,
                    f"{z:.10g}",
                    f"{p:.6g}",
                    f"{q:.6g}",
                    klass,
                ]
            )
    hot = int((table.classes >= 2).sum())
    cold = int((table.classes <= -2).sum())
    basis = "FDR-justerade p-värden" if not args.no_fdr else "ojusterade p-värden"
    _say(
        f"{_thousands(table.x.size)} celler à {result.cell:g} m, band {result.band:g} m, "
        f"{_thousands(result.n_points)} händelser"
        + (f" ({_thousands(result.n_outside)} utanför området)" if result.n_outside else "")
        + f"; {hot} heta och {cold} kalla celler med minst 95 % konfidens ({basis})."
    )
    return EXIT_OK


def _add_hotspots(commands: argparse._SubParsersAction[_SwedishParser]) -> None:
    parser = commands.add_parser(
        "hotspots",
        help="hot spots (Getis–Ord Gi*) på ett rutnät",
        description=(
            "Räknar händelser per ruta i ett kvadratiskt rutnät i SWEREF 99 TM (rutornas kanter "
            "ligger på multiplar av cellstorleken) och beräknar Getis–Ord Gi* med ett "
            "avståndsband: z-värde, tvåsidigt p-värde, FDR-justerat p-värde "
            "(Benjamini–Hochberg) och klass -3…3 (het/kall fläck med 90/95/99 % konfidens). "
            "Skriver en rad per ruta i studieområdet, även rutor utan händelser."
        ),
        epilog=(
            "Indata: CSV med kolumnerna lat,lon (WGS84, grader); occurred_at och category "
            "får finnas. Utdata: x,y (rutans mitt, SWEREF 99 TM, meter: x = östlig, y = "
            "nordlig), lat,lon (rutans mitt, WGS84), count, z, p, p_fdr, class."
        ),
    )
    parser.add_argument("input", type=Path, metavar="INDATA.csv", help="händelser (CSV)")
    parser.add_argument(
        "--cell",
        type=_positive,
        metavar="METER",
        help=(
            "cellstorlek i meter; utelämnad väljs den ur punkternas spridning (se docs/analysis.md)"
        ),
    )
    parser.add_argument(
        "--band",
        type=_non_negative,
        metavar="METER",
        help=(
            "avståndsband i meter: rutor vars mittpunkter ligger högst så långt isär är grannar "
            "(rutan själv räknas); utelämnat väljs det med inkrementell spatial autokorrelation"
        ),
    )
    parser.add_argument(
        "--area",
        metavar="KOMMUNKOD",
        help=(
            "begränsa studieområdet till en kommun (fyrsiffrig SCB-kod eller namn); rutor vars "
            "mittpunkt ligger utanför kommunen ingår inte, och deras händelser räknas inte"
        ),
    )
    parser.add_argument(
        "--no-fdr",
        action="store_true",
        help="klassa efter ojusterade p-värden i stället för FDR-justerade",
    )
    parser.add_argument(
        "--output", "-o", type=Path, metavar="UTDATA.csv", help="skriv hit (standard: stdout)"
    )
    parser.set_defaults(handler=_run_hotspots)


def build_parser() -> _SwedishParser:
    """The ``lofte analyse`` argument parser with all sub-commands."""
    parser = _SwedishParser(
        prog="lofte analyse",
        description=(
            "Analyser för brottsförebyggande lägesbilder: var, när och vad. Varje kommando "
            "läser en CSV med händelser och skriver en CSV. `lofte analyse KOMMANDO --help` "
            "förklarar kommandots flaggor."
        ),
    )
    commands = parser.add_subparsers(title="kommandon", metavar="KOMMANDO", required=True)
    _add_hotspots(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``lofte analyse`` with ``argv`` (without the word ``analyse``); returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as stop:
        return int(stop.code or 0) if not isinstance(stop.code, str) else EXIT_BAD_INPUT
    handler: Handler = args.handler
    try:
        return handler(args)
    except InputError as error:
        _say(f"Fel: {error}")
        return EXIT_BAD_INPUT
    except OSError as error:
        _say(f"Fel: kunde inte läsa eller skriva fil: {error.filename or error}")
        return EXIT_BAD_INPUT
    except ValueError as error:
        _say(f"Fel: {error}")
        return EXIT_BAD_INPUT
