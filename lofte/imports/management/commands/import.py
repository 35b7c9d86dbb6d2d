"""`lofte import SOURCE …`: import an official source from files or live.

Thin: parse arguments, call one service in :mod:`lofte.imports.services`, print a summary.
A progress bar is shown on a terminal; ``--json`` prints one summary object instead. A bad row
stops the import with a Swedish message naming file, row and field, exit code 1, and nothing
stored.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lofte.imports import services

SOURCES_HELP = {
    "polisen-events": "Polisens händelser: sparade API-svar (--file) eller live-hämtning",
    "kolada": "Kolada v3: anmälda brott och våldsbrott per 100 000 inv., folkmängd",
    "bra": "Brå SOL-export (Databasfil.txt, semikolonseparerad)",
    "bra-indikatorer": "Brå 'Indikatorer för kommuners lägesbild' (xlsx per kommun)",
    "trygghet": "Trygghetsmätning och NTU enligt mallen (CSV/XLSX)",
    "dialoger": "Resultat från medborgar- och medarbetardialoger enligt mallen",
    "handelsehistorik": "Historiska händelser i bulk (CSV: lat,lon,occurred_at,category)",
    "schedule": "Skapa eller uppdatera schemat för bakgrundshämtningen (lofte worker)",
}


class Command(BaseCommand):
    help = "Importera officiella källor. `lofte import <källa> --help` visar flaggorna."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="source", required=True, metavar="KÄLLA")
        for name, text in SOURCES_HELP.items():
            source = sub.add_parser(name, help=text, description=text)
            source.add_argument("--json", action="store_true",
                                help="skriv ett sammanfattningsobjekt som JSON")
            if name == "schedule":
                continue
            source.add_argument("--file", dest="files", action="append", default=[],
                                metavar="SÖKVÄG", help="fil att läsa (kan upprepas)")
            if name == "kolada":
                source.add_argument("--year", dest="years", action="append", type=int,
                                    default=[],
                                    help="år (kan upprepas; standard: i år och sex år bakåt)")
                source.add_argument("--kommun", dest="kommuner", action="append", default=[],
                                    help="kommunkod, t.ex. 0685 (standard: alla och riket)")
                source.add_argument("--kpi", dest="kpis", action="append", default=[],
                                    help="KPI-id ur den godkända listan")
            if name == "trygghet":
                source.add_argument("--demo", action="store_true",
                                    help="märk raderna som demodata")
            if name in {"dialoger", "handelsehistorik"}:
                source.add_argument("--samverkan", required=True,
                                    help="samverkans kortnamn (slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        source: str = options["source"]
        as_json: bool = options["json"]
        if source == "schedule":
            names = services.ensure_schedules(None)
            if as_json:
                self.stdout.write(json.dumps({"schedules": names}, ensure_ascii=False))
            else:
                for name in names:
                    self.stdout.write(f"Schema: {name}")
                self.stdout.write("Starta bakgrundsprocessen med: lofte worker")
            return
        files = [self._read(path) for path in options.get("files", [])]
        if source in {"bra", "bra-indikatorer", "trygghet", "dialoger", "handelsehistorik"} \
                and not files:
            raise CommandError(f"{source}: ange minst en fil med --file", returncode=2)
        show_bar = not as_json and sys.stdout.isatty()
        try:
            with self._progress(show_bar) as progress:
                summary = self._run(source, files, options, progress)
        except services.ImportFailed as failure:
            if as_json:
                self.stdout.write(json.dumps(failure.summary.as_dict(), ensure_ascii=False))
            raise CommandError(str(failure), returncode=1) from failure
        if as_json:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
        else:
            self._print(summary)

    def _run(self, source: str, files: list[tuple[str, bytes]], options: dict[str, Any],
             progress: Callable[[str, int, int], None]) -> services.ImportSummary:
        if source == "polisen-events":
            if files:
                return services.import_polisen_events(None, files, progress=progress)
            return services.fetch_polisen_events(None, progress=progress)
        if source == "kolada":
            return services.import_kolada(
                None, files, years=options["years"], municipality_codes=options["kommuner"],
                kpis=options["kpis"], progress=progress,
            )
        if source == "bra":
            return services.import_bra(None, files, progress=progress)
        if source == "bra-indikatorer":
            return services.import_bra_indicators(None, files, progress=progress)
        if source == "trygghet":
            return services.import_surveys(None, files, is_demo=options["demo"],
                                           progress=progress)
        from lofte.organisations.models import Collaboration

        collaboration = Collaboration.objects.filter(slug=options["samverkan"]).first()
        if collaboration is None:
            raise CommandError(f"Ingen samverkan med kortnamnet {options['samverkan']!r}")
        if source == "handelsehistorik":
            return services.import_incident_history(None, collaboration, files,
                                                    progress=progress)
        return services.import_dialogues(None, collaboration, files, progress=progress)

    def _read(self, path: str) -> tuple[str, bytes]:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: filen finns inte", returncode=2)
        return path, file.read_bytes()

    @contextmanager
    def _progress(self, show: bool) -> Iterator[Callable[[str, int, int], None]]:
        if not show:
            yield lambda stage, done, total: None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      transient=True) as bar:
            tasks: dict[str, Any] = {}

            def update(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total or None)
                bar.update(tasks[stage], completed=done, total=total or None)

            yield update

    def _print(self, summary: services.ImportSummary) -> None:
        data = summary.as_dict()
        labels = [("read", "lästa"), ("created", "nya"), ("updated", "ändrade"),
                  ("unchanged", "oförändrade"), ("skipped", "överhoppade"), ("errors", "fel"),
                  ("summaries", "sammanfattningar"), ("without_kommun", "utan kommun")]
        parts = [f"{data[key]} {label}" for key, label in labels if key in data]
        self.stdout.write(self.style.SUCCESS(f"Import av {summary.source} klar: ")
                          + ", ".join(parts) + f" (körning {summary.run_id}).")
