"""Behaviour under faults: killed processes, dropped database connections, a full disk.

1. ``lofte import polisen-events`` SIGKILLed in the middle of its transaction stores no event,
   a rerun imports every event exactly once, and the rerun marks the killed run as failed
   (its process is gone) instead of leaving it "running".
2. The app server SIGKILLed during a burst of API report submissions: every report that got a
   2xx answer is stored exactly once, nothing is half written, and resending the unanswered
   ones (same ``client_token``) stores each of them once.
3. (PostgreSQL) every backend of the test database terminated between two requests: the next
   request to a live server still succeeds (``conn_health_checks``).
4. A full disk (ENOSPC) while a reporter uploads photos: a Swedish form error, not a 500, and
   neither rows nor files are left behind.

Tests 1 and 2 run real subprocesses against their own database: a SQLite file in a temporary
directory, or — when the suite runs on PostgreSQL — a separate PostgreSQL database that is
dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import errno
import gzip
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LOFTE = str(BIN / "lofte")
GUNICORN = str(BIN / "gunicorn")
DEMO_EVENTS = next((ROOT / "lofte/imports/data/demo").glob("polisen_events_*.jsonl.gz"))
ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
FULL_DISK_MESSAGE = ("Det gick inte att spara filen: lagringsutrymmet är fullt. Försök igen "
                     "senare eller kontakta administratören.")


def wait_for(condition: Callable[[], Any], timeout: float, what: str,
             interval: float = 0.01) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


# --------------------------------------------------------------------------- own databases


@dataclass
class FaultDatabase:
    """A database of its own for subprocesses: a SQLite file or a PostgreSQL database."""

    url: str
    media: Path

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith("postgres")

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[1]

    def env(self) -> dict[str, str]:
        env = {**os.environ, "DATABASE_URL": self.url, "MEDIA_ROOT": str(self.media),
               "DJANGO_SETTINGS_MODULE": "lofte.settings", "PYTHONUNBUFFERED": "1"}
        env.pop("LOFTE_ENV", None)
        return env

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run ``sql`` (``%s`` placeholders) on a fresh connection and return all rows."""
        if self.is_postgres:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as conn:
                return conn.execute(sql, params).fetchall()
        with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=30) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()

    def scalar(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.query(sql, params)[0][0]

    def lofte(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own command
            [LOFTE, *args], env=self.env(), cwd=ROOT, capture_output=True, text=True,
            timeout=timeout, check=True,
        )


def _admin_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lofte")
    return base.rsplit("/", 1)[0] + "/postgres"


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(sql)


SETUP_TEMPLATE = """
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable", verbosity=0)
call_command("load_geography", verbosity=0)
"""


@pytest.fixture(scope="module")
def fault_databases(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[], FaultDatabase]]:
    """A factory of fresh, migrated databases with the reference geography.

    The schema is migrated once into a template (a SQLite file that is copied, or a PostgreSQL
    template database); every PostgreSQL database made here is dropped at the end.
    """
    base = tmp_path_factory.mktemp("faults")
    tag = uuid.uuid4().hex[:8]
    created: list[str] = []
    if ON_POSTGRES:
        root = _admin_url().rsplit("/", 1)[0]
        template = FaultDatabase(f"{root}/lofte_faults_{tag}_tpl", base / "media")
        _pg_admin(f'CREATE DATABASE "{template.name}"')
        created.append(template.name)
    else:
        template = FaultDatabase(f"sqlite:///{base / 'template.sqlite3'}", base / "media")
    template.lofte("shell", "-c", SETUP_TEMPLATE)
    counter = iter(range(1000))

    def make() -> FaultDatabase:
        n = next(counter)
        media = base / f"media{n}"
        media.mkdir()
        if ON_POSTGRES:
            name = f"lofte_faults_{tag}_{n}"
            _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template.name}"')
            created.append(name)
            return FaultDatabase(f"{template.url.rsplit('/', 1)[0]}/{name}", media)
        path = base / f"db{n}.sqlite3"
        shutil.copyfile(template.url.removeprefix("sqlite:///"), path)
        return FaultDatabase(f"sqlite:///{path}", media)

    yield make
    for name in reversed(created):
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --------------------------------------------------------------------------- 1. killed import

COPIES = 8  # 8 x 3 506 real events: a few seconds of parsing and writing


@pytest.fixture(scope="module")
def events_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The demo archive repeated with new ids (JSON lines), and its number of events."""
    with gzip.open(DEMO_EVENTS, "rt", encoding="utf-8") as source:
        records = [json.loads(line) for line in source if line.strip()]
    path = tmp_path_factory.mktemp("events") / "polisen_events_big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(COPIES):
            for record in records:
                out.write(json.dumps({**record, "id": 10_000_000 + copy * 1_000_000
                                      + record["id"]}, ensure_ascii=False) + "\n")
    return path, COPIES * len(records)


def _kill_sqlite_import_while_writing(db: FaultDatabase, process: subprocess.Popen[str]) -> None:
    """SIGKILL once the run row is committed and the import's transaction is writing pages.

    With WAL, pages of an open transaction spill into the ``-wal`` file long before the
    commit, so a growing WAL after the run row appeared means events are being written.
    """
    wal = Path(db.url.removeprefix("sqlite:///") + "-wal")
    wait_for(lambda: process.poll() is None and db.scalar("SELECT count(*) FROM imports_importrun"),
             60, "the import run row")
    baseline = wal.stat().st_size if wal.exists() else 0
    wait_for(lambda: process.poll() is not None
             or (wal.exists() and wal.stat().st_size > baseline + 512 * 1024), 60,
             "the import to write events")
    assert process.poll() is None, "the import finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)


def _kill_postgres_import_while_writing(db: FaultDatabase, process: subprocess.Popen[str]) -> None:
    """Hold the run row so the import blocks after writing every event, then SIGKILL it.

    The import updates its run row after the events, inside the same transaction; a row lock
    held here parks it exactly there: all events written, nothing committed.
    """
    import psycopg

    run_id = wait_for(lambda: process.poll() is None and db.query(
        "SELECT id FROM imports_importrun"), 60, "the import run row")[0][0]
    with psycopg.connect(db.url) as gate:
        gate.execute("SELECT id FROM imports_importrun WHERE id = %s FOR UPDATE", (run_id,))
        holders = """
            SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
            WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
              AND a.wait_event_type = 'Lock' AND l.granted
              AND l.relation = 'imports_policeevent'::regclass AND l.mode = 'RowExclusiveLock'
        """
        wait_for(lambda: process.poll() is not None or gate.execute(holders).fetchall(), 60,
                 "the import to write its events and wait for the run row")
        assert process.poll() is None, "the import ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        gate.rollback()
    wait_for(lambda: not db.scalar(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid()"), 30, "the killed import's backend to end")


@pytest.mark.slow
def test_import_killed_mid_transaction_stores_nothing_and_rerun_imports_each_event_once(
    fault_databases: Callable[[], FaultDatabase], events_file: tuple[Path, int],
) -> None:
    path, total = events_file
    db = fault_databases()
    command = [LOFTE, "import", "polisen-events", "--file", str(path), "--json"]
    process = subprocess.Popen(command, env=db.env(), cwd=ROOT, text=True,  # noqa: S603
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        if db.is_postgres:
            _kill_postgres_import_while_writing(db, process)
        else:
            _kill_sqlite_import_while_writing(db, process)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    # The run row was committed before the transaction (so the attempt is visible) and was
    # never finished; not one event of the killed transaction is stored.
    assert db.query("SELECT status, finished_at FROM imports_importrun") == [("running", None)]
    assert db.scalar("SELECT count(*) FROM imports_policeevent") == 0

    rerun = db.lofte(*command[1:])
    summary = json.loads(rerun.stdout.strip().splitlines()[-1])
    assert summary["status"] == "ok"
    assert (summary["read"], summary["created"], summary["updated"]) == (total, total, 0)
    assert db.query("SELECT count(*), count(DISTINCT external_id) FROM imports_policeevent") \
        == [(total, total)]
    assert db.scalar("SELECT count(*) FROM imports_importrun WHERE status = 'ok'") == 1
    # The rerun found the killed run's process gone and finished its row as failed: no run
    # stays "running" for ever.
    killed = db.query("SELECT status, message, finished_at FROM imports_importrun "
                      "ORDER BY id")[0]
    assert killed[:2] == ("failed", "Avbruten – processen avslutades innan importen var klar. "
                                    "Inget lagrades.")
    assert killed[2] is not None


# --------------------------------------------------------------------------- 2. killed server

SETUP_REPORTER = """
import json
from lofte.accounts.services import create_api_token
from lofte.geo.models import Municipality, PoliceArea
from lofte.incidents.services import ensure_categories
from lofte.organisations import services
from lofte.organisations.models import OrganisationKind, Role
from django.contrib.auth import get_user_model

m = Municipality.objects.get(code="0685")
c = services.create_collaboration(None, municipality=m, slug="vetlanda",
                                  police_area=PoliceArea.objects.get(name="Höglandet"))
org = services.create_organisation(None, name="Vetlanda Bostäder", kind=OrganisationKind.HOUSING)
c.organisations.add(org)
user = get_user_model().objects.create_user("rapportor.vetlanda", "r@example.se", "x-9-y-8-z-7")
services.set_membership(None, collaboration=c, user=user, organisation=org, role=Role.REPORTER)
ensure_categories(None, c)
_, raw = create_api_token(user, name="fault test")
print(json.dumps({"token": raw, "lat": m.centre_lat, "lon": m.centre_lon}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(db: FaultDatabase, port: int) -> subprocess.Popen[bytes]:
    """gunicorn (2 workers x 4 threads) in its own process group; returns once it answers."""
    process = subprocess.Popen(  # noqa: S603 - our own server
        [GUNICORN, "lofte.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--threads", "4", "--timeout", "30"],
        env=db.env(), cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )

    def ready() -> bool:
        assert process.poll() is None, "gunicorn exited"
        try:
            return httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json",
                             timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(ready, 30, "gunicorn to answer", interval=0.1)
    return process


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


@pytest.mark.slow
def test_server_killed_during_report_burst_keeps_every_acknowledged_report_once(
    fault_databases: Callable[[], FaultDatabase],
) -> None:
    db = fault_databases()
    setup = json.loads(db.lofte("shell", "-c", SETUP_REPORTER).stdout.strip().splitlines()[-1])
    headers = {"Authorization": f"Bearer {setup['token']}"}
    port = _free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    occurred = (timezone.now() - dt.timedelta(hours=1)).isoformat()

    def payload(token: str) -> dict[str, Any]:
        return {"category": "klotter", "occurred_from": occurred, "lat": setup["lat"],
                "lon": setup["lon"], "description": f"Skur {token}", "client_token": token}

    acknowledged: dict[str, int] = {}
    unanswered: list[str] = []
    lock = threading.Lock()
    killed = threading.Event()

    def send(token: str) -> None:
        if killed.is_set():
            with lock:
                unanswered.append(token)
            return
        try:
            response = httpx.post(f"{base}/collaborations/vetlanda/incidents",
                                  json=payload(token), headers=headers, timeout=10)
        except httpx.HTTPError:
            with lock:
                unanswered.append(token)
            return
        with lock:
            if 200 <= response.status_code < 300:
                acknowledged[token] = response.json()["id"]
            else:
                unanswered.append(token)

    server = _start_server(db, port)
    tokens = [uuid.uuid4().hex for _ in range(60)]
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(send, token) for token in tokens]
            wait_for(lambda: len(acknowledged) >= 20, 60, "20 acknowledged reports")
            _kill_group(server)  # SIGKILL to the whole process group, requests in flight
            killed.set()
            for future in futures:
                future.result()
    finally:
        _kill_group(server)
    assert len(acknowledged) >= 20 and unanswered, (len(acknowledged), len(unanswered))

    # Every acknowledged report is stored exactly once, under the id the client was given.
    for token, incident_id in acknowledged.items():
        assert db.query("SELECT id FROM incidents_incident WHERE client_token = %s",
                        (token,)) == [(incident_id,)]
    stored = {token for (token,) in db.query("SELECT client_token FROM incidents_incident")}
    assert stored <= set(tokens)
    _assert_nothing_half_written(db)

    # After a restart the phone resends what got no answer (same client_token): each report
    # ends up stored exactly once, including those committed just before the kill.
    server = _start_server(db, port)
    try:
        with httpx.Client(headers=headers, timeout=10) as client:
            for token in unanswered:
                response = client.post(f"{base}/collaborations/vetlanda/incidents",
                                       json=payload(token))
                assert response.status_code == 201, response.text
            for token, incident_id in list(acknowledged.items())[:5]:
                response = client.get(f"{base}/incidents/{incident_id}")
                assert response.status_code == 200
                assert response.json()["description"] == f"Skur {token}"
    finally:
        _kill_group(server)
    assert db.query("SELECT count(*), count(DISTINCT client_token) FROM incidents_incident") \
        == [(len(tokens), len(tokens))]
    _assert_nothing_half_written(db)


def _assert_nothing_half_written(db: FaultDatabase) -> None:
    """Every report has its category and its audit entry; no photo row lacks its report."""
    assert db.scalar("""
        SELECT count(*) FROM incidents_incident i
        LEFT JOIN incidents_incidentcategory c ON c.id = i.category_id WHERE c.id IS NULL
    """) == 0
    assert db.scalar("""
        SELECT count(*) FROM incidents_incidentphoto p
        LEFT JOIN incidents_incident i ON i.id = p.incident_id WHERE i.id IS NULL
    """) == 0
    incidents = db.scalar("SELECT count(*) FROM incidents_incident")
    audited = db.scalar("""
        SELECT count(DISTINCT object_id) FROM core_auditentry
        WHERE object_type = 'incidents.incident' AND action = 'create'
    """)
    assert audited == incidents


# --------------------------------------------------------------------------- 3. dropped connection


def _terminate_other_backends() -> int:
    import psycopg

    name = connection.settings_dict["NAME"]
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()", (name,),
        ).fetchall()
    return len(rows)


@pytest.fixture
def api_reporter(reporter: Any, vetlanda: Any) -> dict[str, str]:
    from lofte.accounts.services import create_api_token

    _, raw = create_api_token(reporter, name="fault test")
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_terminate_backend exists only on PostgreSQL; "
                    "SQLite has no server connection to drop")
@pytest.mark.django_db(transaction=True)
def test_live_server_survives_terminated_backends(
    live_server: Any, api_reporter: dict[str, str],
) -> None:
    """A real request cycle (request_started → close_old_connections → health check).

    Django's test client disconnects ``close_old_connections`` from the request signals, so
    it never runs the health check and is no witness here; the live server is.
    """
    url = f"{live_server.url}/api/v1/collaborations/vetlanda/incidents"
    try:
        with httpx.Client(headers=api_reporter, timeout=10) as http:
            assert http.get(url).status_code == 200
            assert _terminate_other_backends() >= 1
            response = http.get(url)
            assert response.status_code == 200, response.text[:500]
            assert response.json()["count"] == 0
            assert http.get(url).status_code == 200
    finally:
        connection.close()  # this thread's connection was terminated too; the flush reconnects


# --------------------------------------------------------------------------- 4. full disk


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (30, 20), "blue").save(out, format="PNG")
    return out.getvalue()


def _full_disk_after(monkeypatch: pytest.MonkeyPatch, files_that_fit: int) -> None:
    """Let ``files_that_fit`` files be written, then fail like a full disk."""
    original = FileSystemStorage._save  # type: ignore[attr-defined]
    written = [0]

    def save(self: FileSystemStorage, name: str, content: Any) -> str:
        if written[0] >= files_that_fit:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), name)
        written[0] += 1
        return str(original(self, name, content))

    monkeypatch.setattr(FileSystemStorage, "_save", save)


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.django_db
@pytest.mark.parametrize("files_that_fit", [0, 1], ids=["first-photo", "second-photo"])
@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_full_disk_during_photo_upload_gives_swedish_error_and_stores_nothing(
    login: Any, reporter: Any, vetlanda: Any, settings: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, files_that_fit: int, accept: str,
) -> None:
    from lofte.core.models import AuditEntry
    from lofte.incidents import services
    from lofte.incidents.models import Incident, IncidentPhoto

    settings.MEDIA_ROOT = tmp_path
    services.ensure_categories(None, vetlanda)
    category = vetlanda.incident_categories.get(code="klotter")
    municipality = vetlanda.municipality
    local = timezone.localtime() - dt.timedelta(hours=2)
    _full_disk_after(monkeypatch, files_that_fit)
    photos = [SimpleUploadedFile(f"p{i}.png", _png(), content_type="image/png") for i in (1, 2)]
    response = login(reporter).post(
        reverse("incidents:new", kwargs={"slug": vetlanda.slug}),
        {"category": category.pk, "occurred_from": local.strftime("%Y-%m-%dT%H:%M"),
         "lat": f"{municipality.centre_lat:.6f}", "lon": f"{municipality.centre_lon:.6f}",
         "description": "Klotter på cykelgaraget", "severity": "2",
         "organisation": vetlanda.organisations.get(name="Vetlanda Bostäder").pk,
         "photos": photos},
        headers={"Accept": accept},
    )
    assert response.status_code == 422
    if accept == "application/json":
        assert FULL_DISK_MESSAGE in json.dumps(response.json(), ensure_ascii=False)
    else:
        assert FULL_DISK_MESSAGE in response.content.decode()
    assert not Incident.objects.exists()
    assert not IncidentPhoto.objects.exists()
    assert not AuditEntry.objects.filter(object_type="incidents.incident").exists()
    assert _stored_files(tmp_path) == []
