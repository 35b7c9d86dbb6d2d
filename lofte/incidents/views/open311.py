"""Open311 GeoReport v2 at /open311/v2/: services, requests (list, by id) and POST.

Public reads show only what citizens may see: requests that came in through Open311 (public
by the sender's choice), once approved, with positions rounded to about 100 m and the text as
masked on arrival. EST reports and citizen tips are never listed one by one here — citizens see
them only aggregated. POST needs ``api_key``: a collaboration's Open311 key or a
personal API token of a member allowed to report. New requests wait in the review queue.
Pagination: ``page`` (from 1) and ``page_size`` (default 50, at most 200), as most servers do.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lofte.accounts.services import authenticate_token
from lofte.analysis.disclosure import snap_points
from lofte.incidents import services
from lofte.incidents.models import (
    OPEN_STATUSES,
    Incident,
    IncidentQuerySet,
    Moderation,
    Open311Key,
    Source,
    Status,
    hash_key,
)
from lofte.organisations.access import membership_for
from lofte.organisations.models import Collaboration
from lofte.organisations.permissions import allowed

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000
MAX_ID = 2**63 - 1  # the largest id a database column can hold
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
DEFAULT_RANGE = dt.timedelta(days=90)
AGENCY = "Kommunen och polisen i samverkan"


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def _respond(data: Any, fmt: str, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        element = ET.Element(root)
        for row in data:
            child = ET.SubElement(element, item)
            for key, value in row.items():
                sub = ET.SubElement(child, key)
                if isinstance(value, list):
                    for v in value:
                        ET.SubElement(sub, "keyword").text = str(v)
                elif value is not None:
                    sub.text = str(value).lower() if isinstance(value, bool) else str(value)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8")
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    return JsonResponse(data, status=status, safe=False,
                        json_dumps_params={"ensure_ascii": False})


def _error(error: Open311Error, fmt: str) -> HttpResponse:
    return _respond([{"code": error.status, "description": error.description}], fmt, "errors",
                    "error", status=error.status)


def _jurisdiction(request: HttpRequest) -> Collaboration:
    value = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
             or "").strip()
    active = Collaboration.objects.filter(is_active=True).select_related("municipality")
    if not value:
        found = list(active[:2])
        if len(found) == 1:
            return found[0]
        raise Open311Error(400, "jurisdiction_id krävs (kommunkod eller samverkans kortnamn).")
    collaboration = (active.filter(Q(slug=value) | Q(municipality__code=value))
                     .order_by("pk").first())
    if collaboration is None:
        raise Open311Error(404, f"Okänd jurisdiction_id: {value}")
    return collaboration


def _w3c(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _parse_time(value: str, name: str) -> dt.datetime:
    moment = parse_datetime(value.strip().replace(" ", "+"))
    if moment is None:
        raise Open311Error(400, f"{name} ska vara en tid i W3C-format, t.ex. 2026-01-01T00:00:00Z.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise Open311Error(400, f"{name} ska ligga mellan år {EARLIEST_YEAR} och {LATEST_YEAR}.")
    return moment.astimezone(dt.UTC)


def _public(qs: IncidentQuerySet) -> QuerySet[Incident]:
    return qs.counted().filter(source=Source.OPEN311).select_related("category", "place")


# Requests are published on the same 1 km grid as the public lägesbild (situation.disclosure):
# a citizen's request is often made from home, and 3 decimals (about 100 m) point at a block.
PUBLIC_GRID_METRES = 1000.0


def public_position(lat: float, lon: float) -> tuple[float, float]:
    """The centre of the 1 km SWEREF 99 TM cell that ``(lat, lon)`` lies in (WGS84)."""
    snapped_lat, snapped_lon = snap_points([lat], [lon], PUBLIC_GRID_METRES)
    return round(float(snapped_lat[0]), 5), round(float(snapped_lon[0]), 5)


def serialise(incident: Incident) -> dict[str, Any]:
    """A request as GeoReport v2 publishes it to anyone.

    The citizen's free text is not published (it is masked for personnummer, phone numbers and
    e-mail on arrival, but names and addresses cannot be told apart), and the position is the
    centre of its 1 km cell.
    """
    is_open = incident.status in OPEN_STATUSES
    lat, lon = public_position(incident.lat, incident.lon)
    return {
        "service_request_id": incident.public_id,
        "status": "open" if is_open else "closed",
        "status_notes": incident.get_status_display(),
        "service_name": incident.category.name,
        "service_code": incident.category.code,
        "description": "",
        "agency_responsible": AGENCY,
        "service_notice": "",
        "requested_datetime": _w3c(incident.created_at),
        "updated_datetime": _w3c(incident.updated_at),
        "expected_datetime": None,
        "address": incident.place.name if incident.place_id and incident.place else "",
        "address_id": None,
        "zipcode": None,
        "lat": lat,
        "long": lon,
        "media_url": None,
    }


@require_http_methods(["GET"])
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        c = _jurisdiction(request)
    except Open311Error as error:
        return _error(error, fmt)
    services.ensure_categories(None, c)
    data = [{
        "service_code": cat.code, "service_name": cat.name,
        "description": cat.description or f"{cat.name} – trygghetsrapport till {c.name}",
        "metadata": False, "type": "realtime", "keywords": ["trygghet", "EST"],
        "group": "Trygghet",
    } for cat in c.incident_categories.filter(is_active=True)]
    return _respond(data, fmt, "services", "service")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def request_list(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        if request.method == "POST":
            return _create(request, fmt)
        return _respond([serialise(i) for i in _filtered(request)], fmt, "service_requests",
                        "request")
    except Open311Error as error:
        return _error(error, fmt)


def _filtered(request: HttpRequest) -> list[Incident]:
    c = _jurisdiction(request)
    qs = _public(Incident.objects.filter(collaboration=c))
    params = request.GET
    if ids := params.get("service_request_id", "").strip():
        wanted = [i.strip() for i in ids.split(",") if i.strip()]
        return list(_by_request_ids(qs, wanted, c, params.get("api_key", ""))
                    .order_by("-created_at"))
    if codes := params.get("service_code", "").strip():
        qs = qs.filter(category__code__in=[s.strip() for s in codes.split(",")])
    if statuses := params.get("status", "").strip():
        wanted_statuses = {s.strip().lower() for s in statuses.split(",")}
        if not wanted_statuses <= {"open", "closed"}:
            raise Open311Error(400, "status ska vara open eller closed.")
        if wanted_statuses == {"open"}:
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif wanted_statuses == {"closed"}:
            qs = qs.exclude(status__in=OPEN_STATUSES)
    start = _parse_time(params["start_date"], "start_date") if params.get("start_date") else None
    end = _parse_time(params["end_date"], "end_date") if params.get("end_date") else None
    if start is None and end is None:
        start = timezone.now() - DEFAULT_RANGE
    if start is not None:
        qs = qs.filter(created_at__gte=start)
    if end is not None:
        qs = qs.filter(created_at__lte=end)
    try:
        page = max(int(params.get("page", "1")), 1)
        size = min(max(int(params.get("page_size", str(DEFAULT_PAGE_SIZE))), 1), MAX_PAGE_SIZE)
    except ValueError:
        raise Open311Error(400, "page och page_size ska vara heltal.") from None
    if page > MAX_PAGE:
        raise Open311Error(400, f"page får vara högst {MAX_PAGE}.")
    offset = (page - 1) * size
    return list(qs.order_by("-created_at", "-id")[offset: offset + size])


@require_http_methods(["GET"])
def request_detail(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    try:
        c = _jurisdiction(request) if request.GET.get("jurisdiction_id") else None
        qs = _public(Incident.objects.all())
        if c is not None:
            qs = qs.filter(collaboration=c)
        incident = _by_request_ids(qs, [pk], c, request.GET.get("api_key", "")).first()
        if incident is None:
            raise Open311Error(404, f"Ärende {pk} finns inte.")
        return _respond([serialise(incident)], fmt, "service_requests", "request")
    except Open311Error as error:
        return _error(error, fmt)


@require_http_methods(["GET"])
def openapi_document(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3.0 description of these endpoints (``lofte.incidents.open311_spec``)."""
    from lofte.incidents.open311_spec import build_spec

    return JsonResponse(build_spec(), json_dumps_params={"ensure_ascii": False})


def _by_request_ids(qs: QuerySet[Incident], ids: list[str], c: Collaboration | None,
                    raw_key: str) -> QuerySet[Incident]:
    """The requests with these ``service_request_id``s.

    Ids are the random public references (``Incident.public_id``), so nobody can walk through
    neighbouring ids. Sequential ids, which were handed out before the references existed,
    are still looked up, but only for an integration that sends the collaboration's
    ``api_key`` (Open311 key or a reporting member's token) and so has access anyway;
    without it they answer like unknown ids.
    """
    references = [i.upper() for i in ids if i.isascii() and i.isalnum() and not i.isdigit()]
    numbers = [int(i) for i in ids if i.isascii() and i.isdigit() and 0 < int(i) <= MAX_ID]
    condition = Q(public_id__in=references)
    if numbers and raw_key.strip():
        candidates = qs.filter(pk__in=numbers).values_list("collaboration_id", flat=True)
        keyed = Collaboration.objects.filter(pk__in=candidates)
        if c is not None:
            keyed = keyed.filter(pk=c.pk)
        opened = [other.pk for other in keyed if _has_key(other, raw_key.strip())]
        condition |= Q(pk__in=numbers, collaboration_id__in=opened)
    return qs.filter(condition)


def _has_key(c: Collaboration, raw_key: str) -> bool:
    try:
        _authorised(c, raw_key)
    except Open311Error:
        return False
    return True


def _authorised(c: Collaboration, raw_key: str) -> Any:
    """The user (or True for a collaboration key) allowed to post; raises 403 otherwise."""
    if not raw_key:
        raise Open311Error(403, "api_key saknas.")
    if Open311Key.objects.filter(collaboration=c, key_hash=hash_key(raw_key),
                                 is_active=True).exists():
        return None
    user = authenticate_token(raw_key)
    if user is not None:
        membership = membership_for(user, c.pk)
        if membership is not None and allowed(membership.role, "incident.report"):
            return user
    raise Open311Error(403, "Ogiltig api_key för den här jurisdiktionen.")


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    from django.core.exceptions import ValidationError

    c = _jurisdiction(request)
    data = request.POST
    actor = _authorised(c, data.get("api_key", "").strip())
    services.ensure_categories(None, c)
    category = c.incident_categories.filter(code=data.get("service_code", ""),
                                            is_active=True).first()
    if category is None:
        raise Open311Error(400, "Okänd service_code.")
    try:
        lat, lon = float(data.get("lat", "")), float(data.get("long", ""))
    except ValueError:
        raise Open311Error(400, "lat och long krävs (WGS84).") from None
    name = " ".join(p for p in (data.get("first_name", ""), data.get("last_name", "")) if p)
    incident_data = services.IncidentData(
        category=category, occurred_from=timezone.now(), lat=lat, lon=lon,
        address=data.get("address_string", "")[:200],
        description=data.get("description", "")[:4000], contact_name=name,
        contact_email=data.get("email", "")[:254] if "@" in data.get("email", "") else "",
        external_id=(data.get("device_id") or data.get("account_id") or "")[:100],
    )
    try:
        incident = services.report_incident(actor, c, incident_data, source=Source.OPEN311,
                                            moderation=Moderation.PENDING)
    except ValidationError as error:
        raise Open311Error(400, " ".join(error.messages)) from None
    return _respond([{"service_request_id": incident.public_id,
                      "service_notice": "Tack! Rapporten granskas av samordnaren.",
                      "account_id": None}], fmt, "service_requests", "request", status=201)


__all__ = ["Status"]
