"""Demo: the five seed promises entered faithfully, a current Vetlanda promise and plan.

The seed texts are in ``/work/shared/seeds`` (Vaggeryd 2024 and 2020, Värnamo 2024, Vetlanda
2020–2021, Älmhult 2018). Every activity and number in them is entered as written; where a
text gives no number the target is qualitative (nothing is invented). Performed activities
are generated deterministically (a fixed random seed) so progress and follow-ups have content.
Idempotent: a promise that already exists (same collaboration and title) is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from lofte.organisations.models import Collaboration, Membership
from lofte.promises import services
from lofte.promises.models import (
    ActivityRecord,
    Actor,
    Approval,
    Promise,
    PromiseStatus,
    TargetKind,
)
from lofte.promises.seeds import PLACES, SEEDS, A, Seed


def _member(collaboration: Collaboration, police: bool) -> Membership:
    memberships = Membership.objects.select_related("organisation", "user").filter(
        collaboration=collaboration, role__in=["coordinator", "administrator"])
    chosen = [m for m in memberships if m.is_police == police
              and m.organisation.kind in ("kommun", "lokalpolisomrade")]
    chosen.sort(key=lambda m: (m.role != "coordinator", m.user.username == "admin"))
    return chosen[0]


D = dt.date


def _spread(rng: random.Random, start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    """``n`` dates spread over [start, end] (even slots with jitter), in order."""
    span = (end - start).days + 1
    if n <= 0 or span <= 0:
        return []
    days = []
    for i in range(n):
        slot_start = i * span // n
        slot_end = max(slot_start, (i + 1) * span // n - 1)
        days.append(start + dt.timedelta(days=rng.randint(slot_start, slot_end)))
    return sorted(days)


def _dates_for(seed_activity: A, rng: random.Random, start: dt.date, end: dt.date
               ) -> list[dt.date]:
    """Plausible days for the demo records of one activity over the whole period."""
    from lofte.promises import progress as calc

    item = seed_activity
    if item.kind == TargetKind.RECURRING_DATES:
        occurrences = calc.risk_day_occurrences(item.risk_days, start, end)
        return [day - dt.timedelta(days=rng.randint(3, 12)) for _, day in
                occurrences[: item.performed]]
    if item.kind == TargetKind.BY_DATE and item.due:
        due = min(item.due, end)
        return _spread(rng, start + (due - start) // 2, due, item.performed)
    if item.kind == TargetKind.PER_PERIOD and item.count:
        # Each period gets its share; then a few are dropped to match what was performed.
        days: list[dt.date] = []
        for first, last in calc.periods_between(calc.Unit(item.period), start, end):
            full_first, full_last = calc.period_bounds(calc.Unit(item.period), first)
            share = calc.days_inclusive(first, last) / calc.days_inclusive(full_first, full_last)
            days.extend(_spread(rng, first, last, int(item.count * share + 0.5)))
        while len(days) > item.performed:
            days.pop(rng.randrange(len(days)))
        return sorted(days)
    if item.season:
        return _spread(rng, D(start.year, *item.season[0]), D(start.year, *item.season[1]),
                       item.performed)
    return _spread(rng, start, end, item.performed)


def _figures(rng: random.Random, labels: tuple[str, ...]) -> dict[str, int]:
    ranges = {"kontrollerade fordon": (15, 80), "rapporter": (0, 6), "inspekterade fordon":
              (4, 20), "narkotikabrott upptäckta": (0, 3), "deltagare": (12, 60),
              "hastighetsöverträdelser": (3, 25), "åhörare": (15, 70), "unga i samtal": (4, 30)}
    return {label: rng.randint(*ranges.get(label, (1, 10))) for label in labels}


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@transaction.atomic
def load_seed(seed: Seed, collaboration: Collaboration, users: dict[str, Any],
              today: dt.date) -> Promise | None:
    if Promise.objects.filter(collaboration=collaboration, title=seed.title).exists():
        return None
    kommun = _member(collaboration, police=False)
    polis = _member(collaboration, police=True)
    actor = kommun.user
    promise = services.create_promise(
        actor, collaboration, kind=seed.kind, title=seed.title, summary=seed.summary,
        period_start=seed.start, period_end=seed.end, background=seed.background,
        situation_summary=seed.situation, situation_reference=seed.situation_reference,
        effect=seed.effect, follow_up_cadence=seed.cadence, follow_up_text=seed.follow_up_text)
    for title in seed.focus_areas:
        services.save_focus_area(actor, promise, title=title)
    commitments = [services.save_commitment(actor, promise, text=text)
                   for text in seed.commitments]
    activities = []
    for item in seed.activities:
        activities.append(services.save_activity(
            actor, promise, description=item.description, actor=item.actor,
            partner_name=item.partner, target_kind=item.kind, target_count=item.count,
            target_period=item.period, target_date=item.due, recurring_dates=item.risk_days,
            unit=item.unit, place_name=item.place, problems=item.problems,
            indicators=item.indicators, finding_reference=item.finding,
            assessment=item.assessment,
            commitment=commitments[item.commitment] if item.commitment is not None else None))
    services.approve_promise(kommun.user, promise, kommun)
    services.approve_promise(polis.user, promise, polis)
    promise.refresh_from_db()
    signatories = [services.SignatoryIn(*s) for s in seed.signatories]
    if signatories:
        services.sign_promise(actor, promise, signed_on=seed.signed_on or seed.start,
                              signed_place=seed.signed_place, signatories=signatories)
    else:
        # The source text names no signatories: record the signing without names.
        promise.status = PromiseStatus.SIGNED
        promise.save(update_fields=["status"])
    if seed.signed_on is None:
        Promise.objects.filter(pk=promise.pk).update(signed_on=None)
    promise.refresh_from_db()
    services.publish_promise(actor, promise)

    rng = random.Random(f"{seed.slug}-{seed.title}")  # noqa: S311 - demo data, not security
    last_day = min(seed.end, today)
    records = []
    for activity, item in zip(activities, seed.activities, strict=True):
        # Records are planned over the whole period; a current promise only has those so far.
        recorder = polis.user if item.actor == Actor.POLICE else kommun.user
        for day in _dates_for(item, rng, seed.start, seed.end):
            if not seed.start <= day <= last_day:
                continue
            place = item.place or rng.choice(PLACES[seed.slug])
            # A plausible position near the kommun's main town for about half the records,
            # as when someone logs with "Använd min position".
            located = rng.random() < 0.5
            centre = collaboration.municipality
            records.append(ActivityRecord(
                activity=activity, performed_on=day, quantity=1, place_name=place,
                latitude=round(centre.centre_lat + rng.uniform(-0.02, 0.02), 5)
                if located else None,
                longitude=round(centre.centre_lon + rng.uniform(-0.035, 0.035), 5)
                if located else None,
                participants=activity.actor_label, figures=_figures(rng, item.figures),
                hours=rng.choice([2, 3, 4, 6]), recorded_by=recorder,
                note="" if rng.random() < 0.7 else "Genomfört enligt plan.",
            ))
    ActivityRecord.objects.bulk_create(records)
    Promise.objects.filter(pk=promise.pk).update(published_at=_at(seed.signed_on or seed.start))
    # The demo is loaded today; date the approvals before the signing, as they happened.
    Approval.objects.filter(promise=promise).update(
        approved_at=_at((seed.signed_on or seed.start) - dt.timedelta(days=7)))

    for period_kind, year, number in seed.follow_ups:
        follow_up = services.compose_follow_up(actor, promise, period_kind=period_kind,
                                               year=year, number=number)
        services.approve_follow_up(kommun.user, follow_up, kommun)
        services.approve_follow_up(polis.user, follow_up, polis)
        follow_up.refresh_from_db()
        services.publish_follow_up(actor, follow_up)
        window_end = follow_up.period_end
        published = _at(min(window_end + dt.timedelta(days=20), today))
        type(follow_up).objects.filter(pk=follow_up.pk).update(published_at=published)
        Approval.objects.filter(follow_up=follow_up).update(
            approved_at=published - dt.timedelta(days=2))
    if seed.final_status == PromiseStatus.CLOSED:
        promise.refresh_from_db()
        services.close_promise(actor, promise)
        Promise.objects.filter(pk=promise.pk).update(closed_at=_at(seed.end))
    return promise


def load(context: Any) -> None:
    from lofte.promises.queries import today

    day = today()
    for seed in SEEDS:
        collaboration = context.collaborations.get(seed.slug)
        if collaboration is None:
            continue
        load_seed(seed, collaboration, getattr(context, "users", {}), day)
