"""`lofte promises import FILE...`: read published medborgarlöften into the national register.

All or nothing: if one document cannot be read, every error is listed and nothing is stored.
Running it again with the same files changes nothing (documents are keyed on their file name
and compared by content hash).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lofte.documents import services

SUFFIXES = {".txt", ".text", ".html", ".htm", ".pdf"}


def collect_files(arguments: list[str]) -> list[Path]:
    """Files named on the command line; folders contribute their .txt/.html/.pdf files."""
    files: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file()
                            and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"Filen finns inte: {argument}")
    return files


class Command(BaseCommand):
    help = (
        "Läs in publicerade medborgarlöften (text, HTML eller PDF) i det nationella "
        "löftesregistret. Allt eller inget; samma filer igen ändrar ingenting."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Shown as the command people type (lofte/cli.py routes it here).
        return super().create_parser(prog_name, "promises import", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FIL",
                            help="filer eller mappar med löftesdokument (.txt, .html, .pdf)")
        parser.add_argument("--json", action="store_true",
                            help="skriv en sammanfattning som JSON (read, created, updated, "
                                 "unchanged, errors)")

    def handle(self, *args: Any, **options: Any) -> None:
        files = collect_files(options["files"])
        if not files:
            raise CommandError("Inga löftesdokument hittades.")
        documents = [(str(path), path.read_bytes()) for path in files]
        as_json = options["json"]
        try:
            summary = self._import(documents, show_progress=not as_json)
        except services.ImportFailed as failure:
            if as_json:
                self.stdout.write(json.dumps(failure.summary.to_json(), ensure_ascii=False))
            else:
                self.stderr.write("Inget lästes in, eftersom dessa dokument inte kunde läsas:")
                for name, message in failure.summary.errors:
                    self.stderr.write(f"  {name}: {message}")
            raise CommandError(str(failure), returncode=1) from failure
        if as_json:
            self.stdout.write(json.dumps(summary.to_json(), ensure_ascii=False))
            return
        self.stdout.write(self.style.SUCCESS(
            f"Läste {summary.read} dokument: {summary.created} nya, {summary.updated} ändrade, "
            f"{summary.unchanged} oförändrade."))

    def _import(self, documents: list[tuple[str, bytes]], *,
                show_progress: bool) -> services.ImportSummary:
        if not show_progress:
            return services.import_documents(None, documents)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(file=sys.stderr)
        with Progress(TextColumn("Läser dokument"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}"), console=console,
                      transient=False) as progress:
            task = progress.add_task("", total=len(documents))

            def advance(name: str) -> None:
                progress.update(task, advance=1, description=Path(name).name)

            return services.import_documents(None, documents, on_progress=advance)
