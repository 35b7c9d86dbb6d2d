"""Shared pieces of the ``lofte analyse`` command line: parser class, argument types, output."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeAlias

from shapely.geometry.base import BaseGeometry

from lofte.analysis.areas import UnknownAreaError, find_municipality
from lofte.analysis.incident_csv import InputError

EXIT_OK = 0
EXIT_BAD_INPUT = 2

Handler = Callable[[argparse.Namespace], int]


class SwedishFormatter(argparse.HelpFormatter):
    """argparse's help layout with a Swedish usage line."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class SwedishParser(argparse.ArgumentParser):
    """argparse with Swedish headings, help and usage errors; exit code 2 on usage errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", SwedishFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: fel: {message}\n")


if TYPE_CHECKING:
    Commands: TypeAlias = argparse._SubParsersAction[SwedishParser]
else:
    Commands = argparse._SubParsersAction


def positive(text: str) -> float:
    """argparse type: a positive finite number (decimal comma accepted)."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett tal: '{text}'") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"måste vara ett positivt tal: '{text}'")
    return value


def non_negative(text: str) -> float:
    """argparse type: a finite number >= 0."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett tal: '{text}'") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"måste vara ett tal ≥ 0: '{text}'")
    return value


def positive_int(text: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett heltal: '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"måste vara minst 1: '{text}'")
    return value


def iso_date(text: str) -> date:
    """argparse type: a date ÅÅÅÅ-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett datum (ÅÅÅÅ-MM-DD): '{text}'") from None


def number_list(text: str) -> list[float]:
    """argparse type: comma-separated non-negative numbers, e.g. ``0,100,200``."""
    values = []
    for part in text.replace(";", ",").split(","):
        if part.strip():
            values.append(non_negative(part.strip()))
    if not values:
        raise argparse.ArgumentTypeError("ange minst ett tal")
    if any(b <= a for a, b in pairwise(values)):
        raise argparse.ArgumentTypeError(f"talen måste vara stigande: '{text}'")
    return values


def add_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "input",
        type=Path,
        metavar="INDATA.csv",
        help="händelser: CSV med kolumnerna lat,lon (WGS84) och ev. occurred_at, category",
    )


def add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output", "-o", type=Path, metavar="UTDATA.csv", help="skriv hit (standard: stdout)"
    )


def add_area(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--area",
        metavar="KOMMUNKOD",
        help=(
            "begränsa studieområdet till en kommun (fyrsiffrig SCB-kod, t.ex. 0685, eller "
            "namn); rutor vars mittpunkt ligger utanför kommunen ingår inte"
        ),
    )


def resolve_area(code: str | None) -> BaseGeometry | None:
    """The WGS84 boundary of the kommun the analyst named, announced on stderr."""
    if code is None:
        return None
    try:
        municipality = find_municipality(code)
    except UnknownAreaError:
        raise InputError(
            f"Okänd kommun '{code}': ange en fyrsiffrig kommunkod (t.ex. 0685) eller kommunens namn"
        ) from None
    say(f"Studieområde: {municipality.name} kommun ({municipality.code}).")
    return municipality.boundary


@contextmanager
def output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        yield handle


def write_rows(path: Path | None, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a CSV (comma-separated, UTF-8); returns the number of data rows."""
    count = 0
    with output(path) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def say(message: str) -> None:
    """A message for the analyst, on standard error."""
    print(message, file=sys.stderr)


def thousands(value: int) -> str:
    """``12 345`` with a space as thousands separator, as Swedish writes it."""
    return f"{value:,}".replace(",", " ")


def number(value: float, digits: int = 6) -> str:
    """A float for CSV output: ``digits`` significant digits, empty for NaN."""
    if value != value:  # NaN
        return ""
    return f"{value:.{digits}g}"
