"""The weekly situation picture (veckobild): aggregates, trends, hot spots and coverage.

Everything is aggregated in SQL or computed on plain arrays; no Incident instances are loaded
(a collaboration may hold hundreds of thousands). The analysis library gets arrays:

1. the period's counted incidents as ``values_list`` rows (id, lat, lon, time, category,
   place, organisation, reporter);
2. counts per category for the period, the four periods before it (equal length) and the same
   period 52 weeks earlier, in one conditional aggregate over the index
   ``(collaboration, occurred_from)``, plus a 12-period trend in one more;
3. Gi* hot spots (``lofte.analysis.hotspots``) on a 250 m grid with a 750 m band over the kommun;
   the heat surface is a Gaussian kernel density on the same grid (adapter below — the analysis
   library has no KDE yet);
4. the escalation test: the period's count against a Poisson with the mean of the four previous
   periods (one-sided p < 0.05 and at least three reports), "new" when nothing was reported in
   the previous periods nor a year ago.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.db.models import BigIntegerField, Count, Func, Q, QuerySet
from django.utils import timezone

from lofte.incidents.models import ChecklistReport, Incident, IncidentCategory, Place
from lofte.organisations.models import Collaboration, Role

HOTSPOT_CELL_M = 250.0
HOTSPOT_BAND_M = 750.0
KDE_SIGMA_CELLS = 1.5
MAX_MAP_POINTS = 2000
MAX_CELLS = 1500
PREVIOUS_PERIODS = 4
TREND_PERIODS = 8
AREA_RADIUS_M = 1000.0
HOT_COLOURS = {3: "#a3222b", 2: "#d2452f", 1: "#e8912d"}
HOT_LABELS = {3: "Hot spot (99 %)", 2: "Hot spot (95 %)", 1: "Hot spot (90 %)"}
WEEKDAY_NAMES = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


@dataclass(frozen=True)
class PictureQuery:
    start: dt.date
    end: dt.date  # inclusive
    category_ids: tuple[int, ...] = ()
    place_id: int | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def window(self, shift_days: int = 0) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start - dt.timedelta(days=shift_days), dt.time.min, tz)
        end = dt.datetime.combine(self.end - dt.timedelta(days=shift_days) + dt.timedelta(days=1),
                                  dt.time.min, tz)
        return start, end

    def as_params(self) -> dict[str, str]:
        params = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.category_ids:
            params["category"] = ",".join(str(i) for i in self.category_ids)
        if self.place_id:
            params["place"] = str(self.place_id)
        return params


def parse_query(params: Any, today: dt.date | None = None) -> tuple[PictureQuery, list[str]]:
    """Read ``from``, ``to`` (dates), ``category`` (ids, comma separated), ``place`` (id).

    Defaults to the seven days ending today. Invalid values are replaced by defaults and
    reported in the returned Swedish messages.
    """
    today = today or timezone.localdate()
    errors: list[str] = []
    end, start = today, today - dt.timedelta(days=6)
    try:
        if params.get("to"):
            end = dt.date.fromisoformat(params["to"])
        if params.get("from"):
            start = dt.date.fromisoformat(params["from"])
        elif params.get("to"):
            start = end - dt.timedelta(days=6)
    except ValueError:
        errors.append("Ange datum som ÅÅÅÅ-MM-DD.")
        end, start = today, today - dt.timedelta(days=6)
    if end < start:
        errors.append("Perioden måste sluta efter att den börjar.")
        start, end = end, start
    if (end - start).days > 92:
        errors.append("Välj högst tre månader; perioden är förkortad.")
        start = end - dt.timedelta(days=92)
    raw = params.get("category", "")
    categories: tuple[int, ...] = ()
    if raw:
        try:
            categories = tuple(sorted({int(x) for x in str(raw).split(",") if x.strip()}))
        except ValueError:
            errors.append("Okänd kategori.")
    place = params.get("place", "")
    return PictureQuery(start, end, categories,
                        int(place) if str(place).isdigit() else None), errors


@lru_cache(maxsize=32)
def _area(code: str, geometry_key: int) -> Any:
    from shapely.geometry import shape

    from lofte.geo.models import Municipality

    return shape(Municipality.objects.only("geometry").get(code=code).geometry)


def kommun_area(collaboration: Collaboration) -> Any:
    m = collaboration.municipality
    return _area(m.code, hash((m.min_lat, m.min_lon, m.max_lat, m.max_lon)))


def base_queryset(collaboration: Collaboration, query: PictureQuery,
                  place: Place | None) -> QuerySet[Incident]:
    qs = Incident.objects.filter(collaboration=collaboration).counted()
    if query.category_ids:
        qs = qs.filter(category_id__in=query.category_ids)
    if place is not None:
        d_lat = AREA_RADIUS_M / 111_320.0
        d_lon = d_lat / max(math.cos(math.radians(place.lat)), 0.1)
        qs = qs.filter(lat__range=(place.lat - d_lat, place.lat + d_lat),
                       lon__range=(place.lon - d_lon, place.lon + d_lon))
    return qs


@dataclass
class CategoryRow:
    category: IncidentCategory
    now: int
    previous_mean: float
    last_year: int
    p_value: float | None
    flag: str  # "", "ökar", "nytt", "minskar"

    @property
    def change(self) -> float | None:
        if self.previous_mean <= 0:
            return None
        return (self.now - self.previous_mean) / self.previous_mean * 100


@dataclass
class Picture:
    collaboration: Collaboration
    query: PictureQuery
    place: Place | None
    total: int
    previous_mean_total: float
    last_year_total: int
    categories: list[CategoryRow]
    trend_labels: list[str]
    trend_counts: list[int]
    hour_of_week: list[list[int]]
    top_places: list[tuple[str, int]]
    hot_spots: list[dict[str, Any]]
    heat_cells: dict[str, Any]
    hot_cells: dict[str, Any]
    missing_reporters: list[tuple[str, str]]
    missing_organisations: list[str]
    reporter_count: int
    checklist_count: int
    nothing_to_report_count: int
    severe_count: int
    points: list[tuple[float, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The collaboration's data version the picture was cached under ("" when not cached):
    # the page caches its rendered content under it too.
    version: str = ""

    @property
    def flagged(self) -> list[CategoryRow]:
        return [row for row in self.categories if row.flag in {"ökar", "nytt"}]

    @property
    def busiest_time(self) -> str:
        matrix = np.asarray(self.hour_of_week)
        if matrix.sum() == 0:
            return ""
        day, hour = np.unravel_index(int(matrix.argmax()), matrix.shape)
        return f"{WEEKDAY_NAMES[int(day)]} kl. {int(hour):02d}–{(int(hour) + 1) % 24:02d}"


def poisson_upper_p(observed: int, mean: float) -> float:
    """P(X ≥ observed) for X ~ Poisson(mean); 1.0 when nothing was observed."""
    from scipy.stats import poisson

    if observed <= 0:
        return 1.0
    return float(poisson.sf(observed - 1, max(mean, 0.25)))


class Epoch(Func):
    """Seconds since 1970-01-01 UTC of a datetime column, computed in the database (turning
    thousands of rows into Python datetimes costs more than the query itself)."""

    output_field = BigIntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection,
                           template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)", **extra)

    def as_sql(self, compiler: Any, connection: Any, function: Any = None,  # type: ignore[override]
               template: str | None = None, **extra: Any) -> Any:
        template = template or "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS BIGINT)"
        return super().as_sql(compiler, connection, function=function, template=template,
                              **extra)


def _period_rows(qs: QuerySet[Incident], start: dt.datetime,
                 end: dt.datetime) -> list[tuple[Any, ...]]:
    """(id, lat, lon, epoch seconds, category, place, organisation, reporter, severity)."""
    return list(
        qs.filter(occurred_from__gte=start, occurred_from__lt=end)
        .annotate(epoch=Epoch("occurred_from")).values_list(
            "id", "lat", "lon", "epoch", "category_id", "place_id", "organisation_id",
            "reporter_id", "severity")
    )


def hour_of_week(epochs: list[int]) -> list[list[int]]:
    """Counts by Swedish local weekday (Monday = 0) and hour, from start times in epoch
    seconds (via :mod:`lofte.analysis.timebase`, which applies the EU summer-time rule)."""
    from lofte.analysis.timebase import to_local, weekday_and_hour

    if not epochs:
        return np.zeros((7, 24), dtype=np.int64).tolist()
    local = to_local(np.asarray(epochs, dtype=np.int64).astype("datetime64[s]"))
    weekday, hour = weekday_and_hour(local)
    counts = np.bincount(weekday * 24 + hour, minlength=7 * 24)
    return counts.reshape(7, 24).tolist()


def _cell_polygon_features(xs: np.ndarray, ys: np.ndarray, cell: float,
                           props: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from lofte.analysis.projection import to_wgs84

    if len(xs) == 0:
        return []
    half = cell / 2
    corners_x = np.concatenate([xs - half, xs + half, xs + half, xs - half])
    corners_y = np.concatenate([ys - half, ys - half, ys + half, ys + half])
    lat, lon = to_wgs84(corners_x, corners_y)
    n = len(xs)
    features = []
    for i in range(n):
        ring = [[round(float(lon[i + k * n]), 6), round(float(lat[i + k * n]), 6)]
                for k in range(4)]
        ring.append(ring[0])
        features.append({"type": "Feature", "properties": props[i],
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return features


def spatial_layers(collaboration: Collaboration, lat: np.ndarray, lon: np.ndarray,
                   place_names: list[tuple[str, float, float]]
                   ) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """Heat (KDE) cells, Gi* hot spot cells and the hot spot list for the period's points."""
    from scipy.ndimage import gaussian_filter

    from lofte.analysis.hotspots import hotspots

    empty: dict[str, Any] = {"type": "FeatureCollection", "features": []}
    heat: dict[str, Any] = {**empty, "lofte": {"kind": "cells", "label": "Täthet (värmekarta)"}}
    hot: dict[str, Any] = {**empty, "lofte": {"kind": "cells", "label": "Hot spots (Gi*)"}}
    if len(lat) < 3:
        return heat, hot, []
    result = hotspots(lat, lon, cell=HOTSPOT_CELL_M, band=HOTSPOT_BAND_M,
                      area=kommun_area(collaboration))
    x, y = result.grid.centres()
    # Heat surface: Gaussian kernel density of the counts (an adapter until the library has KDE).
    density = gaussian_filter(result.counts.astype(float), sigma=KDE_SIGMA_CELLS)
    if result.mask is not None:
        density = np.where(result.mask, density, 0.0)
    peak = float(density.max())
    if peak > 0:
        share = density / peak
        chosen = np.flatnonzero(share.ravel() >= 0.12)
        chosen = chosen[np.argsort(-share.ravel()[chosen])][:MAX_CELLS]
        props = [{"fill": "#d2452f" if share.ravel()[i] > 0.6 else
                  "#e8912d" if share.ravel()[i] > 0.3 else "#f2c14e",
                  "opacity": round(0.25 + 0.5 * float(share.ravel()[i]), 2)} for i in chosen]
        heat["features"] = _cell_polygon_features(x.ravel()[chosen], y.ravel()[chosen],
                                                  result.cell, props)
    classes = result.gi.classes.ravel()
    counts = result.counts.ravel()
    hot_idx = np.flatnonzero(classes >= 1)
    hot_idx = hot_idx[np.argsort(-result.gi.z.ravel()[hot_idx])][:MAX_CELLS]
    props = [{"fill": HOT_COLOURS[int(classes[i])], "opacity": 0.4,
              "label": HOT_LABELS[int(classes[i])],
              "detail": f"{int(counts[i])} rapporter i rutan, z = {result.gi.z.ravel()[i]:.1f}"}
             for i in hot_idx]
    hot["features"] = _cell_polygon_features(x.ravel()[hot_idx], y.ravel()[hot_idx],
                                             result.cell, props)
    # The list: the strongest 95 %+ cells at least two bands apart, with the number of
    # reports within the band of the cell centre and the nearest named place.
    listed: list[dict[str, Any]] = []
    from lofte.analysis.projection import to_sweref99tm, to_wgs84

    point_x, point_y = to_sweref99tm(lat, lon)
    strong = [i for i in hot_idx if classes[i] >= 2]
    px, py = (to_sweref99tm(np.array([p[1] for p in place_names]),
                            np.array([p[2] for p in place_names])) if place_names
              else (np.array([]), np.array([])))
    for i in strong:
        cx, cy = float(x.ravel()[i]), float(y.ravel()[i])
        if any(math.hypot(cx - h["x"], cy - h["y"]) < 2 * HOTSPOT_BAND_M for h in listed):
            continue
        nearby = int((np.hypot(point_x - cx, point_y - cy) <= HOTSPOT_BAND_M).sum())
        nearest = ""
        if len(px):
            d = np.hypot(px - cx, py - cy)
            j = int(d.argmin())
            nearest = f"{place_names[j][0]} ({int(d[j])} m)" if d[j] < 1500 else ""
        clat, clon = to_wgs84(np.array([cx]), np.array([cy]))
        listed.append({"x": cx, "y": cy, "lat": float(clat[0]), "lon": float(clon[0]),
                       "count": nearby, "z": float(result.gi.z.ravel()[i]),
                       "level": HOT_LABELS[int(classes[i])], "near": nearest})
        if len(listed) >= 8:
            break
    listed.sort(key=lambda h: -h["count"])
    return heat, hot, listed


def picture_version(collaboration_id: int) -> str:
    """A token renewed after every change to the collaboration's reports (see services).

    Random, not a counter: a counter evicted from the cache would start again at a value
    whose pictures may still be cached."""
    from lofte.core import cache

    return cache.version(f"picture:{collaboration_id}")


def bump_picture_version(collaboration_id: int) -> None:
    """Called after the commit that changed the reports (``services._reports_changed``)."""
    from lofte.core import cache

    cache.renew(f"picture:{collaboration_id}")


def build_picture(collaboration: Collaboration, query: PictureQuery, *,
                  with_spatial: bool = True) -> Picture:
    """The picture for ``query``, from a short-lived cache when nothing has changed since.

    Several people open the same picture before and during a meeting; the cache key holds the
    collaboration's change counter, so a new or corrected report shows at once. Reports
    written around the services (bulk demo data) show after ``LOFTE_PICTURE_CACHE_SECONDS``.
    """
    from django.conf import settings
    from django.core.cache import cache

    seconds = int(getattr(settings, "LOFTE_PICTURE_CACHE_SECONDS", 300))
    if seconds <= 0:
        return compute_picture(collaboration, query, with_spatial=with_spatial)
    version = picture_version(collaboration.pk)  # read before the data, never after
    key = (f"lofte:picture:{collaboration.pk}:{version}:"
           f"{int(with_spatial)}:{query.start}:{query.end}:"
           f"{','.join(map(str, query.category_ids))}:{query.place_id}")
    picture = cache.get(key)
    if picture is None:
        picture = compute_picture(collaboration, query, with_spatial=with_spatial)
        picture.version = version
        cache.set(key, picture, seconds)
    picture.collaboration = collaboration
    return picture  # type: ignore[no-any-return]


def compute_picture(collaboration: Collaboration, query: PictureQuery, *,
                    with_spatial: bool = True) -> Picture:
    """Compute the picture for ``query`` (see the module docstring for the steps)."""
    place = (Place.objects.filter(collaboration=collaboration, pk=query.place_id).first()
             if query.place_id else None)
    qs = base_queryset(collaboration, query, place)
    start, end = query.window()
    rows = _period_rows(qs, start, end)
    # 2. per-category counts for this and the previous periods (equal length) in one
    # conditional aggregate over the covering index; a year ago in a second.
    span = dt.timedelta(days=query.days)
    buckets = {}
    labels = []
    for k in range(TREND_PERIODS - 1, -1, -1):
        b_start, b_end = start - k * span, end - k * span
        buckets[f"p{k}"] = Count("id", filter=Q(occurred_from__gte=b_start,
                                                occurred_from__lt=b_end))
        local_start = timezone.localtime(b_start)
        labels.append(f"{local_start.day}/{local_start.month}")
    per_category = {
        r["category_id"]: r for r in
        qs.filter(occurred_from__gte=start - (TREND_PERIODS - 1) * span, occurred_from__lt=end)
        .values("category_id").annotate(**buckets).order_by()
    }
    ly_start, ly_end = query.window(shift_days=364)
    last_year = dict(qs.filter(occurred_from__gte=ly_start, occurred_from__lt=ly_end)
                     .values("category_id").annotate(n=Count("id")).order_by()
                     .values_list("category_id", "n"))
    categories = list(collaboration.incident_categories.all())
    rows_out = []
    for category in categories:
        r = per_category.get(category.pk, {})
        now = int(r.get("p0", 0))
        before = sum(int(r.get(f"p{k}", 0)) for k in range(1, PREVIOUS_PERIODS + 1))
        mean = before / PREVIOUS_PERIODS
        ly = int(last_year.get(category.pk, 0))
        p = poisson_upper_p(now, mean) if now else None
        flag = ""
        if now >= 1 and before == 0 and ly == 0:
            flag = "nytt"
        elif p is not None and p < 0.05 and now >= 3:
            flag = "ökar"
        elif mean >= 3 and now < mean / 2:
            flag = "minskar"
        if now or before or ly:
            rows_out.append(CategoryRow(category, now, mean, ly, p, flag))
    rows_out.sort(key=lambda row: (-row.now, -row.previous_mean))
    trend_counts = [sum(int(r.get(f"p{k}", 0)) for r in per_category.values())
                    for k in range(TREND_PERIODS - 1, -1, -1)]
    prev_total = sum(trend_counts[-1 - PREVIOUS_PERIODS:-1]) / PREVIOUS_PERIODS
    # Places and coverage.
    place_counts = Counter(r[5] for r in rows if r[5])
    place_rows = dict(Place.objects.filter(pk__in=list(place_counts)).values_list("pk", "name"))
    top_places = [(place_rows.get(pk, "?"), n) for pk, n in place_counts.most_common(8)]
    reporter_ids = {r[7] for r in rows if r[7]}
    org_ids = {r[6] for r in rows if r[6]}
    checklists = list(ChecklistReport.objects.filter(
        collaboration=collaboration, week_start__gte=query.start - dt.timedelta(days=6),
        week_start__lte=query.end).values_list("reporter_id", "organisation_id",
                                               "is_nothing_to_report"))
    reporter_ids |= {c[0] for c in checklists if c[0]}
    org_ids |= {c[1] for c in checklists if c[1]}
    reporters = list(collaboration.memberships.filter(role=Role.REPORTER).values_list(
        "user_id", "user__first_name", "user__last_name", "user__username",
        "organisation__name"))
    missing_reporters = [(f"{first} {last}".strip() or username, org)
                         for uid, first, last, username, org in reporters
                         if uid not in reporter_ids]
    missing_orgs = [name for pk, name in collaboration.organisations.values_list("pk", "name")
                    if pk not in org_ids]
    heat: dict[str, Any] = {}
    hot: dict[str, Any] = {}
    hot_list: list[dict[str, Any]] = []
    if with_spatial:
        lat = np.fromiter((r[1] for r in rows), dtype=float, count=len(rows))
        lon = np.fromiter((r[2] for r in rows), dtype=float, count=len(rows))
        places = list(collaboration.places.values_list("name", "lat", "lon"))
        heat, hot, hot_list = spatial_layers(collaboration, lat, lon, places)
    return Picture(
        collaboration=collaboration, query=query, place=place, total=len(rows),
        previous_mean_total=prev_total, last_year_total=sum(last_year.values()),
        categories=rows_out, trend_labels=labels, trend_counts=trend_counts,
        hour_of_week=hour_of_week([r[3] for r in rows]), top_places=top_places,
        hot_spots=hot_list, heat_cells=heat, hot_cells=hot,
        missing_reporters=missing_reporters, missing_organisations=missing_orgs,
        reporter_count=len(reporters), checklist_count=len(checklists),
        nothing_to_report_count=sum(1 for c in checklists if c[2]),
        severe_count=sum(1 for r in rows if r[8] == 3),
        points=[(r[1], r[2]) for r in rows[:MAX_MAP_POINTS * 5]],
    )


def spatial_only(collaboration: Collaboration,
                 query: PictureQuery) -> tuple[dict[str, Any], dict[str, Any]]:
    """Just the heat and hot spot cells of ``query`` (for the map-data endpoint)."""
    place = (Place.objects.filter(collaboration=collaboration, pk=query.place_id).first()
             if query.place_id else None)
    start, end = query.window()
    coords = list(base_queryset(collaboration, query, place)
                  .filter(occurred_from__gte=start, occurred_from__lt=end)
                  .values_list("lat", "lon"))
    lat = np.fromiter((c[0] for c in coords), dtype=float, count=len(coords))
    lon = np.fromiter((c[1] for c in coords), dtype=float, count=len(coords))
    heat, hot, _ = spatial_layers(collaboration, lat, lon, [])
    return heat, hot


def points_layer(collaboration: Collaboration, query: PictureQuery,
                 link_prefix: str | None) -> dict[str, Any]:
    """The latest ``MAX_MAP_POINTS`` reports of the period as clustered markers."""
    place = (Place.objects.filter(collaboration=collaboration, pk=query.place_id).first()
             if query.place_id else None)
    start, end = query.window()
    rows = list(
        base_queryset(collaboration, query, place)
        .filter(occurred_from__gte=start, occurred_from__lt=end)
        .order_by("-occurred_from")
        .values_list("id", "lat", "lon", "occurred_from", "category__name", "severity")
        [:MAX_MAP_POINTS]
    )
    colours = {1: "#4f5b67", 2: "#14477a", 3: "#a3222b"}
    features = []
    for pk, lat, lon, when, name, severity in rows:
        props: dict[str, Any] = {
            "label": f"{name} (nr {pk})",
            "detail": timezone.localtime(when).strftime("%Y-%m-%d %H:%M"),
            "color": colours.get(severity, "#14477a"),
        }
        if link_prefix:
            props["url"] = f"{link_prefix}{pk}/"
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Point",
                                      "coordinates": [round(lon, 6), round(lat, 6)]}})
    return {"type": "FeatureCollection",
            "lofte": {"kind": "points", "label": "Rapporter", "cluster": True},
            "features": features}


def static_map_svg(picture: Picture, places: list[tuple[str, float, float]],
                   width: int = 640, height: int = 400) -> str:
    """An SVG map for the PDF sheet (no tiles, no network): the kommun boundary, Gi* hot spot
    cells, the period's reports as dots and the named places, zoomed to where the reports are.
    """
    from html import escape

    pts = np.asarray(picture.points, dtype=float).reshape(-1, 2)
    m = picture.collaboration.municipality
    if len(pts) >= 5:
        lat_lo, lat_hi = np.percentile(pts[:, 0], [2, 98])
        lon_lo, lon_hi = np.percentile(pts[:, 1], [2, 98])
    else:
        lat_lo, lat_hi, lon_lo, lon_hi = m.min_lat, m.max_lat, m.min_lon, m.max_lon
    lat0 = (lat_lo + lat_hi) / 2
    k = math.cos(math.radians(lat0))
    # At least 3 km across, 15 % margin, and the page's aspect ratio.
    span_x = max((lon_hi - lon_lo) * k, 3000 / 111_320) * 1.3
    span_y = max(lat_hi - lat_lo, 3000 / 111_320) * 1.3
    if span_x / span_y < width / height:
        span_x = span_y * width / height
    else:
        span_y = span_x * height / width
    cx, cy = (lon_lo + lon_hi) / 2 * k, lat0
    scale = width / span_x

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return ((lon * k - cx) * scale + width / 2, (cy - lat) * scale + height / 2)

    def ring_path(ring: list[list[float]]) -> str:
        return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in (xy(p[0], p[1]) for p in ring)) + "Z"

    geometry = m.geometry or {}
    polygons = (geometry.get("coordinates", []) if geometry.get("type") == "MultiPolygon"
                else [geometry.get("coordinates", [])])
    boundary = "".join(ring_path(ring) for polygon in polygons for ring in polygon if ring)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="map-title map-desc" '
        f'font-family="DejaVu Sans, sans-serif" font-size="10">',
        '<title id="map-title">Karta över periodens rapporter och hot spots</title>',
        f'<desc id="map-desc">{len(pts)} rapporter som punkter, statistiskt säkerställda hot '
        "spots som färgade rutor och samverkans namngivna platser.</desc>",
        '<defs><clipPath id="map-clip"><rect x="0" y="0" '
        f'width="{width}" height="{height}"/></clipPath></defs>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f4f6f8"/>',
        '<g clip-path="url(#map-clip)">',
        f'<path d="{boundary}" fill="#ffffff" stroke="#14477a" stroke-width="1.5"/>',
    ]
    for feature in picture.hot_cells.get("features", []):
        ring = feature["geometry"]["coordinates"][0]
        colour = feature["properties"].get("fill", "#a3222b")
        parts.append(f'<path d="{ring_path(ring)}" fill="{colour}" fill-opacity="0.4"/>')
    for lat, lon in pts:
        x, y = xy(lon, lat)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.8" fill="#14477a" '
                     'fill-opacity="0.7"/>')
    for name, lat, lon in places:
        x, y = xy(lon, lat)
        if 0 <= x <= width and 0 <= y <= height:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#ffffff" '
                         'stroke="#1d2733" stroke-width="1"/>')
            label = escape(name)
            parts.append(f'<rect x="{x + 4:.1f}" y="{y - 13:.1f}" width="{len(name) * 5.6 + 4:.1f}"'
                         ' height="12" fill="#ffffff" fill-opacity="0.85"/>')
            parts.append(f'<text x="{x + 6:.1f}" y="{y - 4:.1f}" fill="#1d2733">{label}</text>')
    bar_m = 1000 if span_x * 111_320 > 4000 else 500
    bar_px = bar_m / 111_320 * scale
    parts.append(f'<rect x="10" y="{height - 22}" width="{bar_px:.1f}" height="4" '
                 'fill="#1d2733"/>')
    parts.append(f'<text x="10" y="{height - 26}" fill="#1d2733">{bar_m} m</text>')
    parts.append("</g></svg>")
    return "".join(parts)
