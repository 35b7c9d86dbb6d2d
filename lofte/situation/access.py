"""Scoped reads of lägesbilder: other collaborations' reports answer 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lofte.core import audit
from lofte.organisations.access import Scope
from lofte.situation.models import Problem, ProblemMeasureLink, SituationReport


def get_report_for_scope(scope: Scope, pk: int) -> SituationReport:
    """The report ``pk`` of the scope's collaboration. Raises Http404."""
    report = (SituationReport.objects.select_related("collaboration__municipality",
                                                     "previous_version")
              .filter(pk=pk, collaboration=scope.collaboration).first())
    if report is None:
        raise Http404
    return report


def get_problem_for_scope(scope: Scope, report: SituationReport, pk: int) -> Problem:
    """A problem of ``report``; police-only problems exist only for police members."""
    problem = report.problems.filter(pk=pk).first()
    if problem is None or (problem.is_police_only and not scope.is_police):
        raise Http404
    return problem


def get_link_for_scope(scope: Scope, report: SituationReport, pk: int) -> ProblemMeasureLink:
    link = (ProblemMeasureLink.objects.select_related("problem", "activity")
            .filter(pk=pk, problem__report=report).first())
    if link is None or (link.problem.is_police_only and not scope.is_police):
        raise Http404
    return link


def visible_figures(report: SituationReport, scope: Scope) -> list[dict[str, Any]]:
    """Figures the member may see: police-only figures only for police members."""
    figures = (report.snapshot or {}).get("figures", [])
    return [f for f in figures if scope.is_police or not f.get("police_only")]


def visible_problems(report: SituationReport, scope: Scope) -> list[Problem]:
    problems = report.problems.prefetch_related("measure_links__activity__promise")
    return [p for p in problems if scope.is_police or not p.is_police_only]


def has_police_only_content(report: SituationReport) -> bool:
    """Whether ``report`` holds anything only police members see (text, problem or figure)."""
    return (report.sections.filter(is_police_only=True).exclude(body="").exists()
            or report.problems.filter(is_police_only=True).exists()
            or any(f.get("police_only") for f in (report.snapshot or {}).get("figures", [])))


def record_police_read(user: Any, scope: Scope, report: SituationReport, *, channel: str) -> None:
    """Audit that a police member was shown the police-only parts of ``report``.

    Other members never see those parts, so only police reads of a report that has them are
    recorded (one entry per page, PDF or API call).
    """
    if scope.is_police and has_police_only_content(report):
        audit.record_read(user, report, note=f"polisens avsnitt ({channel})")
