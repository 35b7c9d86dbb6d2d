"""Every read of sensitive records leaves exactly one audit entry.

The walk covers single reports and tips (web detail, edit form, API), lists and exports of
report free text or exact positions (API list, review queue, the weekly picture's point map,
CSV, GeoJSON and PDF), meetings (page and minutes PDF: notes, participants, decisions on
reports), the police-only parts of a lägesbild (page, PDF, API) and the register
extract. Each case fails if its ``audit.record``/``record_read`` call is removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from lofte.core.models import AuditEntry
from lofte.privacy.tests.conftest import CITIZEN_EMAIL
from lofte.situation import services as situation

pytestmark = pytest.mark.django_db

BASE = "/samverkan/vetlanda"


@pytest.fixture
def lagesbild(planted: dict[str, Any], vetlanda: Any, coordinator: Any,
              police_coordinator: Any) -> Any:
    today = dt.date.today()
    report = situation.draft_situation_report(coordinator, vetlanda,
                                              today - dt.timedelta(days=90), today)
    situation.update_section(police_coordinator, report, "underrattelse",
                             "Nätverket rör sig mellan skolan och centrum.", is_police=True)
    return report


def _get(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


# name → (who, what to request, expected (action, object_type), expected object id or None)
def cases(p: dict[str, Any], report: Any) -> dict[str, tuple[str, Callable[[Any], None],
                                                              tuple[str, str], str | None]]:
    tip, own = p["tip"], p["own_report"]
    return {
        "tip detail (web)": ("coordinator", lambda c: _get(c, f"{BASE}/rapporter/{tip.pk}/"),
                             ("read", "incidents.incident"), str(tip.pk)),
        "report edit form (web)": ("reporter",
                                   lambda c: _get(c, f"{BASE}/rapporter/{own.pk}/andra/"),
                                   ("read", "incidents.incident"), str(own.pk)),
        "report (API)": ("coordinator", lambda c: _get(c, f"/api/v1/incidents/{own.pk}"),
                         ("read", "incidents.incident"), str(own.pk)),
        "report list (API)": ("coordinator",
                              lambda c: _get(c, "/api/v1/collaborations/vetlanda/incidents"),
                              ("read", "incidents.incident"), None),
        "review queue": ("coordinator", lambda c: _get(c, f"{BASE}/rapporter/granska/"),
                         ("read", "incidents.incident"), None),
        "picture point map": ("coordinator",
                              lambda c: _get(c, f"{BASE}/veckobild/karta.geojson"),
                              ("read", "incidents.incident"), None),
        "picture CSV": ("coordinator", lambda c: _get(c, f"{BASE}/veckobild/export.csv"),
                        ("export", "incidents.incident"), None),
        "picture GeoJSON": ("coordinator",
                            lambda c: _get(c, f"{BASE}/veckobild/export.geojson"),
                            ("export", "incidents.incident"), None),
        "picture PDF": ("coordinator", lambda c: _get(c, f"{BASE}/veckobild/veckobild.pdf"),
                        ("export", "incidents.incident"), None),
        "police lägesbild (web)": ("police_coordinator",
                                   lambda c: _get(c, f"{BASE}/lagesbild/{report.pk}/"),
                                   ("read", "situation.situationreport"), str(report.pk)),
        "police lägesbild (PDF)": ("police_coordinator",
                                   lambda c: _get(c, f"{BASE}/lagesbild/{report.pk}/pdf/"),
                                   ("read", "situation.situationreport"), str(report.pk)),
        "police lägesbild (API)": (
            "police_coordinator",
            lambda c: _get(c, f"/api/v1/collaborations/vetlanda/situation-reports/{report.pk}"),
            ("read", "situation.situationreport"), str(report.pk)),
        "meeting page": ("coordinator",
                         lambda c: _get(c, f"{BASE}/moten/{p['meeting'].pk}/"),
                         ("read", "incidents.meeting"), str(p["meeting"].pk)),
        "meeting minutes (PDF)": (
            "coordinator", lambda c: _get(c, f"{BASE}/moten/{p['meeting'].pk}/protokoll.pdf"),
            ("read", "incidents.meeting"), str(p["meeting"].pk)),
        "register extract": ("coordinator",
                             lambda c: call_command("privacy", "extract", "--email",
                                                    CITIZEN_EMAIL, "--out", "/dev/null"),
                             ("export", "privacy.extract"), None),
    }


CASE_NAMES = ["tip detail (web)", "report edit form (web)", "report (API)",
              "report list (API)", "review queue", "picture point map", "picture CSV",
              "picture GeoJSON", "picture PDF", "police lägesbild (web)",
              "police lägesbild (PDF)", "police lägesbild (API)", "meeting page",
              "meeting minutes (PDF)", "register extract"]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_each_read_of_sensitive_records_is_audited_once(
        name: str, planted: dict[str, Any], lagesbild: Any, login: Any, coordinator: Any,
        police_coordinator: Any, reporter: Any, settings: Any) -> None:
    settings.LOFTE_PICTURE_CACHE_SECONDS = 0
    who, request, (action, object_type), object_id = cases(planted, lagesbild)[name]
    client = login({"coordinator": coordinator, "police_coordinator": police_coordinator,
                    "reporter": reporter}[who])
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    request(client)
    new = list(AuditEntry.objects.filter(id__gt=before).filter(action__in=["read", "export"]))
    assert [(e.action, e.object_type) for e in new] == [(action, object_type)], name
    if object_id is not None:
        assert new[0].object_id == object_id


def test_the_walk_covers_every_case(planted: dict[str, Any], lagesbild: Any) -> None:
    assert sorted(cases(planted, lagesbild)) == sorted(CASE_NAMES)


def test_members_without_police_content_leave_no_police_read(
        planted: dict[str, Any], lagesbild: Any, login: Any, coordinator: Any) -> None:
    """The kommun's coordinator is not shown the police-only section: no read is claimed."""
    reads = AuditEntry.objects.filter(action="read", object_type="situation.situationreport")
    before = reads.count()
    _get(login(coordinator), f"{BASE}/lagesbild/{lagesbild.pk}/")
    assert reads.count() == before


def test_cached_answers_are_audited_too(planted: dict[str, Any], login: Any,
                                        coordinator: Any, settings: Any) -> None:
    """A point map served from the cache is still a read: every request leaves its entry."""
    settings.LOFTE_PICTURE_CACHE_SECONDS = 300
    client = login(coordinator)
    reads = AuditEntry.objects.filter(action="read", note="karta")
    before = reads.count()
    for _ in range(2):
        _get(client, f"{BASE}/veckobild/karta.geojson")
    assert reads.count() == before + 2
