"""`lofte promise_reminders`: e-mail owners of activities that are behind (console in demo)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lofte.promises import services


class Command(BaseCommand):
    help = "Skicka påminnelser till ansvariga för aktiviteter som ligger efter plan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--datum", type=dt.date.fromisoformat, default=None,
                            help="räkna som om det vore detta datum (ÅÅÅÅ-MM-DD)")
        parser.add_argument("--schemalagg", action="store_true",
                            help="lägg också in ett dagligt bakgrundsjobb")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.send_reminders(None, as_of=options["datum"])
        self.stdout.write(f"{sent} påminnelser skickade.")
        if options["schemalagg"]:
            from lofte.promises.tasks import ensure_schedule

            ensure_schedule()
            self.stdout.write("Dagligt bakgrundsjobb är schemalagt.")
