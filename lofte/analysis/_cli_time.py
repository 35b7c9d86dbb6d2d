"""``lofte analyse`` commands about *when* and *what*: hourofweek, seasonality, riskdays, trend."""

from __future__ import annotations

import argparse
from datetime import date, timedelta

from lofte.analysis._cli_common import (
    EXIT_OK,
    Commands,
    add_input,
    add_output,
    iso_date,
    number,
    positive,
    positive_int,
    say,
    thousands,
    write_rows,
)
from lofte.analysis.incident_csv import InputError, read_incidents
from lofte.analysis.risk_days import risk_day_excess
from lofte.analysis.time_patterns import WEEKDAYS_SV, hour_of_week, month_name, seasonality
from lofte.analysis.trends import compare_periods, describe

# --- hourofweek -------------------------------------------------------------------------------


def run_hour_of_week(args: argparse.Namespace) -> int:
    incidents = read_incidents(args.input, require_time=True, check_sweden=False)
    assert incidents.occurred_at is not None
    result = hour_of_week(incidents.occurred_at, incidents.category)
    tables = [("alla", result.counts), *sorted(result.by_category.items())]
    rows = (
        (name, weekday + 1, WEEKDAYS_SV[weekday], hour, int(table[weekday, hour]))
        for name, table in tables
        for weekday in range(7)
        for hour in range(24)
    )
    write_rows(args.output, ["category", "weekday", "weekday_name", "hour", "count"], rows)
    weekday, hour = divmod(int(result.counts.argmax()), 24)
    say(
        f"{thousands(result.total)} händelser; flest {WEEKDAYS_SV[weekday]}ar kl. "
        f"{hour:02d}–{hour + 1:02d} ({int(result.counts.max())} st)."
    )
    return EXIT_OK


def add_hour_of_week(commands: Commands) -> None:
    parser = commands.add_parser(
        "hourofweek",
        help="veckotimmar: antal per veckodag och timme (7 × 24), totalt och per kategori",
        description=(
            "Räknar händelser per veckodag (måndag först) och timme i svensk lokal tid, för "
            "alla händelser och för varje värde i kolumnen category. Kräver occurred_at; tider "
            "utan tidszon läses som svensk tid."
        ),
        epilog="Utdata: category, weekday (1 = måndag), weekday_name, hour (0–23), count.",
    )
    add_input(parser)
    add_output(parser)
    parser.set_defaults(handler=run_hour_of_week)


# --- seasonality ------------------------------------------------------------------------------


def run_seasonality(args: argparse.Namespace) -> int:
    incidents = read_incidents(args.input, require_time=True, check_sweden=False)
    assert incidents.occurred_at is not None
    end = None if args.to is None else args.to + timedelta(days=1)
    result = seasonality(incidents.occurred_at, args.start, end)
    rows = (
        (
            m + 1,
            month_name(m + 1),
            int(result.counts[m]),
            int(result.days[m]),
            number(result.index[m], 4),
        )
        for m in range(12)
    )
    write_rows(args.output, ["month", "month_name", "count", "days", "index"], rows)
    say(
        f"Period {result.start} – {result.end - timedelta(days=1)}; index 1 = genomsnittlig "
        "dygnsfrekvens under perioden."
    )
    return EXIT_OK


def add_seasonality(commands: Commands) -> None:
    parser = commands.add_parser(
        "seasonality",
        help="säsongsmönster: index per kalendermånad",
        description=(
            "Antal händelser per kalendermånad och ett säsongsindex: månadens genomsnitt per "
            "dygn delat med periodens genomsnitt per dygn (1 = som vanligt). Kräver occurred_at."
        ),
        epilog="Utdata: month, month_name, count, days (dygn i perioden), index.",
    )
    add_input(parser)
    parser.add_argument(
        "--from",
        dest="start",
        type=iso_date,
        metavar="ÅÅÅÅ-MM-DD",
        help="periodens första dag (standard: första händelsen)",
    )
    parser.add_argument(
        "--to",
        type=iso_date,
        metavar="ÅÅÅÅ-MM-DD",
        help="periodens sista dag, inräknad (standard: sista händelsen)",
    )
    add_output(parser)
    parser.set_defaults(handler=run_seasonality)


# --- riskdays ---------------------------------------------------------------------------------


def _school_ends(values: list[str] | None) -> dict[int, date]:
    result: dict[int, date] = {}
    for value in values or []:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise InputError(f"Ogiltigt datum '{value}': skriv ÅÅÅÅ-MM-DD") from None
        result[day.year] = day
    return result


def _graduations(values: list[str] | None) -> dict[int, tuple[date, date]]:
    result: dict[int, tuple[date, date]] = {}
    for value in values or []:
        try:
            first_text, last_text = value.split("..")
            first, last = date.fromisoformat(first_text), date.fromisoformat(last_text)
        except ValueError:
            raise InputError(f"Ogiltig period '{value}': skriv ÅÅÅÅ-MM-DD..ÅÅÅÅ-MM-DD") from None
        if last < first:
            raise InputError(f"Perioden '{value}' slutar innan den börjar")
        result[first.year] = (first, last)
    return result


def run_risk_days(args: argparse.Namespace) -> int:
    incidents = read_incidents(args.input, require_time=True, check_sweden=False)
    assert incidents.occurred_at is not None
    results = risk_day_excess(
        incidents.occurred_at,
        school_end=_school_ends(args.school_end),
        graduation=_graduations(args.graduation),
        baseline_weeks=args.baseline_weeks,
    )
    rows = (
        (
            r.name, r.label, " ".join(str(y) for y in r.years), r.observed, number(r.expected),
            number(r.ratio, 4), number(r.ci_low, 4), number(r.ci_high, 4), number(r.p_value, 4),
            "ja" if r.is_increase else "nej",
        )
        for r in results
    )  # fmt: skip
    header = [
        "risk_day", "label", "years", "observed", "expected", "ratio", "ci_low", "ci_high",
        "p", "significant_increase",
    ]  # fmt: skip
    write_rows(args.output, header, rows)
    if not results:
        say(
            "Inga riskdagar med hela jämförelseperioden (±"
            f"{args.baseline_weeks} veckor) inom datat."
        )
    for r in results:
        if r.is_increase:
            say(f"{r.label}: {r.ratio:.1f} gånger så många händelser som vanligt.")
    return EXIT_OK


def add_risk_days(commands: Commands) -> None:
    parser = commands.add_parser(
        "riskdays",
        help="överskott av händelser på riskdagar (valborg, midsommar, nyårsafton …)",
        description=(
            "Jämför antalet händelser under varje riskdag (06:00 till 06:00 dagen efter) med "
            "samma tid på samma veckodagar 1…N veckor före och efter, med exakt Poisson-test "
            "och konfidensintervall för kvoten. Riskdagarnas datum räknas fram per år; "
            "skoldatum kan anges per år. Kräver occurred_at."
        ),
        epilog=(
            "Riskdagar: påsk, valborg, studenten, skolavslutning, midsommar, halloween, "
            "nyårsafton (se docs/analysis.md). Utdata: risk_day, label, years, observed, "
            "expected, ratio, ci_low, ci_high, p, significant_increase."
        ),
    )
    add_input(parser)
    parser.add_argument(
        "--school-end",
        action="append",
        metavar="ÅÅÅÅ-MM-DD",
        help="skolavslutningens datum ett år (kan upprepas; standard: fredagen 8–14 juni)",
    )
    parser.add_argument(
        "--graduation",
        action="append",
        metavar="ÅÅÅÅ-MM-DD..ÅÅÅÅ-MM-DD",
        help="studentens första och sista dag ett år (kan upprepas; standard: veckan före "
        "skolavslutningen, måndag–fredag)",
    )
    parser.add_argument(
        "--baseline-weeks",
        type=positive_int,
        default=4,
        metavar="VECKOR",
        help="jämför med så många veckor före och efter (standard 4)",
    )
    add_output(parser)
    parser.set_defaults(handler=run_risk_days)


# --- trend ------------------------------------------------------------------------------------


def run_trend(args: argparse.Namespace) -> int:
    incidents = read_incidents(args.input, require_time=True, check_sweden=False)
    assert incidents.occurred_at is not None
    if args.to < args.start:
        raise InputError(f"--to ({args.to}) ligger före --from ({args.start})")
    results = compare_periods(
        incidents.occurred_at,
        args.start,
        args.to + timedelta(days=1),
        category=incidents.category,
        population=args.population,
        previous_population=args.previous_population,
        last_year_population=args.last_year_population,
        confidence=args.confidence,
    )
    rows = []
    for r in results:
        for ref in (r.previous, r.last_year):
            rows.append(
                (
                    r.category, r.count, number(r.rate) if r.rate is not None else "",
                    ref.label, f"{ref.start}..{ref.end - timedelta(days=1)}", ref.count,
                    number(ref.rate) if ref.rate is not None else "",
                    number(ref.test.ratio, 4), number(ref.test.ci_low, 4),
                    number(ref.test.ci_high, 4), number(ref.test.p_value, 4), ref.direction,
                )
            )  # fmt: skip
    header = [
        "category", "count", "rate_per_100k", "reference", "reference_period",
        "reference_count", "reference_rate_per_100k", "rate_ratio", "ci_low", "ci_high", "p",
        "direction",
    ]  # fmt: skip
    write_rows(args.output, header, rows)
    for r in results:
        say(describe(r))
    return EXIT_OK


def add_trend(commands: Commands) -> None:
    parser = commands.add_parser(
        "trend",
        help="jämför en period med föregående period och samma period förra året",
        description=(
            "Antal (eller antal per 100 000 invånare om --population anges) under perioden "
            "jämfört med föregående lika långa period och samma period förra året, totalt och "
            "per kategori, med exakt Poisson-test (villkorat binomialtest) och "
            "konfidensintervall för kvoten. 'ökar'/'minskar' bara när förändringen är "
            "signifikant. Kräver occurred_at."
        ),
        epilog=(
            "Utdata: category, count, rate_per_100k, reference, reference_period, "
            "reference_count, reference_rate_per_100k, rate_ratio, ci_low, ci_high, p, direction."
        ),
    )
    add_input(parser)
    parser.add_argument(
        "--from",
        dest="start",
        type=iso_date,
        required=True,
        metavar="ÅÅÅÅ-MM-DD",
        help="periodens första dag",
    )
    parser.add_argument(
        "--to",
        type=iso_date,
        required=True,
        metavar="ÅÅÅÅ-MM-DD",
        help="periodens sista dag (inräknad)",
    )
    parser.add_argument(
        "--population",
        type=positive,
        metavar="INVÅNARE",
        help="folkmängd under perioden (ger takt per 100 000 invånare)",
    )
    parser.add_argument(
        "--previous-population",
        type=positive,
        metavar="INVÅNARE",
        help="folkmängd under föregående period (standard: --population)",
    )
    parser.add_argument(
        "--last-year-population",
        type=positive,
        metavar="INVÅNARE",
        help="folkmängd samma period förra året (standard: --population)",
    )
    parser.add_argument(
        "--confidence", type=positive, default=0.95, help="konfidensgrad (standard 0,95)"
    )
    add_output(parser)
    parser.set_defaults(handler=run_trend)
