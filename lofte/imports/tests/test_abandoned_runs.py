"""Runs left "running" by a killed process are finished as failed, and only those."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lofte.imports import services
from lofte.imports.models import ImportRun, RunStatus, Source

pytestmark = pytest.mark.django_db


def dead_pid() -> int:
    process = subprocess.Popen(["true"])  # noqa: S607 - a process that is gone at once
    process.wait()
    return process.pid


def running(*, host: str | None = None, pid: int | None = None, minutes_ago: float = 1,
            collaboration: Any = None) -> ImportRun:
    run = ImportRun.objects.create(source=Source.POLISEN_EVENTS, collaboration=collaboration,
                                   host=socket.gethostname() if host is None else host, pid=pid)
    ImportRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
    return run


def status(run: ImportRun) -> tuple[str, str]:
    run.refresh_from_db()
    return run.status, run.message


def test_run_of_a_dead_process_on_this_host_is_failed_at_once() -> None:
    dead = running(pid=dead_pid())
    alive = running(pid=os.getppid())  # the shell or runner that started pytest: alive
    own = running(pid=os.getpid())
    assert services.fail_abandoned_runs() == 1
    assert status(dead) == (RunStatus.FAILED, services.ABANDONED_MESSAGE)
    assert dead.finished_at is not None and dead.errors == 1
    assert status(alive)[0] == status(own)[0] == RunStatus.RUNNING


def test_other_hosts_runs_are_failed_only_after_the_time_limit(settings: Any) -> None:
    settings.LOFTE_IMPORT_RUN_MAX_MINUTES = 60
    recent = running(host="other-machine", pid=dead_pid(), minutes_ago=59)
    old = running(host="other-machine", pid=12345, minutes_ago=61)
    old_here_alive = running(pid=os.getpid(), minutes_ago=61)  # e.g. a reused process id
    assert services.fail_abandoned_runs() == 2
    assert status(recent)[0] == RunStatus.RUNNING
    assert status(old)[0] == status(old_here_alive)[0] == RunStatus.FAILED


def test_finished_runs_are_left_alone() -> None:
    done = running(pid=dead_pid(), minutes_ago=10_000)
    ImportRun.objects.filter(pk=done.pk).update(status=RunStatus.OK, message="klar")
    assert services.fail_abandoned_runs() == 0
    assert status(done) == (RunStatus.OK, "klar")


def test_a_new_import_finishes_the_abandoned_run_first(geography: None) -> None:
    dead = running(pid=dead_pid())
    summary = services.import_polisen_events(None, [("tom.json", b"[]")])
    assert summary.status == RunStatus.OK
    assert status(dead)[0] == RunStatus.FAILED
    new = ImportRun.objects.get(pk=summary.run_id)
    assert (new.host, new.pid) == (socket.gethostname(), os.getpid())


def test_worker_start_finishes_abandoned_runs(monkeypatch: Any) -> None:
    from lofte.core.management.commands import worker

    started: list[str] = []
    monkeypatch.setattr(worker, "call_command", lambda name: started.append(name))
    dead = running(pid=dead_pid())
    call_command("worker")
    assert started == ["qcluster"]
    assert status(dead)[0] == RunStatus.FAILED


def test_imports_page_shows_the_abandoned_run_as_failed(login: Any, coordinator: Any,
                                                        vetlanda: Any) -> None:
    dead = running(pid=dead_pid(), collaboration=vetlanda)
    response = login(coordinator).get(reverse("imports:runs", kwargs={"slug": "vetlanda"}))
    assert response.status_code == 200
    assert status(dead)[0] == RunStatus.FAILED
    detail = login(coordinator).get(reverse("imports:run", kwargs={"slug": "vetlanda",
                                                                    "pk": dead.pk}))
    assert "Avbruten – processen avslutades innan importen var klar" in detail.content.decode()
