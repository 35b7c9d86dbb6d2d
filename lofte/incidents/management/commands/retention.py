"""`lofte retention`: remove personal data from reports and tips older than the retention period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lofte.incidents.retention import anonymise_expired, retention_days


class Command(BaseCommand):
    help = ("Gallra personuppgifter i rapporter och tips som är äldre än lagringstiden "
            "(LOFTE_RETENTION_DAYS): fritext, kontaktuppgifter, återkoppling och foton tas "
            "bort; kategori, tid, ungefärlig plats och status finns kvar för statistiken.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="visa bara vad som skulle gallras, ändra ingenting")
        parser.add_argument("--datum", type=dt.date.fromisoformat, default=None,
                            help="räkna som om det vore detta datum (ÅÅÅÅ-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = None
        if options["datum"] is not None:
            now = timezone.make_aware(dt.datetime.combine(options["datum"], dt.time.min))
        result = anonymise_expired(now, dry_run=options["dry_run"])
        verb = "skulle gallras" if result.dry_run else "gallrade"
        self.stdout.write(
            f"Lagringstid {retention_days()} dagar, mottaget före "
            f"{timezone.localtime(result.cutoff):%Y-%m-%d}: {result.incidents} rapporter, "
            f"{result.photos} foton, {result.feedback_messages} återkopplingar och "
            f"{result.checklist_notes} checklistkommentarer {verb}."
        )
