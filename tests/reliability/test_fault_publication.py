"""A publication killed half-way leaves nothing half-written; the next attempt publishes once.

Publishing a new version of a medborgarlöfte changes two rows — the new version becomes
"published" and the version it replaces becomes "revised" — and writes an audit entry, in one
transaction (``lofte.promises.services.lifecycle.publish_promise``). Here the app process is
SIGKILLed after every one of those writes has been made inside the transaction but before the
commit. Afterwards the old version is still the published one, the new one is still signed,
no audit entry says "publicerade", and the citizens' public page still shows the old version.
Publishing again then works, exactly once.

Runs in a subprocess against its own database (SQLite file or PostgreSQL database), made by the
``fault_databases`` factory of ``test_faults.py``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Callable

import pytest

from tests.reliability.test_faults import (  # noqa: F401 - the fixture is used by name
    LOFTE,
    ROOT,
    FaultDatabase,
    fault_databases,
    wait_for,
)

SETUP = """
import datetime as dt, json
from django.utils import timezone
from lofte.geo.models import Municipality, PoliceArea
from lofte.organisations import services
from lofte.promises.models import Promise, PromiseStatus

m = Municipality.objects.get(code="0685")
c = services.create_collaboration(None, municipality=m, slug="vetlanda",
                                  police_area=PoliceArea.objects.get(name="Höglandet"))
common = dict(collaboration=c, title="Medborgarlöfte Vetlanda", period_start=dt.date(2026, 1, 1),
              period_end=dt.date(2027, 12, 31), signed_on=dt.date(2026, 1, 15))
old = Promise.objects.create(**common, status=PromiseStatus.PUBLISHED, version=1,
                             published_at=timezone.now(), summary="Version ett")
new = Promise.objects.create(**common, status=PromiseStatus.SIGNED, version=2,
                             previous_version=old, summary="Version två")
print(json.dumps({"old": old.pk, "new": new.pk}))
"""

# Publish, but stop for good right after the last write of the transaction (the audit entry),
# before the commit: the moment a crash does the most harm.
PUBLISH = """
import sys, time
from lofte.promises.models import Promise
from lofte.promises.services import lifecycle

original = lifecycle.record

def record_then_hang(*args, **kwargs):
    entry = original(*args, **kwargs)
    if {pause}:
        print("ALLA SKRIVNINGAR GJORDA", flush=True)
        time.sleep(300)
    return entry

lifecycle.record = record_then_hang
lifecycle.publish_promise(None, Promise.objects.get(pk={pk}))
print("PUBLICERAT", flush=True)
"""


def _statuses(db: FaultDatabase, ids: dict[str, int]) -> dict[str, str]:
    rows = db.query("SELECT id, status FROM promises_promise WHERE id IN (%s, %s)",
                    (ids["old"], ids["new"]))
    by_id = dict(rows)
    return {"old": by_id[ids["old"]], "new": by_id[ids["new"]]}


def _publish_audits(db: FaultDatabase) -> int:
    return int(db.scalar("SELECT count(*) FROM core_auditentry WHERE note = %s",
                         ("publicerade",)))


@pytest.mark.slow
def test_publication_killed_before_commit_leaves_the_old_version_published(
    fault_databases: Callable[[], FaultDatabase],  # noqa: F811 - pytest fixture
) -> None:
    db = fault_databases()
    ids = json.loads(db.lofte("shell", "-c", SETUP).stdout.strip().splitlines()[-1])
    assert _statuses(db, ids) == {"old": "published", "new": "signed"}

    process = subprocess.Popen(  # noqa: S603 - our own command
        [LOFTE, "shell", "-c", PUBLISH.format(pause=True, pk=ids["new"])], env=db.env(),
        cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert process.stdout is not None
        seen = []
        for line in process.stdout:  # the shell may first say what it imported
            seen.append(line)
            if line.strip() == "ALLA SKRIVNINGAR GJORDA":
                break
        else:
            raise AssertionError(f"the publication never reached its last write: {seen}, "
                                 f"{process.stderr.read() if process.stderr else ''}")
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    if db.is_postgres:
        wait_for(lambda: not db.scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"), 30, "the killed process's backend to end")

    # Nothing of the killed publication is stored: still one published version, the old one.
    assert _statuses(db, ids) == {"old": "published", "new": "signed"}
    assert _publish_audits(db) == 0

    # Publishing again completes, once.
    rerun = db.lofte("shell", "-c", PUBLISH.format(pause=False, pk=ids["new"]))
    assert rerun.stdout.strip().splitlines()[-1] == "PUBLICERAT"
    assert _statuses(db, ids) == {"old": "revised", "new": "published"}
    assert _publish_audits(db) == 1
