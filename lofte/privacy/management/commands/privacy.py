"""`lofte privacy extract|erase`: registerutdrag and radering for one person."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lofte.privacy import services
from lofte.privacy.matching import SubjectError, parse_subject


class Command(BaseCommand):
    help = ("Registerutdrag (GDPR art. 15) och radering (art. 17) för en person, identifierad "
            "med användarnamn, e-post, telefon, personnummer och/eller namn.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="extract|erase")
        for name, text in (("extract", "skriv ett registerutdrag som JSON"),
                           ("erase", "anonymisera personens uppgifter")):
            p = sub.add_parser(name, help=text)
            p.add_argument("--user", action="append", default=[],
                           help="användarnamn eller e-post för ett konto")
            p.add_argument("--email", action="append", default=[], help="e-postadress")
            p.add_argument("--phone", action="append", default=[], help="telefonnummer")
            p.add_argument("--personnummer", action="append", default=[],
                           help="personnummer eller samordningsnummer")
            p.add_argument("--name", action="append", default=[], help="för- och efternamn")
            p.add_argument("--actor", default="",
                           help="användarnamn på handläggaren (skrivs i granskningsloggen)")
            if name == "extract":
                p.add_argument("--out", default="", help="fil för JSON (annars standard ut)")
            else:
                mode = p.add_mutually_exclusive_group(required=True)
                mode.add_argument("--dry-run", action="store_true",
                                  help="visa bara vad som skulle raderas")
                mode.add_argument("--yes", action="store_true",
                                  help="radera (anonymisera) på riktigt")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            subject = parse_subject(
                usernames=options["user"], emails=options["email"], phones=options["phone"],
                personnummer=options["personnummer"], names=options["name"])
        except SubjectError as error:
            raise CommandError(str(error)) from error
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(username=options["actor"]).first()
            if actor is None:
                raise CommandError(f"Okänd handläggare: {options['actor']!r}.")
        if options["action"] == "extract":
            data = services.extract_register(actor, subject)
            text = json.dumps(data, ensure_ascii=False, indent=2)
            if options["out"]:
                with open(options["out"], "w", encoding="utf-8") as out:
                    out.write(text + "\n")
                self.stderr.write(f"Registerutdraget skrevs till {options['out']}.")
            else:
                self.stdout.write(text)
            self._summary(data["registerutdrag"]["antal"], "Registerutdrag")
            return
        result = services.erase_personal_data(actor, subject, dry_run=options["dry_run"])
        title = "Skulle raderas (provkörning, inget ändrat)" if result.dry_run else "Raderat"
        self._summary(result.counts, title)
        self.stderr.write(
            f"Fält med personens uppgifter: {result.fields_erased} "
            f"{'skulle anonymiseras' if result.dry_run else 'anonymiserade'}, "
            f"{result.fields_retained} behålls (se docs/privacy.md); foton: "
            f"{result.photos_deleted}.")
        if not result.dry_run and not result.changed:
            self.stderr.write("Inget kvar att radera.")

    def _summary(self, counts: dict[str, int], title: str) -> None:
        # The summary goes to stderr so that stdout stays pure JSON for `extract`.
        self.stderr.write(f"{title}:")
        for kind, label in services.KIND_LABELS.items():
            self.stderr.write(f"  {label}: {counts.get(kind, 0)}")
