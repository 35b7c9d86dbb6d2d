"""``lofte promises parse|evaluate``: read promise documents without Django.

``lofte/cli.py`` calls ``main(["parse", ...])`` or ``main(["evaluate", ...])``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from lofte.documents.parsing import ParsedPromise, ParseError, parse_document, theme_label
from lofte.documents.parsing.evaluation import (
    evaluate_files,
    format_errors,
    format_table,
    gold_files,
)

BUNDLED_GOLD = Path(__file__).resolve().parent / "tests" / "fixtures"
EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2


class _SwedishHelpFormatter(argparse.HelpFormatter):
    """argparse's own words ("usage:") in Swedish, like the rest of the help."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        # argparse passes prefix="" when it builds a sub-command's name; keep that.
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


def _swedish(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser._positionals.title = "argument"
    parser._optionals.title = "flaggor"
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lofte promises",
        add_help=False,
        formatter_class=_SwedishHelpFormatter,
        description="Läs publicerade medborgarlöften (text, sparad webbsida eller PDF) "
        "till strukturerade utkast, och mät läsningen mot guldannoteringar.",
    )
    _swedish(parser)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="{parse,evaluate}", title="kommandon"
    )
    parse = commands.add_parser(
        "parse",
        add_help=False,
        formatter_class=_SwedishHelpFormatter,
        help="läs en eller flera filer",
        description="Läs varje FIL och skriv vad som hittades: kommuner, lokalpolisområde, "
        "period, fokusområden, aktiviteter med aktör och mål, uppföljning och undertecknare. "
        "Inget sparas. Avslutningskod 1 om någon fil inte kunde läsas.",
    )
    _swedish(parse)
    parse.add_argument(
        "files",
        nargs="+",
        metavar="FIL",
        type=Path,
        help="textfil (.txt), sparad webbsida (.html) eller PDF; '-' läser från standard in",
    )
    parse.add_argument(
        "--json",
        action="store_true",
        help="skriv ett JSON-objekt per fil och rad (JSON Lines) i stället för en sammanfattning",
    )
    parse.add_argument(
        "--indent",
        type=int,
        default=None,
        metavar="N",
        help="med --json: indrag med N blanksteg (ett objekt per fil, flera rader)",
    )
    evaluate = commands.add_parser(
        "evaluate",
        add_help=False,
        formatter_class=_SwedishHelpFormatter,
        help="mät precision och recall mot guldannoteringar",
        description="Läs dokumenten som guldfilerna (*.gold.json) pekar ut och skriv precision "
        "och recall per fält. Utan argument används de medföljande guldfilerna i var sin "
        "tabell: de fem riktiga löftena (seeds), de syntetiska testtexterna och de syntetiska "
        "texter som skrevs efter parsern för att mäta hur den klarar nya stilar (held-out).",
    )
    _swedish(evaluate)
    evaluate.add_argument(
        "paths",
        nargs="*",
        metavar="GULD",
        type=Path,
        help="guldfiler eller mappar med *.gold.json (standard: de medföljande)",
    )
    evaluate.add_argument(
        "--errors",
        action="store_true",
        help="lista också varje avvikelse (fel och saknade värden) per dokument",
    )
    evaluate.add_argument(
        "--json",
        action="store_true",
        help="skriv resultatet som JSON (antal rätt, funna och guld per fält)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    # pdfminer logs every oddity of a PDF as a warning; a command-line user needs only errors.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    if arguments.command == "parse":
        return _parse(arguments.files, arguments.json, arguments.indent, sys.stdout, sys.stderr)
    return _evaluate(arguments.paths, arguments.errors, arguments.json, sys.stdout)


def _parse(files: list[Path], as_json: bool, indent: int | None, out: TextIO, err: TextIO) -> int:
    status = EXIT_OK
    for path in files:
        name = "-" if str(path) == "-" else str(path)
        try:
            data = sys.stdin.buffer.read() if name == "-" else path.read_bytes()
            parsed = parse_document(data, filename=None if name == "-" else path.name)
        except OSError as error:
            status = EXIT_SOME_FAILED
            _report_error(name, f"Filen kunde inte öppnas: {error.strerror}.", as_json, out, err)
            continue
        except ParseError as error:
            status = EXIT_SOME_FAILED
            _report_error(name, error.message, as_json, out, err, error.code)
            continue
        result = parsed.to_json()
        result["source"] = name
        if as_json:
            out.write(json.dumps(result, ensure_ascii=False, indent=indent) + "\n")
        else:
            out.write(summary(parsed, name) + "\n")
    return status


def _report_error(
    name: str, message: str, as_json: bool, out: TextIO, err: TextIO, code: str = "io"
) -> None:
    if as_json:
        out.write(
            json.dumps({"source": name, "error": message, "code": code}, ensure_ascii=False) + "\n"
        )
    err.write(f"{name}: {message}\n")


def summary(parsed: ParsedPromise, name: str) -> str:
    """A short Swedish summary of a parsed promise for the terminal."""
    lines = [f"== {name}"]
    kommuner = ", ".join(f"{item.name} ({item.code})" for item in parsed.municipalities)
    lines.append(f"Kommun:            {kommuner or '–'}")
    lines.append(f"Lokalpolisområde:  {parsed.police_area.name if parsed.police_area else '–'}")
    if parsed.period is None:
        period = "–"
    elif parsed.period.start_year == parsed.period.end_year:
        period = str(parsed.period.start_year)
    else:
        period = f"{parsed.period.start_year}–{parsed.period.end_year}"
    lines.append(f"Period:            {period}")
    if parsed.focus_areas:
        lines.append("Fokusområden:")
        lines.extend(f"  • {item.text}" for item in parsed.focus_areas)
    lines.append(f"Aktiviteter ({len(parsed.activities)}):")
    for activity in parsed.activities:
        target = ""
        if activity.target is not None:
            parts = [activity.target.qualifier or "", _count_text(activity)]
            parts += [
                activity.target.unit or "",
                f"per {activity.target.per}" if activity.target.per else "",
            ]
            target = "  [mål: " + " ".join(part for part in parts if part) + "]"
        lines.append(f"  • ({activity.actor}) {activity.text}{target}")
    if parsed.follow_up is not None:
        lines.append(
            f"Uppföljning:       {parsed.follow_up.cadence or '–'}"
            f"; revidering: {parsed.follow_up.revision or '–'}"
        )
    for signatory in parsed.signatories:
        lines.append(f"Undertecknare:     {signatory.name}, {signatory.role or '–'}")
    if parsed.themes:
        lines.append("Teman:             " + ", ".join(theme_label(code) for code in parsed.themes))
    lines.extend(f"Varning: {warning}" for warning in parsed.warnings)
    return "\n".join(lines)


def _count_text(activity: object) -> str:
    target = getattr(activity, "target", None)
    if target is None:
        return ""
    if target.count is not None and target.count_max is not None:
        return f"{target.count}–{target.count_max}"
    value = target.count if target.count is not None else target.count_max
    return "" if value is None else str(value)


def _evaluate(paths: list[Path], show_errors: bool, as_json: bool, out: TextIO) -> int:
    if paths:
        groups = [("", gold_files(paths))]
    else:
        groups = [
            ("Riktiga löften (seeds)", gold_files([BUNDLED_GOLD / "seeds"])),
            ("Syntetiska testtexter", gold_files([BUNDLED_GOLD / "synthetic"])),
            (
                "Syntetiska, skrivna efter parsern (held-out)",
                gold_files([BUNDLED_GOLD / "heldout"]),
            ),
        ]
    results: dict[str, object] = {}
    for title, files in groups:
        if not files:
            out.write(f"Inga guldfiler hittades{' för ' + title if title else ''}.\n")
            return EXIT_USAGE
        try:
            report = evaluate_files(files)
        except (OSError, ValueError, KeyError) as error:  # ParseError is a ValueError
            out.write(f"Guldfilerna kunde inte utvärderas: {error}\n")
            return EXIT_USAGE
        if as_json:
            results[title or "gold"] = {
                name: {"correct": score.correct, "predicted": score.predicted, "gold": score.gold}
                for name, score in report.totals().items()
            }
            continue
        heading = f"{title} – {len(files)} dokument" if title else f"{len(files)} dokument"
        out.write(format_table(report, heading) + "\n\n")
        if show_errors:
            out.write(format_errors(report) + "\n\n")
    if as_json:
        out.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
