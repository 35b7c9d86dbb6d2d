"""``lofte analyse`` commands about *where*: hotspots, emerging, kde, nearrepeat, public."""

from __future__ import annotations

import argparse

import numpy as np

from lofte.analysis._cli_common import (
    EXIT_OK,
    Commands,
    add_area,
    add_input,
    add_output,
    iso_date,
    non_negative,
    number,
    number_list,
    positive,
    positive_int,
    resolve_area,
    say,
    thousands,
    write_rows,
)
from lofte.analysis.disclosure import DEFAULT_K, DEFAULT_SNAP, public_points
from lofte.analysis.emerging import category_label_sv, emerging_hotspots
from lofte.analysis.hotspots import hotspots
from lofte.analysis.incident_csv import read_incidents
from lofte.analysis.kde import kde_surface
from lofte.analysis.near_repeat import DEFAULT_DISTANCE_BANDS, DEFAULT_TIME_BANDS, near_repeat
from lofte.analysis.projection import to_wgs84

# --- hotspots ---------------------------------------------------------------------------------


def run_hotspots(args: argparse.Namespace) -> int:
    incidents = read_incidents(args.input)
    area = resolve_area(args.area)
    result = hotspots(incidents.lat, incidents.lon, args.cell, args.band, area, fdr=not args.no_fdr)
    for note in result.notes:
        say(note)
    table = result.table()
    suppress = args.suppress or 0
    rows = (
        (
            f"{x:.1f}",
            f"{y:.1f}",
            f"{lat:.7f}",
            f"{lon:.7f}",
            "" if 0 < count < suppress else count,
            f"{z:.10g}",
            f"{p:.6g}",
            f"{q:.6g}",
            klass,
        )
        for x, y, lat, lon, count, z, p, q, klass in zip(
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
        )
    )
    header = ["x", "y", "lat", "lon", "count", "z", "p", "p_fdr", "class"]
    n_rows = write_rows(args.output, header, rows)
    hot = int((table.classes >= 2).sum())
    cold = int((table.classes <= -2).sum())
    basis = "FDR-justerade p-värden" if not args.no_fdr else "ojusterade p-värden"
    outside = f" ({thousands(result.n_outside)} utanför området)" if result.n_outside else ""
    say(
        f"{thousands(n_rows)} celler à {result.cell:g} m, band {result.band:g} m, "
        f"{thousands(result.n_points)} händelser{outside}; {hot} heta och {cold} kalla celler "
        f"med minst 95 % konfidens ({basis})."
    )
    if suppress:
        say(f"Antal under {suppress} är utelämnade (tomma) i kolumnen count.")
    return EXIT_OK


def add_hotspots(commands: Commands) -> None:
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
            "Utdata: x,y (rutans mitt, SWEREF 99 TM, meter: x = östlig, y = nordlig), lat,lon "
            "(rutans mitt, WGS84), count, z, p, p_fdr, class. Utan --cell och --band väljs de "
            "som i ArcGIS optimerade hot spot-analys (se docs/analysis.md)."
        ),
    )
    add_input(parser)
    parser.add_argument(
        "--cell",
        type=positive,
        metavar="METER",
        help="cellstorlek i meter; utelämnad väljs den ur punkternas spridning",
    )
    parser.add_argument(
        "--band",
        type=non_negative,
        metavar="METER",
        help=(
            "avståndsband i meter: rutor vars mittpunkter ligger högst så långt isär är grannar "
            "(rutan själv räknas); utelämnat väljs det med inkrementell spatial autokorrelation"
        ),
    )
    add_area(parser)
    parser.add_argument(
        "--no-fdr",
        action="store_true",
        help="klassa efter ojusterade p-värden i stället för FDR-justerade",
    )
    parser.add_argument(
        "--suppress",
        type=positive_int,
        metavar="K",
        help="lämna count tom där 0 < antal < K (för publicering; t.ex. 3)",
    )
    add_output(parser)
    parser.set_defaults(handler=run_hotspots)


# --- emerging ---------------------------------------------------------------------------------


def run_emerging(args: argparse.Namespace) -> int:
    incidents = read_incidents(args.input, require_time=True)
    assert incidents.occurred_at is not None
    area = resolve_area(args.area)
    result = emerging_hotspots(
        incidents.lat,
        incidents.lon,
        incidents.occurred_at,
        args.cell,
        args.band,
        step=args.step,
        area=area,
        start=args.start,
        end=args.end,
    )
    study = result.study_cells()
    x, y = result.grid.centres()
    lat, lon = to_wgs84(x[study], y[study])
    hot = (result.classes > 0)[:, study].sum(axis=0)
    cold = (result.classes < 0)[:, study].sum(axis=0)
    total = result.counts[:, study].sum(axis=0)
    categories = result.category[study]
    rows = (
        (
            f"{xv:.1f}", f"{yv:.1f}", f"{la:.7f}", f"{lo:.7f}", int(n), int(code),
            category_label_sv(int(code)), int(h), int(c), number(tz), number(tp),
        )
        for xv, yv, la, lo, n, code, h, c, tz, tp in zip(
            x[study], y[study], lat, lon, total, categories, hot, cold,
            result.trend_z[study], result.trend_p[study], strict=True,
        )
    )  # fmt: skip
    header = [
        "x", "y", "lat", "lon", "count", "category", "category_label",
        "hot_slices", "cold_slices", "trend_z", "trend_p",
    ]  # fmt: skip
    n_rows = write_rows(args.output, header, rows)
    codes, counts = np.unique(categories[categories != 0], return_counts=True)
    summary = ", ".join(
        f"{category_label_sv(int(c))}: {int(n)}" for c, n in zip(codes, counts, strict=True)
    )
    say(
        f"{thousands(n_rows)} celler, {len(result.slice_starts)} tidsskivor "
        f"({result.slice_starts[0]} – {result.slice_end}). {summary or 'Inga mönster.'}"
    )
    return EXIT_OK


def add_emerging(commands: Commands) -> None:
    parser = commands.add_parser(
        "emerging",
        help="framväxande hot spots: Gi* per tidsperiod och Mann–Kendall-trend",
        description=(
            "Räknar händelser per ruta och tidsperiod (kalendermånader m.m. i svensk tid), "
            "beräknar Gi* för varje period och Mann–Kendalls trendtest per ruta, och klassar "
            "varje ruta som ny, sammanhängande, intensifierad, ihållande, avtagande, sporadisk, "
            "oscillerande eller historisk het (eller kall) fläck, som ArcGIS Emerging Hot Spot "
            "Analysis. Kräver kolumnen occurred_at."
        ),
        epilog=(
            "Utdata: x,y,lat,lon (rutans mitt), count (alla perioder), category (1…8 heta, "
            "-1…-8 kalla, 0 inget mönster), category_label, hot_slices, cold_slices, trend_z, "
            "trend_p (Mann–Kendall på rutans z-värden). Definitioner: docs/analysis.md."
        ),
    )
    add_input(parser)
    parser.add_argument("--cell", type=positive, required=True, metavar="METER", help="cellstorlek")
    parser.add_argument(
        "--band", type=non_negative, required=True, metavar="METER", help="avståndsband för Gi*"
    )
    parser.add_argument(
        "--step",
        choices=["day", "week", "month", "quarter", "year"],
        default="month",
        help="tidsperiodernas längd (standard: month)",
    )
    parser.add_argument("--start", type=iso_date, metavar="ÅÅÅÅ-MM-DD", help="första dag som ingår")
    parser.add_argument(
        "--end", type=iso_date, metavar="ÅÅÅÅ-MM-DD", help="första dag som inte ingår"
    )
    add_area(parser)
    add_output(parser)
    parser.set_defaults(handler=run_emerging)


# --- kde ----------------------------------------------------------------------------------------


def run_kde(args: argparse.Namespace) -> int:
    incidents = read_incidents(args.input)
    area = resolve_area(args.area)
    result = kde_surface(incidents.lat, incidents.lon, args.bandwidth, args.cell, area)
    for note in result.notes:
        say(note)
    study = np.ones(result.grid.shape, dtype=bool) if result.mask is None else result.mask
    x, y = result.grid.centres()
    lat, lon = to_wgs84(x[study], y[study])
    rows = (
        (f"{xv:.1f}", f"{yv:.1f}", f"{la:.7f}", f"{lo:.7f}", number(d))
        for xv, yv, la, lo, d in zip(
            x[study], y[study], lat, lon, result.density[study], strict=True
        )
    )
    n_rows = write_rows(args.output, ["x", "y", "lat", "lon", "density"], rows)
    say(
        f"{thousands(n_rows)} celler à {result.grid.cell:g} m, bandbredd "
        f"{result.bandwidth:.0f} m; täthet i händelser per km², högst "
        f"{np.nanmax(result.density):.4g}."
    )
    return EXIT_OK


def add_kde(commands: Commands) -> None:
    parser = commands.add_parser(
        "kde",
        help="täthetsyta (kernel density) för värmekartor",
        description=(
            "Beräknar en gaussisk kernel density-yta i händelser per km² i varje rutas mitt "
            "(linjär binning och filtrering, inom 1 % av exakt KDE räknat mot toppvärdet)."
        ),
        epilog="Utdata: x,y (SWEREF 99 TM), lat,lon (WGS84), density (händelser per km²).",
    )
    add_input(parser)
    parser.add_argument(
        "--bandwidth",
        type=positive,
        metavar="METER",
        help="bandbredd (gaussisk σ) i meter; utelämnad: Silvermans tumregel för punktmönster",
    )
    parser.add_argument(
        "--cell",
        type=positive,
        metavar="METER",
        help="cellstorlek i meter; utelämnad: kortaste sidan av utbredningen / 250",
    )
    add_area(parser)
    add_output(parser)
    parser.set_defaults(handler=run_kde)


# --- nearrepeat -------------------------------------------------------------------------------


def run_near_repeat(args: argparse.Namespace) -> int:
    incidents = read_incidents(args.input, require_time=True)
    assert incidents.occurred_at is not None
    result = near_repeat(
        incidents.lat,
        incidents.lon,
        incidents.occurred_at,
        args.distance_bands,
        args.time_bands,
        iterations=args.iterations,
        seed=args.seed,
    )
    d_edges = result.distance_edges.tolist()
    t_edges = result.time_edges.tolist()
    rows = []
    for i, d_high in enumerate(d_edges):
        d_low = 0.0 if i == 0 else d_edges[i - 1]
        for j, t_high in enumerate(t_edges):
            t_low = 0.0 if j == 0 else t_edges[j - 1]
            rows.append(
                (
                    f"{d_low:g}", f"{d_high:g}", f"{t_low:g}", f"{t_high:g}",
                    int(result.observed[i, j]), number(result.expected[i, j]),
                    number(result.knox_ratio[i, j], 4), number(result.p_value[i, j], 4),
                )
            )  # fmt: skip
    header = [
        "distance_from", "distance_to", "days_from", "days_to",
        "observed", "expected", "knox_ratio", "p",
    ]  # fmt: skip
    write_rows(args.output, header, rows)
    significant = int(result.significant().sum())
    say(
        f"{thousands(result.n_events)} händelser, {result.iterations} permutationer; "
        f"{significant} av {len(rows)} avstånds- och tidsklasser har signifikant fler par "
        "än slumpen (p ≤ 0,05)."
    )
    return EXIT_OK


def add_near_repeat(commands: Commands) -> None:
    parser = commands.add_parser(
        "nearrepeat",
        help="upprepad utsatthet i närområdet (Knox-test, som Near Repeat Calculator)",
        description=(
            "Knox-test över avstånds- × tidsklasser: antalet händelsepar nära i både rum och tid "
            "jämförs med slumpen genom att tidpunkterna permuteras (Monte Carlo). Kräver "
            "kolumnen occurred_at."
        ),
        epilog=(
            "Utdata: en rad per klass: distance_from, distance_to (meter; klassen 0–0 är samma "
            "plats), days_from, days_to, observed, expected, knox_ratio, p (ensidigt)."
        ),
    )
    add_input(parser)
    parser.add_argument(
        "--distance-bands",
        type=number_list,
        default=list(DEFAULT_DISTANCE_BANDS),
        metavar="M,M,…",
        help="övre gränser i meter, stigande; 0 först betyder samma plats (standard 0,100,…,500)",
    )
    parser.add_argument(
        "--time-bands",
        type=number_list,
        default=list(DEFAULT_TIME_BANDS),
        metavar="D,D,…",
        help="övre gränser i dagar, stigande (standard 7,14,21,28)",
    )
    parser.add_argument(
        "--iterations",
        type=positive_int,
        default=999,
        metavar="ANTAL",
        help="antal permutationer (standard 999)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="FRÖ",
        help="slumpfrö, för reproducerbara p-värden (standard 0)",
    )
    add_output(parser)
    parser.set_defaults(handler=run_near_repeat)


# --- public -----------------------------------------------------------------------------------


def run_public(args: argparse.Namespace) -> int:
    incidents = read_incidents(args.input)
    result = public_points(incidents.lat, incidents.lon, args.cell, args.k)
    rows = (
        (f"{la:.6f}", f"{lo:.6f}", int(n))
        for la, lo, n in zip(result.lat, result.lon, result.count, strict=True)
    )
    n_rows = write_rows(args.output, ["lat", "lon", "count"], rows)
    say(
        f"{thousands(n_rows)} punkter (mittpunkter i rutor om {result.cell:g} m) med minst "
        f"{result.k} händelser; {thousands(result.n_withheld)} händelser i glesare rutor "
        "publiceras inte."
    )
    return EXIT_OK


def add_public(commands: Commands) -> None:
    parser = commands.add_parser(
        "public",
        help="punkter för publicering: flyttade till rutmitt, glesa rutor utelämnade",
        description=(
            "Skyddar enskilda: varje händelse flyttas till mitten av sin ruta i ett grovt "
            "SWEREF 99 TM-rutnät, och rutor med färre än K händelser publiceras inte."
        ),
        epilog="Utdata: lat, lon (rutans mitt, WGS84), count.",
    )
    add_input(parser)
    parser.add_argument(
        "--cell",
        type=positive,
        default=DEFAULT_SNAP,
        metavar="METER",
        help=f"rutstorlek i meter (standard {DEFAULT_SNAP:g})",
    )
    parser.add_argument(
        "--k",
        type=positive_int,
        default=DEFAULT_K,
        help=f"minsta antal händelser som får publiceras i en ruta (standard {DEFAULT_K})",
    )
    add_output(parser)
    parser.set_defaults(handler=run_public)
