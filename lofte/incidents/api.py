"""JSON API for EST reports: list (paginated), create, read (audited) and set status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from lofte.accounts.api_auth import AUTH
from lofte.core import audit
from lofte.core.models import AuditAction
from lofte.core.schemas import ErrorOut
from lofte.incidents import services
from lofte.incidents.access import get_incident_for_user, incidents_for_scope
from lofte.incidents.models import Incident
from lofte.incidents.queries import LIST_RELATED, ListFilters
from lofte.incidents.queries import filter_incidents as apply_filters
from lofte.incidents.schemas import CategoryOut, IncidentIn, IncidentOut, StatusPatch
from lofte.organisations.access import get_scope_for_user

router = Router(auth=AUTH, tags=["Rapporter (EST)"])


def out(i: Incident) -> dict[str, Any]:
    return {
        "id": i.pk, "category": i.category.code, "category_name": i.category.name,
        "occurred_from": i.occurred_from, "occurred_to": i.occurred_to, "lat": i.lat,
        "lon": i.lon, "place": i.place.name if i.place else None,
        "description": i.description, "severity": i.severity, "status": i.status,
        "source": i.source, "moderation": i.moderation,
        "organisation": i.organisation.name if i.organisation else None,
        "merged_into": i.merged_into_id,
    }


@router.get("/collaborations/{slug}/incident-categories", response=list[CategoryOut])
def list_categories(request: HttpRequest, slug: str) -> Any:
    scope = get_scope_for_user(request.user, slug, "incident.report")
    services.ensure_categories(request.user, scope.collaboration)
    return list(scope.collaboration.incident_categories.filter(is_active=True))


@router.get("/collaborations/{slug}/incidents", response=list[IncidentOut])
@paginate(PageNumberPagination, page_size=50)
def list_incidents(request: HttpRequest, slug: str, status: str = "", source: str = "",
                   q: str = "") -> Any:
    """Your own reports (reporters) or the collaboration's (coordinators, analysts)."""
    scope = get_scope_for_user(request.user, slug, "incident.report")
    qs = apply_filters(incidents_for_scope(scope),
                       ListFilters(status=status, source=source, q=q))

    def audit_page(count: int) -> None:
        # Descriptions and exact positions of many reports: one read entry per page served.
        audit.record(request.user, AuditAction.READ, object_type="incidents.incident",
                     object_repr=f"Rapportlista via API ({count} rapporter)",
                     collaboration_id=scope.collaboration.pk, note="api")

    return _Page(qs.select_related(*LIST_RELATED).order_by("-occurred_from", "-id"),
                 on_read=audit_page)


class _Page:
    """The list for the paginator: it slices in SQL and counts with ``COUNT(*)`` instead of
    turning every report of the collaboration into a dict for each page."""

    def __init__(self, qs: Any, on_read: Callable[[int], None] | None = None) -> None:
        self.qs = qs
        self.total: int | None = None
        self.on_read = on_read

    def __getitem__(self, items: slice) -> list[dict[str, Any]]:
        rows = [out(i) for i in self.qs[items]]
        if self.on_read is not None:
            self.on_read(len(rows))
        start = items.start or 0
        if items.stop is not None and len(rows) < items.stop - start and (rows or not start):
            self.total = start + len(rows)  # a short page is the last one: no COUNT needed
        return rows

    def __len__(self) -> int:
        return self.total if self.total is not None else int(self.qs.count())


@router.post("/collaborations/{slug}/incidents", response={201: IncidentOut, 422: ErrorOut})
def create_incident(request: HttpRequest, slug: str, payload: IncidentIn) -> Any:
    scope = get_scope_for_user(request.user, slug, "incident.report")
    c = scope.collaboration
    services.ensure_categories(request.user, c)
    category = c.incident_categories.filter(code=payload.category, is_active=True).first()
    place = c.places.filter(pk=payload.place_id).first() if payload.place_id else None
    if category is None:
        return Status(422, {"detail": "Okänd kategori."})
    if payload.place_id and place is None:
        return Status(422, {"detail": "Okänd plats."})
    try:
        incident = services.report_incident(request.user, c, services.IncidentData(
            category=category, occurred_from=payload.occurred_from,
            occurred_to=payload.occurred_to, lat=payload.lat, lon=payload.lon, place=place,
            description=payload.description, severity=payload.severity,
            organisation=scope.membership.organisation, client_token=payload.client_token))
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(201, out(incident))


@router.get("/incidents/{incident_id}", response={200: IncidentOut, 404: ErrorOut})
def get_incident(request: HttpRequest, incident_id: int) -> Any:
    try:
        return Status(200, out(get_incident_for_user(request.user, incident_id)))
    except Http404:
        return Status(404, {"detail": "Rapporten finns inte."})


@router.patch("/incidents/{incident_id}/status",
              response={200: IncidentOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def set_status(request: HttpRequest, incident_id: int, payload: StatusPatch) -> Any:
    try:
        incident = get_incident_for_user(request.user, incident_id, review=True,
                                         record_read=False)
    except Http404:
        return Status(404, {"detail": "Rapporten finns inte."})
    except PermissionDenied:
        return Status(403, {"detail": "Din roll får inte granska rapporter."})
    try:
        services.set_status(request.user, incident, payload.status)
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(200, out(incident))

