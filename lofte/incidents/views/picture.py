"""The weekly picture page, its map data, and its CSV/GeoJSON/PDF exports."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from lofte.core import audit, charts
from lofte.core.models import AuditAction
from lofte.core.pdf import pdf_response
from lofte.core.queries import spreadsheet_safe
from lofte.incidents.models import Incident
from lofte.incidents.picture import (
    Picture,
    PictureQuery,
    base_queryset,
    build_picture,
    parse_query,
    picture_version,
    points_layer,
    static_map_svg,
)
from lofte.incidents.views.common import map_context
from lofte.organisations.access import Scope, scoped


def picture_charts(p: Picture) -> dict[str, charts.Chart]:
    labels = [row.category.name for row in p.categories]
    s, e = p.query.start, p.query.end
    period = f"{s.day}/{s.month}–{e.day}/{e.month}"
    return {
        "categories": charts.grouped_bar_chart(
            "Rapporter per kategori", labels,
            [(f"Perioden {period}", [row.now for row in p.categories]),
             ("Snitt fyra föregående perioder", [round(row.previous_mean, 1)
                                                  for row in p.categories]),
             ("Samma period i fjol", [row.last_year for row in p.categories])],
            description="Antal rapporter per kategori under perioden jämfört med snittet av de "
                        "fyra föregående lika långa perioderna och samma period förra året."),
        "trend": charts.line_chart(
            "Rapporter per period, de senaste åtta", p.trend_labels,
            [("Rapporter", p.trend_counts)],
            description="Antal rapporter i varje period av samma längd, med periodens startdag."),
        "hours": charts.heat_matrix(
            "När på veckan", p.hour_of_week,
            description="Antal rapporter per veckodag och timme (starttid) under perioden. "
                        "Mörkare ruta betyder fler rapporter."),
    }


def _context(request: HttpRequest, scope: Scope) -> dict[str, Any]:
    c = scope.collaboration
    query, errors = parse_query(request.GET)
    p = build_picture(c, query)
    params = urlencode(query.as_params())
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    last_week = (monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
    presets = [
        ("Senaste 7 dagarna", today - dt.timedelta(days=6), today),
        ("Senaste 14 dagarna", today - dt.timedelta(days=13), today),
        (f"Förra veckan (v. {last_week[0].isocalendar()[1]})", *last_week),
        ("Senaste 30 dagarna", today - dt.timedelta(days=29), today),
    ]
    return {
        "page_title": "Veckobild", "scope": scope, "collaboration": c, "picture": p,
        "errors": errors, "params": params,
        # Computed only when the content is not in the cache (see picture()).
        "charts": SimpleLazyObject(lambda: picture_charts(p)),
        "presets": [(label, urlencode({"from": a.isoformat(), "to": b.isoformat()}))
                    for label, a, b in presets],
        "categories": c.incident_categories.all(), "places": c.places.all(),
        "can_export": scope.can("incident.view_all"),
        "points_url": reverse("incidents:picture_map", kwargs={"slug": c.slug}) + "?" + params,
        **map_context(c),
    }


@scoped("situation.view")
def picture(request: HttpRequest, scope: Scope) -> HttpResponse:
    context = _context(request, scope)
    p = context["picture"]
    seconds = int(getattr(settings, "LOFTE_PICTURE_CACHE_SECONDS", 300))
    content = key = None
    if p.version and seconds > 0:
        # The content (not the page around it, with the user's name and token) is cached
        # under the picture's data version, the role (exports), language, URL (query and its
        # errors) and day (presets): rendering it costs more than computing a cached picture.
        parts = [scope.collaboration.pk, p.version, scope.can("incident.view_all"),
                 translation.get_language(), request.get_full_path(),
                 timezone.localdate().isoformat()]
        key = "lofte:picture-page:" + hashlib.sha256(repr(parts).encode()).hexdigest()
        content = cache.get(key)
    if content is None:
        content = render_to_string("incidents/_picture_content.html", context, request)
        if key:
            cache.set(key, content, seconds)
    # Our own rendering of escaped template output, from our cache.
    context["content"] = mark_safe(content)  # noqa: S308
    return render(request, "incidents/picture.html", context)


@scoped("situation.view")
def map_data(request: HttpRequest, scope: Scope) -> HttpResponse:
    """GeoJSON for the picture's map: ``layer`` = points (default), heat or hotspots."""
    c = scope.collaboration
    query, _ = parse_query(request.GET)
    layer = request.GET.get("layer", "points")
    if layer == "points":
        prefix = (reverse("incidents:list", kwargs={"slug": c.slug})
                  if scope.can("incident.view_all") else None)
        body, count = _layer_json(c, query, f"points:{prefix or ''}",
                                  lambda: points_layer(c, query, prefix))
        # Single reports at their exact positions: a read of sensitive records.
        audit.record(request.user, AuditAction.READ, object_type="incidents.incident",
                     object_repr=f"Veckobildens karta, punkter ({count} rapporter)",
                     collaboration_id=c.pk, after=query.as_params(), note="karta")
    elif layer in {"heat", "hotspots"}:
        # The picture (cached per change of the reports) already holds both layers.
        def cells() -> dict[str, Any]:
            p = build_picture(c, query)
            return p.heat_cells if layer == "heat" else p.hot_cells

        body, _ = _layer_json(c, query, layer, cells)
    else:
        return JsonResponse({"detail": "Okänt lager."}, status=400)
    return HttpResponse(body, content_type="application/json")


def _layer_json(c: Any, query: PictureQuery, name: str,
                compute: Callable[[], dict[str, Any]]) -> tuple[bytes, int]:
    """A map layer as JSON and its number of features, cached under the collaboration's data
    version (read before the data, so a cached layer is never older than its version)."""
    seconds = int(getattr(settings, "LOFTE_PICTURE_CACHE_SECONDS", 300))
    key = (f"lofte:picture-layer:{c.pk}:{picture_version(c.pk)}:{name}:"
           f"{urlencode(query.as_params())}") if seconds > 0 else ""
    hit = cache.get(key) if key else None
    if hit is None:
        data = compute()
        hit = (json.dumps(data, cls=DjangoJSONEncoder).encode(), _point_count(data))
        if key:
            cache.set(key, hit, seconds)
    return hit


def _point_count(layer: dict[str, Any]) -> int:
    return len(layer.get("features", []))


def _export_rows(scope: Scope, query: PictureQuery) -> Any:
    """Single reports of the picture (exports need ``incident.view_all``, not only the
    aggregated ``situation.view``)."""
    c = scope.collaboration
    from lofte.incidents.models import Place

    place = Place.objects.filter(collaboration=c, pk=query.place_id).first() \
        if query.place_id else None
    start, end = query.window()
    return (base_queryset(c, query, place).filter(occurred_from__gte=start, occurred_from__lt=end)
            .order_by("occurred_from", "id")
            .values_list("id", "occurred_from", "occurred_to", "category__name", "lat", "lon",
                         "place__name", "severity", "status", "source", "organisation__name"))


class _Echo:
    def write(self, value: str) -> str:
        return value


@scoped("incident.view_all")
def export_csv(request: HttpRequest, scope: Scope) -> StreamingHttpResponse:
    query, _ = parse_query(request.GET)
    rows = _export_rows(scope, query)
    audit.record(request.user, AuditAction.EXPORT, object_type="incidents.incident",
                 object_repr=(f"Veckobild {query.start}–{query.end} "
                              f"(CSV, {rows.count()} rapporter)"),
                 collaboration_id=scope.collaboration.pk, after=query.as_params())
    local = timezone.get_current_timezone()

    def stream() -> Iterator[str]:
        writer = csv.writer(_Echo(), delimiter=";")
        yield "\ufeff" + writer.writerow(["nr", "från", "till", "kategori", "lat", "lon", "plats",
                                          "allvar", "status", "källa", "organisation"])
        for pk, start, end, category, lat, lon, place, severity, status, source, org in \
                rows.iterator(chunk_size=2000):
            yield writer.writerow([
                pk, start.astimezone(local).strftime("%Y-%m-%d %H:%M"),
                end.astimezone(local).strftime("%Y-%m-%d %H:%M") if end else "",
                spreadsheet_safe(category), f"{lat:.6f}", f"{lon:.6f}", spreadsheet_safe(place),
                severity, status, source, spreadsheet_safe(org)])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="veckobild-{scope.collaboration.slug}-{query.start}.csv"')
    return response


@scoped("incident.view_all")
def export_geojson(request: HttpRequest, scope: Scope) -> HttpResponse:
    query, _ = parse_query(request.GET)
    rows = list(_export_rows(scope, query))
    audit.record(request.user, AuditAction.EXPORT, object_type="incidents.incident",
                 object_repr=(f"Veckobild {query.start}–{query.end} "
                              f"(GeoJSON, {len(rows)} rapporter)"),
                 collaboration_id=scope.collaboration.pk, after=query.as_params())
    local = timezone.get_current_timezone()
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {"id": pk, "from": start.astimezone(local).isoformat(),
                       "to": end.astimezone(local).isoformat() if end else None,
                       "category": category, "place": place, "severity": severity,
                       "status": status, "source": source, "organisation": org},
    } for pk, start, end, category, lat, lon, place, severity, status, source, org in rows]
    response = HttpResponse(json.dumps({"type": "FeatureCollection", "features": features},
                                       ensure_ascii=False),
                            content_type="application/geo+json")
    response["Content-Disposition"] = (
        f'attachment; filename="veckobild-{scope.collaboration.slug}-{query.start}.geojson"')
    return response


@scoped("situation.view")
def export_pdf(request: HttpRequest, scope: Scope) -> HttpResponse:
    context = _context(request, scope)
    p = context["picture"]
    context["title"] = f"Veckobild {scope.collaboration.name} {p.query.start}–{p.query.end}"
    audit.record(request.user, AuditAction.EXPORT, object_type="incidents.incident",
                 object_repr=f"Veckobild {p.query.start}–{p.query.end} (PDF)",
                 collaboration_id=scope.collaboration.pk, after=p.query.as_params())
    context["generated"] = timezone.localtime()
    context["map_svg"] = static_map_svg(
        p, list(scope.collaboration.places.values_list("name", "lat", "lon")))
    return pdf_response("incidents/picture_pdf.html", context,
                        f"veckobild-{scope.collaboration.slug}-{p.query.start}.pdf")


__all__ = ["Incident"]
