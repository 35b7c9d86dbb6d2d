"""Promises for signed-in members: list, read with progress, and log performed activities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status

from lofte.accounts.api_auth import AUTH
from lofte.core.schemas import ErrorOut
from lofte.organisations.access import get_scope_for_user
from lofte.promises import queries, services
from lofte.promises.access import get_activity_for_user, get_promise_for_user
from lofte.promises.models import Promise

router = Router(tags=["Löften och åtgärdsplaner"], auth=AUTH)


class ProgressOut(Schema):
    status: str
    status_label: str
    percent: int


class PromiseSummaryOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    version: int
    period_start: dt.date
    period_end: dt.date
    progress: ProgressOut


class ActivityProgressOut(Schema):
    id: int
    number: int
    description: str
    actor: str
    target: str
    status: str
    status_label: str
    done: int
    target_count: int | None
    expected_by_today: int
    percent: int


class PromiseOut(PromiseSummaryOut):
    collaboration: str
    summary: str
    effect: str
    previous_version_id: int | None
    activities: list[ActivityProgressOut]


class RecordIn(Schema):
    performed_on: dt.date
    quantity: int = 1
    place_name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    participants: str = ""
    figures: dict[str, float] = {}
    hours: Decimal | None = None
    note: str = ""


class RecordOut(Schema):
    id: int
    activity_id: int
    performed_on: dt.date
    quantity: int
    figures: dict[str, float]


def _summary(promise: Promise, computed: queries.PromiseProgress) -> dict[str, Any]:
    return {
        "id": promise.pk, "kind": promise.kind, "title": promise.title,
        "status": promise.status, "version": promise.version,
        "period_start": promise.period_start, "period_end": promise.period_end,
        "progress": {"status": computed.rollup.status.value,
                     "status_label": computed.status_label,
                     "percent": computed.rollup.percent},
    }


@router.get("/collaborations/{slug}/promises", response={200: list[PromiseSummaryOut],
                                                         404: ErrorOut},
            summary="Löften och åtgärdsplaner i en samverkan")
def list_promises(request: HttpRequest, slug: str) -> Any:
    scope = get_scope_for_user(request.user, slug, "promise.view")
    promises = list(queries.with_structure(
        Promise.objects.filter(collaboration=scope.collaboration)))
    records = queries.records_by_lineage(promises) if promises else {}
    return [_summary(p, queries.compute(p, records=records)) for p in promises]


@router.get("/promises/{promise_id}", response={200: PromiseOut, 404: ErrorOut},
            summary="Ett löfte med aktiviteter och framsteg")
def get_promise(request: HttpRequest, promise_id: int) -> Any:
    promise, _scope = get_promise_for_user(request.user, promise_id)
    promise = queries.with_structure(Promise.objects.filter(pk=promise.pk)).get()
    computed = queries.compute(promise)
    return {
        **_summary(promise, computed), "collaboration": promise.collaboration.slug,
        "summary": promise.summary, "effect": promise.effect,
        "previous_version_id": promise.previous_version_id,
        "activities": [{
            "id": item.activity.pk, "number": item.number,
            "description": item.activity.description, "actor": item.activity.actor,
            "target": item.target_text, "status": item.status,
            "status_label": item.status_label, "done": item.progress.done,
            "target_count": item.progress.target,
            "expected_by_today": item.progress.expected_whole,
            "percent": item.progress.percent,
        } for item in computed.activities],
    }


@router.post("/activities/{activity_id}/records",
             response={201: RecordOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             summary="Registrera en genomförd aktivitet")
def create_record(request: HttpRequest, activity_id: int, payload: RecordIn) -> Any:
    try:
        activity, _scope = get_activity_for_user(request.user, activity_id,
                                                 action="activity.record")
    except PermissionDenied:
        return Status(403, {"detail": "Din roll får inte registrera aktiviteter."})
    try:
        entry = services.record_activity(request.user, activity, **payload.dict())
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(201, {"id": entry.pk, "activity_id": activity.pk,
                        "performed_on": entry.performed_on, "quantity": entry.quantity,
                        "figures": entry.figures})
