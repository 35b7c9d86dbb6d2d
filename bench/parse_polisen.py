"""Benchmark and coverage check of the Polisen events parser on the full archive.

Usage::

    .venv/bin/python bench/parse_polisen.py [PATH] [--repeat N]

PATH defaults to ``/work/shared/data/polisen_events_2022-2025.jsonl.gz`` (JSON lines, gzip).
Prints the parse time (best of N), throughput, and what the parser made of the data: the
share of events with a kommun, location levels, summaries, and types missing from the
mapping table. Exits non-zero if any record fails to parse.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from lofte.imports.sources.common import SourceFormatError
from lofte.imports.sources.polisen import PoliceEventRecord, latest_by_id, parse_events

DEFAULT_PATH = Path("/work/shared/data/polisen_events_2022-2025.jsonl.gz")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    raw = args.path.read_bytes()

    timings: list[float] = []
    records: list[PoliceEventRecord] = []
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        try:
            records = list(parse_events(raw, args.path.name))
        except SourceFormatError as error:
            print(f"PARSE ERROR: {error}", file=sys.stderr)
            return 1
        timings.append(time.perf_counter() - started)

    best = min(timings)
    total = len(records)
    print(f"file:            {args.path} ({len(raw) / 1e6:.1f} MB gzip)")
    print(f"events parsed:   {total}")
    print(
        f"parse time:      {best:.2f} s best of {len(timings)} "
        f"({total / best:,.0f} events/s; all runs: {', '.join(f'{t:.2f}' for t in timings)})"
    )
    if not total:
        return 0

    with_kommun = sum(record.municipality_code is not None for record in records)
    levels = Counter(record.location_level for record in records)
    county = [record for record in records if record.location_level == "lan"]
    county_with_kommun = sum(record.municipality_code is not None for record in county)
    summaries = sum(record.is_summary for record in records)
    incidents = [record for record in records if record.is_incident]
    unknown = Counter(record.event_type for record in records if record.category == "unknown")
    unique = len(latest_by_id(records))
    years = Counter(record.occurred_at.year for record in records)

    print(f"unique ids:      {unique}")
    print(f"with kommun:     {with_kommun} ({100 * with_kommun / total:.1f} %)")
    print(f"location level:  {dict(levels)}")
    if county:
        print(
            f"county rows with kommun from title: {county_with_kommun} of {len(county)} "
            f"({100 * county_with_kommun / len(county):.1f} %)"
        )
    incident_share = sum(r.municipality_code is not None for r in incidents) / max(
        len(incidents), 1
    )
    print(f"summaries:       {summaries} ({100 * summaries / total:.1f} %)")
    print(f"incidents:       {len(incidents)} (with kommun {100 * incident_share:.1f} %)")
    print(f"occurred years:  {dict(sorted(years.items()))}")
    print(f"categories:      {dict(Counter(r.category for r in records).most_common())}")
    print(f"unmapped types:  {dict(unknown) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
