from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Kör bakgrundsjobben (importer, påminnelser, gallring) från databasens jobbkö. "
        "Starta en eller flera workerprocesser bredvid webbprocesserna."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Apps tidy up after killed processes first (e.g. imports left "running"); core
        # knows no other app, so it asks each installed app for an ``on_worker_start``.
        for config in apps.get_app_configs():
            hook = getattr(config, "on_worker_start", None)
            if callable(hook):
                hook()
        call_command("qcluster")
