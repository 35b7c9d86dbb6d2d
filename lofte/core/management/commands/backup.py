"""``lofte backup FIL``: a consistent copy of the database.

SQLite is copied page by page with the online backup API (readers and the writer keep working);
PostgreSQL is dumped with ``pg_dump -Fc`` (custom format, restored with ``lofte restore``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections


def pg_environment(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore from Django's settings."""
    args = ["--dbname", str(settings_dict["NAME"])]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def require_binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} saknas på den här maskinen; installera PostgreSQL-klienten.")
    return path


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen till en fil "
        "(SQLite: online-backup, PostgreSQL: pg_dump -Fc)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="fil att skriva säkerhetskopian till")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        target = Path(options["path"])
        target.parent.mkdir(parents=True, exist_ok=True)
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            destination = sqlite3.connect(target)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()
        elif connection.vendor == "postgresql":
            conn_args, env = pg_environment(connection.settings_dict)
            command = [require_binary("pg_dump"), "--format=custom", "--no-owner",
                       "--file", str(target), *conn_args]
            subprocess.run(command, env=env, check=True)  # noqa: S603
        else:
            raise CommandError(f"Databastypen {connection.vendor} stöds inte.")
        self.stdout.write(f"Säkerhetskopia skriven: {target} ({target.stat().st_size} byte)")
