"""A backup taken while reports are being written restores to a consistent database.

A writer process stores EST reports one transaction at a time (each report together with its
audit entry, as ``incidents.services.report_incident`` does) while ``lofte backup`` runs in
another process. The copy is restored into a fresh database, which must hold a consistent
moment of the source: every report has exactly its one audit entry and its category, no
foreign key dangles, the number of reports lies between what was committed before and after
the backup, and the restored database keeps accepting reports.

SQLite's online backup copies under one read transaction; ``pg_dump`` reads one snapshot. Runs
against databases of its own (``fault_databases`` of ``test_faults.py``).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.test_faults import (  # noqa: F401 - the fixture is used by name
    LOFTE,
    ROOT,
    SETUP_REPORTER,
    FaultDatabase,
    fault_databases,
    wait_for,
)

WRITER = """
import sys, time
from pathlib import Path
from django.contrib.auth import get_user_model
from django.utils import timezone
from lofte.incidents import services
from lofte.organisations.models import Collaboration

c = Collaboration.objects.get(slug="vetlanda")
user = get_user_model().objects.get(username="rapportor.vetlanda")
category = c.incident_categories.get(code="klotter")
m = c.municipality
stop = Path({stop!r})
n = 0
while not stop.exists() and n < 5000:
    services.report_incident(user, c, services.IncidentData(
        category=category, occurred_from=timezone.now(), lat=m.centre_lat, lon=m.centre_lon,
        description=f"Skrivlast {{n}}"))
    n += 1
    if n % 10 == 0:
        print(n, flush=True)
print("KLAR", n, flush=True)
"""


def _counts(db: FaultDatabase) -> tuple[int, int]:
    incidents = int(db.scalar("SELECT count(*) FROM incidents_incident"))
    audits = int(db.scalar(
        "SELECT count(*) FROM core_auditentry WHERE object_type = %s AND action = %s",
        ("incidents.incident", "create")))
    return incidents, audits


@pytest.mark.slow
def test_backup_during_writes_restores_a_consistent_moment(
    fault_databases: Callable[[], FaultDatabase],  # noqa: F811 - pytest fixture
    tmp_path: Path,
) -> None:
    source = fault_databases()
    if source.is_postgres and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("PostgreSQL-klienten (pg_dump, pg_restore) saknas")
    source.lofte("shell", "-c", SETUP_REPORTER)
    stop = tmp_path / "stopp"
    writer = subprocess.Popen(  # noqa: S603 - our own command
        [LOFTE, "shell", "-c", WRITER.format(stop=str(stop))], env=source.env(), cwd=ROOT,
        text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: writer.poll() is not None or _counts(source)[0] >= 30, 60,
                 "the writer to store its first reports", interval=0.05)
        assert writer.poll() is None, writer.communicate()[1][-2000:]
        committed_before = _counts(source)[0]
        backup = tmp_path / "under-skrivning.backup"
        source.lofte("backup", str(backup))
        committed_after = _counts(source)[0]
        time.sleep(0.2)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err[-2000:]
    written = int(out.strip().splitlines()[-1].split()[1])
    assert committed_after > committed_before, "the writer was not writing during the backup"

    target = fault_databases()
    target.lofte("restore", str(backup))

    incidents, audits = _counts(target)
    assert committed_before <= incidents <= committed_after <= written
    assert audits == incidents, "a report without its audit entry, or the other way round"
    orphans = target.scalar(
        "SELECT count(*) FROM incidents_incident i LEFT JOIN incidents_incidentcategory k "
        "ON k.id = i.category_id WHERE k.id IS NULL")
    assert orphans == 0
    if not target.is_postgres:
        assert target.query("PRAGMA foreign_key_check") == []
    # The restored copy is a working database: one more report is stored and counted.
    target.lofte("shell", "-c", WRITER.format(stop=str(tmp_path / "nej")).replace(
        "n < 5000", "n < 1"))
    assert _counts(target) == (incidents + 1, audits + 1)
