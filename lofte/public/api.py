"""Open data: the published promises of a kommun with activities, targets and progress.

No login. Only published (or formerly published: replaced, closed) versions are returned;
drafts and unpublished versions never leak.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.decorators import decorate_view

from lofte.core.cache import public_response
from lofte.core.schemas import ErrorOut
from lofte.geo.models import Municipality
from lofte.promises import queries as promise_queries
from lofte.public import queries

router = Router(tags=["Öppna data"])


class PeriodOut(Schema):
    label: str
    start: dt.date
    end: dt.date
    target: int
    done: int
    status: str


class TargetOut(Schema):
    kind: str
    text: str
    count: int | None = None
    per: str | None = None
    due: dt.date | None = None
    risk_days: list[str] = []
    unit: str = ""


class ProgressOut(Schema):
    status: str
    status_label: str
    done: int
    target: int | None = None
    expected_by_today: int
    percent: int
    periods: list[PeriodOut] = []


class ActivityOut(Schema):
    id: int
    number: int
    description: str
    actor: str
    actor_label: str
    commitment: str | None = None
    place: str = ""
    latitude: float | None = None
    longitude: float | None = None
    problems: str = ""
    indicators: str = ""
    finding_reference: str = ""
    assessment: str = ""
    target: TargetOut
    progress: ProgressOut


class SignatoryOut(Schema):
    name: str
    role: str
    party: str
    organisation: str = ""


class FollowUpOut(Schema):
    id: int
    label: str
    period_start: dt.date
    period_end: dt.date
    published_at: dt.datetime | None
    text: str
    url: str


class RollUpOut(Schema):
    status: str
    status_label: str
    percent: int
    counts: dict[str, int]


class PromiseOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    version: int
    previous_version_id: int | None = None
    period_start: dt.date
    period_end: dt.date
    signed_on: dt.date | None = None
    published_at: dt.datetime | None = None
    summary: str
    situation: str
    background: str
    effect: str
    follow_up: str
    focus_areas: list[str]
    commitments: list[str]
    signatories: list[SignatoryOut]
    progress: RollUpOut
    activities: list[ActivityOut]
    follow_ups: list[FollowUpOut]
    url: str


class MunicipalityPromisesOut(Schema):
    municipality_code: str
    municipality_name: str
    as_of: dt.date
    promises: list[PromiseOut]


def _activity(item: promise_queries.ActivityProgress) -> dict[str, Any]:
    a, p = item.activity, item.progress
    return {
        "id": a.pk, "number": item.number, "description": a.description, "actor": a.actor,
        "actor_label": a.actor_label,
        "commitment": a.commitment.text if a.commitment_id and a.commitment else None,
        "place": a.place_name, "latitude": a.latitude, "longitude": a.longitude,
        "problems": a.problems, "indicators": a.indicators,
        "finding_reference": a.finding_reference, "assessment": a.assessment,
        "target": {"kind": a.target_kind, "text": item.target_text, "count": a.target_count,
                   "per": a.target_period or None, "due": a.target_date,
                   "risk_days": list(a.recurring_dates or []), "unit": a.unit},
        "progress": {
            "status": p.status.value, "status_label": item.status_label, "done": p.done,
            "target": p.target, "expected_by_today": p.expected_whole, "percent": p.percent,
            "periods": [{"label": x.label, "start": x.start, "end": x.end, "target": x.target,
                         "done": x.done, "status": x.status.value} for x in p.periods],
        },
    }


@router.get(
    "/public/municipalities/{code}/promises",
    response={200: MunicipalityPromisesOut, 404: ErrorOut}, auth=None,
    summary="Publicerade medborgarlöften och åtgärdsplaner i en kommun",
    description=(
        "Alla publicerade versioner (gällande, ersatta och avslutade) av kommunens "
        "medborgarlöften och åtgärdsplaner, med aktiviteter, mål och framsteg som räknas fram "
        "ur registrerade genomföranden samma dag (`as_of`, svensk tid). `code` är den "
        "fyrsiffriga kommunkoden (t.ex. 0685 för Vetlanda). Statusvärden: `klar`, `i_fas`, "
        "`risk`, `efter`. Ingen inloggning krävs."),
)
@decorate_view(public_response)
def municipality_promises(request: HttpRequest, code: str) -> Any:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        return Status(404, {"detail": "Okänd kommunkod."})
    promises = list(queries.public_promises(code))
    records = promise_queries.records_by_lineage(promises) if promises else {}
    follow_ups: dict[int, list[dict[str, Any]]] = {}
    for f in queries.published_follow_ups(code):
        follow_ups.setdefault(f.promise_id, []).append({
            "id": f.pk, "label": f.label, "period_start": f.period_start,
            "period_end": f.period_end, "published_at": f.published_at, "text": f.text,
            "url": request.build_absolute_uri(reverse("public:follow_up", args=[code, f.pk])),
        })
    today = promise_queries.today()
    result = []
    for promise in promises:
        computed = promise_queries.compute(promise, as_of=today, records=records)
        result.append({
            "id": promise.pk, "kind": promise.kind, "title": promise.title,
            "status": promise.status, "version": promise.version,
            "previous_version_id": promise.previous_version_id,
            "period_start": promise.period_start, "period_end": promise.period_end,
            "signed_on": promise.signed_on, "published_at": promise.published_at,
            "summary": promise.summary, "situation": promise.situation_summary,
            "background": promise.background, "effect": promise.effect,
            "follow_up": promise.follow_up_text,
            "focus_areas": [f.title for f in promise.focus_areas.all()],
            "commitments": [c.text for c in promise.commitments.all()],
            "signatories": [{"name": s.name, "role": s.role, "party": s.party,
                             "organisation": s.organisation_name}
                            for s in promise.signatories.all()],
            "progress": {"status": computed.rollup.status.value,
                         "status_label": computed.status_label,
                         "percent": computed.rollup.percent, "counts": computed.rollup.counts},
            "activities": [_activity(item) for item in computed.activities],
            "follow_ups": follow_ups.get(promise.pk, []),
            "url": request.build_absolute_uri(reverse("public:promise", args=[code, promise.pk])),
        })
    return Status(200, {"municipality_code": municipality.code,
                        "municipality_name": municipality.official_name, "as_of": today,
                        "promises": result})
