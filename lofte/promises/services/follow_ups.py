"""Tertial follow-ups and yearly reviews: composed, edited, approved by both, published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lofte.core.audit import record
from lofte.core.models import AuditAction
from lofte.organisations.models import Membership
from lofte.promises import progress as calc
from lofte.promises import queries
from lofte.promises.models import (
    Approval,
    FollowUp,
    FollowUpPeriodKind,
    FollowUpStatus,
    Party,
    Promise,
    PromiseStatus,
)
from lofte.promises.services._common import (
    _label,
    party_of,
)

# --- Follow-up --------------------------------------------------------------------------------

def follow_up_window(period_kind: str, year: int, number: int) -> tuple[dt.date, dt.date]:
    if period_kind == FollowUpPeriodKind.TERTIAL:
        return calc.tertial_bounds(year, number)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def compose_text(computed: queries.PromiseProgress, label: str) -> str:
    """The automatic summary of a follow-up, in plain Swedish, for the coordinator to edit."""
    counts = computed.rollup.counts
    done_total = sum(a.records_in_window for a in computed.activities)
    lines = [
        f"{label}: under perioden genomfördes {done_total} aktiviteter inom "
        f"”{computed.promise.title}”.",
        f"Av löftets {computed.rollup.total} aktiviteter är {counts.get('klar', 0)} klara, "
        f"{counts.get('i_fas', 0)} i fas, {counts.get('risk', 0)} i riskzonen och "
        f"{counts.get('efter', 0)} efter plan. Sammantaget är {computed.rollup.percent} % av "
        "målen uppfyllda.",
        "",
    ]
    threshold = settings.LOFTE_PUBLIC_MIN_COUNT
    for item in computed.activities:
        # The text is published: small outcome counts are suppressed as on public pages.
        figures = ", ".join(
            f"färre än {threshold} {k}" if 0 < v < threshold else f"{_number(v)} {k}"
            for k, v in item.figures.items())
        line = (f"- {item.activity.actor_label}: {item.activity.description} – "
                f"{item.records_in_window} under perioden, totalt {item.progress.done}"
                f"{' av ' + str(item.progress.target) if item.progress.target else ''} "
                f"({item.status_label.lower()})")
        lines.append(line + (f". Utfall: {figures}." if figures else "."))
    indicators = [f"- {item.activity.indicators}" for item in computed.activities
                  if item.activity.indicators]
    if indicators:
        lines += ["", "Indikatorer att följa för effekten:", *indicators]
    return "\n".join(lines)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def build_snapshot(computed: queries.PromiseProgress, window: tuple[dt.date, dt.date]
                   ) -> dict[str, Any]:
    return {
        "as_of": computed.as_of.isoformat(),
        "window": [window[0].isoformat(), window[1].isoformat()],
        "status": computed.rollup.status.value,
        "percent": computed.rollup.percent,
        "counts": computed.rollup.counts,
        "activities": [
            {"id": item.activity.pk, "description": item.activity.description,
             "actor": item.activity.actor_label, "target": item.target_text,
             "target_count": item.progress.target, "done": item.progress.done,
             "in_period": item.records_in_window, "expected": item.progress.expected_whole,
             "status": item.status, "status_label": item.status_label,
             "percent": item.progress.percent, "figures": item.figures,
             "assessment": item.activity.assessment,
             "indicators": item.activity.indicators}
            for item in computed.activities
        ],
    }


@transaction.atomic
def compose_follow_up(actor: Any, promise: Promise, *, period_kind: str, year: int,
                      number: int = 0) -> FollowUp:
    """Create, or recompute while still a draft, the follow-up of one tertial or year."""
    if promise.status not in (PromiseStatus.PUBLISHED, PromiseStatus.REVISED,
                              PromiseStatus.CLOSED, PromiseStatus.SIGNED):
        raise ValidationError("Uppföljning görs av undertecknade eller publicerade löften.")
    if period_kind == FollowUpPeriodKind.YEAR:
        number = 0
    try:
        window = follow_up_window(period_kind, year, number)
    except ValueError as error:
        raise ValidationError({"number": str(error)}) from error
    if window[1] < promise.period_start or window[0] > promise.period_end:
        raise ValidationError({"year": "Perioden ligger utanför löftets giltighetstid."})
    if window[0] > queries.today():
        raise ValidationError({"year": "Perioden har inte börjat än."})
    as_of = min(window[1], queries.today())
    structured = queries.with_structure(Promise.objects.filter(pk=promise.pk)).get()
    computed = queries.compute(structured, as_of=as_of, window=window)
    label = (f"Tertial {number} {year}" if period_kind == FollowUpPeriodKind.TERTIAL
             else f"Årlig översyn {year}")
    follow_up = FollowUp.objects.filter(promise=promise, period_kind=period_kind, year=year,
                                        number=number).first()
    is_new = follow_up is None
    if follow_up is None:
        follow_up = FollowUp(promise=promise, period_kind=period_kind, year=year, number=number)
    elif follow_up.status != FollowUpStatus.DRAFT:
        raise ValidationError("Uppföljningen är redan godkänd och kan inte räknas om.")
    follow_up.period_start, follow_up.period_end = window
    follow_up.snapshot = build_snapshot(computed, window)
    if is_new or not follow_up.text.strip():
        follow_up.text = compose_text(computed, label)
    follow_up.composed_at = timezone.now()
    follow_up.save()
    follow_up.approvals.all().delete()
    record(actor, AuditAction.CREATE if is_new else AuditAction.UPDATE, follow_up,
           collaboration_id=promise.collaboration_id,
           after={"period": label, "percent": computed.rollup.percent}, note="sammanställde")
    return follow_up


@transaction.atomic
def update_follow_up_text(actor: Any, follow_up: FollowUp, *, text: str) -> FollowUp:
    if follow_up.status != FollowUpStatus.DRAFT:
        raise ValidationError("Uppföljningen är godkänd och kan inte ändras.")
    if not text.strip():
        raise ValidationError({"text": "Skriv en sammanfattning."})
    before = {"text": follow_up.text}
    follow_up.text = text.strip()
    follow_up.save(update_fields=["text", "updated_at"])
    follow_up.approvals.all().delete()
    record(actor, AuditAction.UPDATE, follow_up, collaboration_id=follow_up.collaboration_id,
           before=before, after={"text": follow_up.text})
    return follow_up


@transaction.atomic
def approve_follow_up(actor: Any, follow_up: FollowUp, membership: Membership) -> Approval:
    if follow_up.status != FollowUpStatus.DRAFT:
        raise ValidationError("Uppföljningen är redan godkänd av båda parter.")
    party = party_of(membership)
    if follow_up.approvals.filter(party=party).exists():
        raise ValidationError(f"{Party(party).label} har redan godkänt.")
    approval = Approval.objects.create(follow_up=follow_up, party=party, user=actor,
                                       user_label=_label(actor), approved_at=timezone.now())
    if {a.party for a in follow_up.approvals.all()} == {Party.MUNICIPALITY, Party.POLICE}:
        follow_up.status = FollowUpStatus.AGREED
        follow_up.save(update_fields=["status", "updated_at"])
    record(actor, AuditAction.UPDATE, follow_up, collaboration_id=follow_up.collaboration_id,
           after={"approved_by": party, "status": follow_up.status}, note="godkände")
    return approval


@transaction.atomic
def publish_follow_up(actor: Any, follow_up: FollowUp) -> FollowUp:
    if follow_up.status != FollowUpStatus.AGREED:
        raise ValidationError("Båda parter måste godkänna uppföljningen innan den publiceras.")
    if not follow_up.promise.is_public:
        raise ValidationError("Löftet måste vara publicerat innan uppföljningen publiceras.")
    follow_up.status = FollowUpStatus.PUBLISHED
    follow_up.published_at = timezone.now()
    follow_up.save(update_fields=["status", "published_at", "updated_at"])
    record(actor, AuditAction.UPDATE, follow_up, collaboration_id=follow_up.collaboration_id,
           before={"status": FollowUpStatus.AGREED}, after={"status": follow_up.status},
           note="publicerade")
    return follow_up

