"""Backup and restore round trip: ``lofte backup`` then ``lofte restore`` into an emptied
database gives back every table with the same rows.

Runs on the database of the test run: SQLite always (online backup API), PostgreSQL when
``DATABASE_URL`` points at one (``pg_dump -Fc`` / ``pg_restore``; skipped with a message if the
client binaries are missing).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def _require_client_binaries() -> None:
    if connection.vendor == "postgresql":
        missing = [b for b in ("pg_dump", "pg_restore") if shutil.which(b) is None]
        if missing:
            pytest.skip(f"PostgreSQL-klienten saknas ({', '.join(missing)}); "
                        "säkerhetskopian av PostgreSQL kan inte provas här.")


def _fingerprint() -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of the rows of every table."""
    result: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table] = (len(rows), digest)
    return result


def _empty_the_database() -> None:
    """Leave a fresh, empty database behind: no tables at all."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def _fill(coordinator: Any, vetlanda: Any) -> None:
    from lofte.accounts.services import create_api_token
    from lofte.incidents import services as incidents

    incidents.ensure_categories(coordinator, vetlanda)
    incidents.save_category(coordinator, vetlanda, code="klotter-skola", name="Klotter vid skola")
    municipality = vetlanda.municipality
    incidents.create_place(coordinator, vetlanda, name="Resecentrum",
                           lat=municipality.centre_lat, lon=municipality.centre_lon)
    create_api_token(coordinator, name="Backupprov")


def test_backup_and_restore_round_trip(tmp_path: Path, vetlanda: Any, coordinator: Any,
                                       reporter: Any, outsider: Any) -> None:
    _require_client_binaries()
    _fill(coordinator, vetlanda)
    before = _fingerprint()
    assert before["geo_municipality"][0] == 290
    assert sum(count for count, _ in before.values()) > 500
    backup = tmp_path / f"lofte.{connection.vendor}.backup"

    call_command("backup", str(backup))
    assert backup.stat().st_size > 0
    _empty_the_database()
    call_command("restore", str(backup))

    after = _fingerprint()
    assert set(after) == set(before), "tabeller saknas eller har tillkommit efter återställning"
    differing = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    assert not differing, f"tabeller som skiljer sig efter återställning: {differing}"


def test_restore_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Hittar ingen säkerhetskopia"):
        call_command("restore", str(tmp_path / "finns-inte.backup"))
