"""``lofte analyse …``: the analysts' command line for the analysis core.

Every sub-command reads an incident CSV (see :mod:`lofte.analysis.incident_csv`), runs one
analysis of the library and writes a CSV (to ``--output`` or standard output); explanations and
summaries go to standard error, in Swedish. Bad input gives a message naming the row and exit
code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from lofte.analysis._cli_common import EXIT_BAD_INPUT, Handler, SwedishParser, say
from lofte.analysis._cli_space import (
    add_emerging,
    add_hotspots,
    add_kde,
    add_near_repeat,
    add_public,
)
from lofte.analysis._cli_time import add_hour_of_week, add_risk_days, add_seasonality, add_trend
from lofte.analysis.areas import UnknownAreaError
from lofte.analysis.incident_csv import InputError


def build_parser() -> SwedishParser:
    """The ``lofte analyse`` argument parser with all sub-commands."""
    parser = SwedishParser(
        prog="lofte analyse",
        description=(
            "Analyser för brottsförebyggande lägesbilder: var, när och vad. Varje kommando "
            "läser en CSV med händelser (kolumnerna lat,lon i WGS84 och vid behov occurred_at, "
            "category) och skriver en CSV. `lofte analyse KOMMANDO --help` förklarar "
            "kommandots flaggor; metoderna beskrivs i docs/analysis.md."
        ),
    )
    commands = parser.add_subparsers(title="kommandon", metavar="KOMMANDO", required=True)
    add_hotspots(commands)
    add_emerging(commands)
    add_kde(commands)
    add_near_repeat(commands)
    add_hour_of_week(commands)
    add_seasonality(commands)
    add_risk_days(commands)
    add_trend(commands)
    add_public(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``lofte analyse`` with ``argv`` (without the word ``analyse``); returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else EXIT_BAD_INPUT
    handler: Handler = args.handler
    try:
        return handler(args)
    except (InputError, UnknownAreaError) as error:
        say(f"Fel: {error}")
    except OSError as error:
        say(f"Fel: kunde inte läsa eller skriva {error.filename or 'filen'}: {error.strerror}")
    except ValueError as error:
        say(f"Fel: {error}")
    return EXIT_BAD_INPUT
