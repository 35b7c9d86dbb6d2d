"""`lofte situation_reminders`: e-mail coordinators about årshjul peaks that are near."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lofte.situation import services, tasks


class Command(BaseCommand):
    help = ("Skicka påminnelser till samordnarna inför återkommande toppar i årshjulet "
            "(en gång per topp och år).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--datum", type=dt.date.fromisoformat, default=None,
                            help="räkna som om i dag vore detta datum (ÅÅÅÅ-MM-DD)")
        parser.add_argument("--dagar-fore", type=int, default=services.REMINDER_DAYS_BEFORE,
                            help="hur många dagar före toppen (standard %(default)s)")
        parser.add_argument("--schemalagg", action="store_true",
                            help="lägg också in en daglig körning i bakgrundsjobben")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schemalagg"]:
            tasks.ensure_schedule()
            self.stdout.write("Daglig körning är schemalagd.")
        sent = services.send_peak_reminders(None, as_of=options["datum"],
                                            days_before=options["dagar_fore"])
        self.stdout.write(f"Skickade {sent} påminnelser.")
