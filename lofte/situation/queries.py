"""Shared read queries of the situation app, including the public ones."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lofte.situation.models import ReportStatus, SituationReport


def reports_of(collaboration: Any) -> QuerySet[SituationReport]:
    return (SituationReport.objects.filter(collaboration=collaboration)
            .select_related("collaboration__municipality").order_by("-period_end", "-version"))


def published_public_report_for(municipality: Any) -> SituationReport | None:
    """The newest published lägesbild of a kommun (a Municipality or its code), or None.

    Only ``report.public_snapshot`` is public: police-only content removed, small counts
    suppressed and places coarsened. Use it, never ``report.snapshot``, on public pages.
    """
    code = getattr(municipality, "code", municipality)
    return (SituationReport.objects.filter(
        collaboration__municipality__code=code, status=ReportStatus.PUBLISHED,
        published_at__isnull=False, public_snapshot__isnull=False,
    ).select_related("collaboration__municipality").order_by("-published_at").first())


def published_reports_for(municipality: Any) -> QuerySet[SituationReport]:
    code = getattr(municipality, "code", municipality)
    return SituationReport.objects.filter(
        collaboration__municipality__code=code, published_at__isnull=False,
        public_snapshot__isnull=False,
    ).order_by("-published_at")


def problems_without_measure(report: SituationReport, *, include_police_only: bool
                             ) -> list[Any]:
    """The gap Brå found most often: prioritised problems no measure answers yet."""
    problems = report.problems.filter(measure_links__isnull=True)
    if not include_police_only:
        problems = problems.filter(is_police_only=False)
    return list(problems)
