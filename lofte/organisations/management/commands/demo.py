"""`lofte demo`: create the SQLite database, load reference and demo data, and serve."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Skapa databasen, läs in referens- och demodata och starta servern på "
        "http://127.0.0.1:8000. Kan köras flera gånger: befintliga data återanvänds."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true",
                            help="läs bara in data, starta inte servern")
        parser.add_argument("--addrport", default="127.0.0.1:8000",
                            help="adress och port för servern (standard 127.0.0.1:8000)")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        self.stdout.write("Databasen är klar.")
        call_command("load_geography", stdout=self.stdout)
        context = None
        for app_config in apps.get_app_configs():
            if not app_config.name.startswith("lofte."):
                continue
            try:
                module = importlib.import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name == f"{app_config.name}.demo":
                    continue
                raise
            if context is None:
                context = module.DemoContext()
            self.stdout.write(f"Demodata: {app_config.verbose_name} …")
            module.load(context)
        self._print_logins(context)
        if not options["no_serve"]:
            call_command("runserver", options["addrport"], use_reloader=False)

    def _print_logins(self, context: Any) -> None:
        from lofte.organisations.demo import DEMO_PASSWORD

        url = f"http://{settings.ALLOWED_HOSTS[0]}:8000/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Löfte är igång på {url}"))
        self.stdout.write(f"Alla demokonton har lösenordet: {DEMO_PASSWORD}")
        self.stdout.write(f"{'Användarnamn':<24} {'Roll':<60} Samverkan")
        for username, role, where in context.logins if context else []:
            self.stdout.write(f"{username:<24} {role:<60} {where}")
        self.stdout.write("API-dokumentation: " + url + "api/v1/docs  ·  OpenAPI: " + url
                          + "api/v1/openapi.json")
        self.stdout.write("")
