"""`lofte import …`: JSON summary, exit codes, Swedish errors, idempotence, tasks."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lofte.imports import tasks
from lofte.imports.models import ImportRun, PoliceEvent, RunStatus

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "sources" / "tests" / "fixtures"
DATA = Path(__file__).resolve().parents[1] / "data"


def run(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("import", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_polisen_events_json_summary_and_second_run(geography: None) -> None:
    path = str(FIXTURES / "polisen_events_archive_excerpt.jsonl.gz")
    first = run("polisen-events", "--file", path)
    assert set(first) >= {"read", "created", "updated", "unchanged", "skipped", "errors",
                          "summaries", "without_kommun"}
    assert first["created"] > 0 and first["errors"] == 0
    second = run("polisen-events", "--file", path)
    assert second["created"] == second["updated"] == 0
    assert second["unchanged"] == first["created"]


def test_bad_file_exits_non_zero_and_stores_nothing(geography: None, tmp_path: Path) -> None:
    bad = tmp_path / "handelser.jsonl"
    good = json.loads((FIXTURES / "polisen_events_docs_1_6.json").read_text())
    good[1]["url"] = "https://example.com/x"
    bad.write_text("\n".join(json.dumps(r) for r in good))
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import", "polisen-events", "--file", str(bad), "--json", stdout=out)
    assert failure.value.returncode == 1
    assert "handelser.jsonl, rad 2, fält 'url'" in str(failure.value)
    assert json.loads(out.getvalue())["status"] == "failed"
    assert PoliceEvent.objects.count() == 0
    assert ImportRun.objects.get().status == RunStatus.FAILED


def test_other_sources(geography: None, vetlanda: Any) -> None:
    kolada = run("kolada", "--file", str(FIXTURES / "kolada_n07540_2025_docs_2_4.json"))
    assert kolada["created"] == 4 and "summaries" not in kolada
    bra = run("bra", "--file", str(FIXTURES / "bra_sol_dbfil_docs_3_1.txt"))
    assert bra["created"] >= 1
    surveys = run("trygghet", "--file", str(DATA / "demo" / "trygghet_demo.csv"), "--demo")
    assert surveys["created"] == 17
    dialogues = run("dialoger", "--samverkan", "vetlanda", "--file",
                    str(DATA / "templates" / "dialogresultat_mall.csv"))
    assert dialogues["created"] == 3


def test_missing_file_is_an_error(db: Any) -> None:
    with pytest.raises(CommandError):
        call_command("import", "bra", "--file", "/finns/inte.txt", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("import", "bra", stdout=StringIO())


def test_schedule_command(db: Any) -> None:
    out = StringIO()
    call_command("import", "schedule", "--json", stdout=out)
    assert len(json.loads(out.getvalue())["schedules"]) == 2


def test_task_returns_the_failed_summary_instead_of_raising(
    geography: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import httpx

    from lofte.imports import services
    from lofte.imports.sources.net import RetryPolicy
    from lofte.imports.sources.polisen_client import PolisenClient

    def failing_client(*args: Any, **kwargs: Any) -> PolisenClient:
        return PolisenClient(
            "Lofte/0.1 (+https://example.se)",
            transport=httpx.MockTransport(lambda request: httpx.Response(403)),
            retry=RetryPolicy(max_attempts=1), sleep=lambda s: None,
        )

    monkeypatch.setattr("lofte.imports.sources.polisen_client.PolisenClient", failing_client)
    monkeypatch.setattr(services, "_polisen_limiter", lambda: None)
    result = tasks.fetch_polisen_events()
    assert result["status"] == "failed" and "403" in result["message"]
