"""JSON API of the lägesbild: list, read and draft (members), the published version (all)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Status

from lofte.accounts.api_auth import AUTH
from lofte.core.schemas import ErrorOut
from lofte.organisations.access import Scope, get_scope_for_user
from lofte.situation import access, queries, services
from lofte.situation.models import SituationReport
from lofte.situation.presentation import SECTION_TITLES
from lofte.situation.schemas import (
    PublicSituationReportOut,
    SituationReportIn,
    SituationReportOut,
    SituationReportSummaryOut,
)

router = Router(tags=["Lägesbild"])


def _summary(report: SituationReport) -> dict[str, Any]:
    return {"id": report.pk, "title": report.title, "period_start": report.period_start,
            "period_end": report.period_end, "version": report.version,
            "status": report.status, "published_at": report.published_at}


def _full(report: SituationReport, scope: Scope) -> dict[str, Any]:
    return {
        **_summary(report),
        "sections": [{"kind": s.kind, "title": SECTION_TITLES[s.kind], "body": s.body,
                      "is_police_only": s.is_police_only}
                     for s in sorted(report.sections.all(), key=lambda s: s.position)
                     if scope.is_police or not s.is_police_only],
        "problems": [{**{f: getattr(p, f) for f in (
            "title", "description", "priority", "place_name", "latitude", "longitude",
            "time_pattern", "triangle_place", "triangle_offender", "triangle_target",
            "suspected_causes", "is_police_only")}, "id": p.pk,
            "activity_ids": [link.activity_id for link in p.measure_links.all()]}
            for p in access.visible_problems(report, scope)],
        "figures": access.visible_figures(report, scope),
        "sources": (report.snapshot or {}).get("sources", []),
        "generated_at": report.generated_at,
    }


@router.get("/collaborations/{slug}/situation-reports", auth=AUTH,
            response={200: list[SituationReportSummaryOut], 404: ErrorOut},
            summary="Samverkans lägesbilder")
def list_reports(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    scope = get_scope_for_user(request.user, slug, "situation.view")
    return [_summary(r) for r in queries.reports_of(scope.collaboration)]


@router.get("/collaborations/{slug}/situation-reports/{report_id}", auth=AUTH,
            response={200: SituationReportOut, 404: ErrorOut},
            summary="En lägesbild med text, problem och figurer")
def get_report(request: HttpRequest, slug: str, report_id: int) -> dict[str, Any]:
    scope = get_scope_for_user(request.user, slug, "situation.view")
    report = access.get_report_for_scope(scope, report_id)
    access.record_police_read(request.user, scope, report, channel="api")
    return _full(report, scope)


@router.post("/collaborations/{slug}/situation-reports", auth=AUTH,
             response={201: SituationReportOut, 404: ErrorOut, 422: ErrorOut},
             summary="Ta fram ett utkast till lägesbild för en period")
def draft_report(request: HttpRequest, slug: str, payload: SituationReportIn
                 ) -> Status[Any]:
    scope = get_scope_for_user(request.user, slug, "situation.edit")
    try:
        report = services.draft_situation_report(request.user, scope.collaboration,
                                                 payload.start, payload.end,
                                                 title=payload.title)
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(201, _full(report, scope))


@router.get("/public/situation-reports/{code}",
            response={200: PublicSituationReportOut, 404: ErrorOut},
            summary="Kommunens publicerade lägesbild (offentlig version)")
def public_report(request: HttpRequest, code: str) -> dict[str, Any]:
    report = queries.published_public_report_for(code)
    if report is None or report.published_at is None:
        raise Http404
    return {"municipality_code": report.collaboration.municipality.code,
            "published_at": report.published_at, "report": report.public_snapshot or {}}
