"""Writes of the situation app: each function is one transaction with one audit entry."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from lofte.core.audit import record, snapshot
from lofte.core.audit import redacted as audit_redacted
from lofte.core.models import AuditAction
from lofte.organisations.models import Collaboration, Membership, OrganisationKind, Role
from lofte.situation import disclosure, generation
from lofte.situation.models import (
    POLICE_ONLY_KINDS,
    SECTION_ORDER,
    PeakReminder,
    Problem,
    ProblemMeasureLink,
    ReportSection,
    ReportStatus,
    SituationReport,
)

logger = logging.getLogger(__name__)

PROBLEM_FIELDS = ("title", "description", "priority", "place_name", "latitude", "longitude",
                  "time_pattern", "triangle_place", "triangle_offender", "triangle_target",
                  "suspected_causes", "is_police_only", "source_figure")
MAX_PERIOD_DAYS = 3 * 366
REMINDER_DAYS_BEFORE = 14


def _is_user(actor: Any) -> bool:
    return actor is not None and bool(getattr(actor, "is_authenticated", False))


def _validate_period(start: dt.date, end: dt.date) -> None:
    if start.year < 1900 or end.year > 2100:
        raise ValidationError({"period_start": gettext("Ange datum mellan år 1900 och 2100.")})
    if end < start:
        raise ValidationError({"period_end": gettext("Slutdatum måste vara samma som eller "
                                                     "efter startdatum.")})
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationError({"period_end": gettext("En lägesbild omfattar högst tre år.")})


def _require_editable(report: SituationReport) -> None:
    if not report.is_editable:
        raise ValidationError(
            gettext("Lägesbilden är godkänd och kan inte ändras. Skapa en ny version."))


def _withdraw_review(report: SituationReport) -> list[str]:
    """A change to a reviewed report sends it back to draft and withdraws approvals."""
    changed = []
    if report.status == ReportStatus.REVIEWED:
        report.status = ReportStatus.DRAFT
        changed.append("status")
    for name in ("municipality_approved_at", "municipality_approved_by", "police_approved_at",
                 "police_approved_by"):
        if getattr(report, name) is not None:
            setattr(report, name, None)
            changed.append(name)
    return changed


@transaction.atomic
def draft_situation_report(actor: Any, collaboration: Collaboration, start: dt.date,
                           end: dt.date, *, title: str = "") -> SituationReport:
    """Create a draft lägesbild for [start, end] with every section and a fresh snapshot.

    Raises ValidationError for a reversed or too long period.
    """
    _validate_period(start, end)
    title = title.strip() or (
        f"Lägesbild {collaboration.municipality.name} {start:%Y-%m-%d} – {end:%Y-%m-%d}"
    )
    report = SituationReport(
        collaboration=collaboration, title=title[:200], period_start=start, period_end=end,
        created_by=actor if _is_user(actor) else None,
        snapshot=generation.compose_snapshot(collaboration, start, end),
        generated_at=timezone.now(),
    )
    report.full_clean(exclude=["previous_version", "created_by"])
    report.save()
    ReportSection.objects.bulk_create([
        ReportSection(report=report, kind=kind, is_police_only=kind in POLICE_ONLY_KINDS)
        for kind in SECTION_ORDER
    ])
    record(actor, AuditAction.CREATE, report,
           after=snapshot(report, ["title", "period_start", "period_end", "version"]))
    return report


@transaction.atomic
def regenerate_snapshot(actor: Any, report: SituationReport) -> SituationReport:
    """Draw the figures again from today's data (drafts only)."""
    _require_editable(report)
    report.snapshot = generation.compose_snapshot(report.collaboration, report.period_start,
                                                  report.period_end)
    report.generated_at = timezone.now()
    changed = _withdraw_review(report)
    report.save(update_fields=["snapshot", "generated_at", "updated_at", *changed])
    record(actor, AuditAction.UPDATE, report, note="underlaget genererades på nytt")
    return report


@transaction.atomic
def update_report(actor: Any, report: SituationReport, *, title: str) -> SituationReport:
    _require_editable(report)
    if not title.strip():
        raise ValidationError({"title": gettext("Ange en rubrik.")})
    before = snapshot(report, ["title"])
    report.title = title.strip()[:200]
    changed = _withdraw_review(report)
    report.save(update_fields=["title", "updated_at", *changed])
    record(actor, AuditAction.UPDATE, report, before=before, after=snapshot(report, ["title"]))
    return report


@transaction.atomic
def update_section(actor: Any, report: SituationReport, kind: str, body: str, *,
                   is_police: bool) -> ReportSection:
    """Write a section's text. Police-only sections are written by police members only.

    Raises ValidationError (not editable, unknown section) or PermissionError.
    """
    _require_editable(report)
    if kind not in SECTION_ORDER:
        raise ValidationError({"kind": gettext("Okänt avsnitt.")})
    if kind in POLICE_ONLY_KINDS and not is_police:
        raise PermissionError(gettext("Bara polisen skriver underrättelseavsnittet."))
    section, _ = ReportSection.objects.get_or_create(
        report=report, kind=kind, defaults={"is_police_only": kind in POLICE_ONLY_KINDS})
    # The log is append-only: a section's text (which may name people) is kept only as a
    # keyed digest, so a radering can remove it from the report without it staying here.
    before = {"body": audit_redacted(section.body)}
    section.body = body.strip()
    section.save(update_fields=["body", "updated_at"])
    changed = _withdraw_review(report)
    report.save(update_fields=["updated_at", *changed])
    record(actor, AuditAction.UPDATE, section, collaboration_id=report.collaboration_id,
           before=None if section.is_police_only else before,
           after=None if section.is_police_only else {"body": audit_redacted(section.body)},
           note=f"avsnitt {kind}")
    return section


@transaction.atomic
def save_problem(actor: Any, report: SituationReport, *, problem: Problem | None = None,
                 is_police: bool = False, **fields: Any) -> Problem:
    """Create or change a prioritised problem. Raises ValidationError or PermissionError."""
    _require_editable(report)
    data = {k: v for k, v in fields.items() if k in PROBLEM_FIELDS}
    if not str(data.get("title", problem.title if problem else "")).strip():
        raise ValidationError({"title": gettext("Ange problemet.")})
    if (data.get("latitude") is None) != (data.get("longitude") is None):
        raise ValidationError({"latitude": gettext("Ange både latitud och longitud, eller ingen.")})
    if problem is not None and problem.report_id != report.pk:
        raise ValidationError(gettext("Problemet hör till en annan lägesbild."))
    if not is_police and (data.get("is_police_only") or (problem and problem.is_police_only)):
        raise PermissionError(
            gettext("Bara polisen hanterar problem som bygger på underrättelser."))
    is_new = problem is None
    if problem is None:
        problem = Problem(report=report, position=report.problems.count() + 1)
    names = list(data.keys())
    before = None if is_new else snapshot(problem, names)
    for name, value in data.items():
        setattr(problem, name, "" if value is None and name not in (
            "latitude", "longitude", "priority") else value)
    problem.full_clean(exclude=["report"])
    problem.save()
    changed = _withdraw_review(report)
    report.save(update_fields=["updated_at", *changed])
    record(actor, AuditAction.CREATE if is_new else AuditAction.UPDATE, problem,
           collaboration_id=report.collaboration_id, before=before,
           after=snapshot(problem, names))
    return problem


@transaction.atomic
def delete_problem(actor: Any, problem: Problem, *, is_police: bool = False) -> None:
    report = problem.report
    _require_editable(report)
    if problem.is_police_only and not is_police:
        raise PermissionError(
            gettext("Bara polisen hanterar problem som bygger på underrättelser."))
    record(actor, AuditAction.DELETE, problem, collaboration_id=report.collaboration_id,
           before=snapshot(problem, ["title", "priority"]))
    problem.delete()
    changed = _withdraw_review(report)
    report.save(update_fields=["updated_at", *changed])


@transaction.atomic
def mark_reviewed(actor: Any, report: SituationReport) -> SituationReport:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(gettext("Bara ett utkast kan markeras som granskat."))
    report.status = ReportStatus.REVIEWED
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor if _is_user(actor) else None
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
    record(actor, AuditAction.UPDATE, report, after={"status": report.status})
    return report


def party_of(membership: Membership) -> str:
    kind = membership.organisation.kind
    if kind == OrganisationKind.POLICE_AREA:
        return "police"
    if kind == OrganisationKind.MUNICIPALITY:
        return "municipality"
    raise ValidationError(gettext("Bara kommunen och polisen godkänner lägesbilden."))


@transaction.atomic
def approve_report(actor: Any, report: SituationReport, membership: Membership
                   ) -> SituationReport:
    """Approve a reviewed report for the member's party; both parties make it approved."""
    if report.status != ReportStatus.REVIEWED:
        raise ValidationError(gettext("Lägesbilden måste vara granskad innan den godkänns."))
    party = party_of(membership)
    now = timezone.now()
    setattr(report, f"{party}_approved_at", now)
    setattr(report, f"{party}_approved_by", actor if _is_user(actor) else None)
    fields = [f"{party}_approved_at", f"{party}_approved_by", "updated_at"]
    if report.municipality_approved_at and report.police_approved_at:
        report.status = ReportStatus.APPROVED
        fields.append("status")
    report.save(update_fields=fields)
    record(actor, AuditAction.UPDATE, report, after={"approved_by": party,
                                                     "status": report.status})
    return report


@transaction.atomic
def publish_report(actor: Any, report: SituationReport) -> SituationReport:
    """Publish the public version of an approved report; earlier published versions of the
    collaboration are superseded."""
    if report.status != ReportStatus.APPROVED:
        raise ValidationError(gettext("Bara en lägesbild som båda parter godkänt kan publiceras."))
    report.public_snapshot = disclosure.public_snapshot(report)
    report.published_at = timezone.now()
    report.status = ReportStatus.PUBLISHED
    report.save(update_fields=["public_snapshot", "published_at", "status", "updated_at"])
    SituationReport.objects.filter(
        collaboration_id=report.collaboration_id, status=ReportStatus.PUBLISHED,
    ).exclude(pk=report.pk).update(status=ReportStatus.SUPERSEDED)
    record(actor, AuditAction.UPDATE, report, after={"status": report.status,
                                                     "published_at": report.published_at})
    return report


@transaction.atomic
def new_version(actor: Any, report: SituationReport, *, note: str = "",
                regenerate: bool = True) -> SituationReport:
    """A new draft version: texts, problems and their links copied; figures drawn anew."""
    if report.is_editable:
        raise ValidationError(gettext("Utkastet kan ändras direkt; en ny version behövs inte."))
    if SituationReport.objects.filter(previous_version=report).exists():
        raise ValidationError(gettext("Det finns redan en nyare version."))
    copy = SituationReport(
        collaboration=report.collaboration, title=report.title,
        period_start=report.period_start, period_end=report.period_end,
        version=report.version + 1, previous_version=report, revision_note=note.strip(),
        created_by=actor if _is_user(actor) else None,
        snapshot=(generation.compose_snapshot(report.collaboration, report.period_start,
                                              report.period_end)
                  if regenerate else report.snapshot),
        generated_at=timezone.now() if regenerate else report.generated_at,
    )
    copy.save()
    ReportSection.objects.bulk_create([
        ReportSection(report=copy, kind=s.kind, body=s.body, is_police_only=s.is_police_only)
        for s in report.sections.all()
    ])
    for problem in report.problems.prefetch_related("measure_links"):
        links = list(problem.measure_links.all())
        problem.pk = None
        problem.report = copy
        problem.save()
        ProblemMeasureLink.objects.bulk_create([
            ProblemMeasureLink(problem=problem, activity_id=link.activity_id,
                               created_by=link.created_by) for link in links
        ])
    record(actor, AuditAction.CREATE, copy, after={"version": copy.version,
                                                   "previous_version": report.pk,
                                                   "note": copy.revision_note})
    return copy


@transaction.atomic
def link_measure(actor: Any, problem: Problem, activity: Any) -> ProblemMeasureLink:
    """Link an activity (measure) of the same collaboration to a problem."""
    if activity.promise.collaboration_id != problem.report.collaboration_id:
        raise ValidationError({"activity": gettext("Aktiviteten hör till en annan samverkan.")})
    link, created = ProblemMeasureLink.objects.get_or_create(
        problem=problem, activity=activity,
        defaults={"created_by": actor if _is_user(actor) else None})
    record(actor, AuditAction.CREATE if created else AuditAction.UPDATE, link,
           collaboration_id=problem.report.collaboration_id,
           after={"problem": problem.pk, "activity": activity.pk})
    return link


@transaction.atomic
def unlink_measure(actor: Any, link: ProblemMeasureLink) -> None:
    record(actor, AuditAction.DELETE, link,
           collaboration_id=link.problem.report.collaboration_id,
           before={"problem": link.problem_id, "activity": link.activity_id})
    link.delete()


@transaction.atomic
def create_activity_from_problem(actor: Any, problem: Problem, promise: Any, *,
                                 responsible: str, **fields: Any) -> ProblemMeasureLink:
    """Create an activity in a draft promise or åtgärdsplan answering ``problem``, linked.

    ``responsible`` is the activity's party (promises' ``Actor``: kommunen, polisen, …). The
    promises app's ``save_activity`` validates and audits the activity; this records the
    link. Raises ValidationError.
    """
    from lofte.promises import services as promise_services

    if promise.collaboration_id != problem.report.collaboration_id:
        raise ValidationError({"promise": gettext("Löftet hör till en annan samverkan.")})
    fields.setdefault("problems", problem.title)
    fields.setdefault("finding_reference",
                      f"{problem.report.title} (v{problem.report.version}): {problem.title}"[:300])
    if not fields.get("place_name") and problem.place_name:
        fields["place_name"] = problem.place_name
    fields["actor"] = responsible
    activity = promise_services.save_activity(actor, promise, **fields)
    link = ProblemMeasureLink.objects.create(problem=problem, activity=activity,
                                             created_by=actor if _is_user(actor) else None)
    record(actor, AuditAction.CREATE, link, collaboration_id=problem.report.collaboration_id,
           after={"problem": problem.pk, "activity": activity.pk}, note="åtgärd från problem")
    return link


def _coordinator_addresses(collaboration: Collaboration) -> list[str]:
    return sorted({
        m.user.email for m in Membership.objects.filter(
            collaboration=collaboration, role__in=[Role.COORDINATOR, Role.ADMINISTRATOR],
            user__is_active=True).select_related("user")
        if m.user.email
    })


@transaction.atomic
def send_peak_reminders(actor: Any = None, *, as_of: dt.date | None = None,
                        days_before: int = REMINDER_DAYS_BEFORE) -> int:
    """E-mail coordinators about årshjul peaks and risk days within ``days_before`` days.

    Each (collaboration, peak, date) is reminded once; returns the number of e-mails sent.
    """
    from lofte.situation import yearwheel

    as_of = as_of or timezone.localdate()
    sent = 0
    for collaboration in Collaboration.objects.filter(is_active=True).select_related(
            "municipality"):
        for peak in yearwheel.upcoming(collaboration, as_of):
            if not as_of <= peak.date <= as_of + dt.timedelta(days=days_before):
                continue
            if PeakReminder.objects.filter(collaboration=collaboration, peak_key=peak.key,
                                           peak_date=peak.date).exists():
                continue
            recipients = _coordinator_addresses(collaboration)
            if recipients:
                send_mail(
                    f"Årshjulet: {peak.label} närmar sig ({collaboration.municipality.name})",
                    f"Hej!\n\nEnligt årshjulet för {collaboration.name} närmar sig "
                    f"{peak.label} ({peak.date:%Y-%m-%d}). {peak.reason}\n\nPlanera "
                    "insatserna i tid.\n\n/Löfte",
                    settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False,
                )
                sent += 1
            reminder = PeakReminder.objects.create(
                collaboration=collaboration, peak_key=peak.key, peak_date=peak.date,
                recipients=len(recipients))
            record(actor, AuditAction.CREATE, reminder, collaboration_id=collaboration.pk,
                   after={"peak": peak.label, "date": peak.date,
                          "recipients": len(recipients)})
    return sent
