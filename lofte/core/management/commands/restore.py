"""``lofte restore FIL``: replace the database with a copy written by ``lofte backup``.

Everything in the database is replaced. SQLite is restored with the online backup API;
PostgreSQL with ``pg_restore --clean --if-exists --single-transaction``.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from lofte.core.management.commands.backup import pg_environment, require_binary


class Command(BaseCommand):
    help = "Återställer databasen från en säkerhetskopia skriven av 'lofte backup'. Ersätter allt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="säkerhetskopian att läsa")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        source = Path(options["path"])
        if not source.is_file():
            raise CommandError(f"Hittar ingen säkerhetskopia i {source}.")
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            origin = sqlite3.connect(source)
            try:
                origin.backup(connection.connection)
            finally:
                origin.close()
        elif connection.vendor == "postgresql":
            conn_args, env = pg_environment(connection.settings_dict)
            connection.close()  # no open transaction of ours may hold locks on the tables
            command = [require_binary("pg_restore"), "--clean", "--if-exists", "--no-owner",
                       "--single-transaction", *conn_args, str(source)]
            subprocess.run(command, env=env, check=True)  # noqa: S603
        else:
            raise CommandError(f"Databastypen {connection.vendor} stöds inte.")
        self.stdout.write(f"Databasen återställd från {source}.")
