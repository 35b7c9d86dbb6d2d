from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Kör bakgrundsjobben (importer, påminnelser, gallring) från databasens jobbkö. "
        "Starta en eller flera workerprocesser bredvid webbprocesserna."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("qcluster")
