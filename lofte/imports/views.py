"""Pages of the official sources under ``samverkan/<slug>/kallor/``.

Reading the sources needs ``situation.view`` (they are part of the lägesbild); uploading,
entering dialogue results and seeing import runs need ``import.run``. The platform-wide list
of import runs is for staff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lofte.imports import queries, services
from lofte.imports.access import (
    dialogues_for_scope,
    get_dialogue_for_scope,
    get_run_for_scope,
    runs_for_scope,
)
from lofte.imports.charts import line_chart
from lofte.imports.forms import DialogueForm, EventFilterForm, UploadForm
from lofte.imports.models import ImportRun, PoliceEvent
from lofte.imports.sources.categories import CATEGORIES
from lofte.organisations.access import Scope, scoped

TEMPLATE_DIR = Path(__file__).resolve().parent / "data" / "templates"
TEMPLATE_FILES = {
    "trygghetsresultat_mall.csv": "text/csv",
    "trygghetsresultat_mall.xlsx":
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "dialogresultat_mall.csv": "text/csv",
    "dialogresultat_mall.xlsx":
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _paginate(request: HttpRequest, items: Any, per_page: int = 50) -> tuple[Page[Any], str]:
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _base(scope: Scope, title: str, tab: str, **extra: Any) -> dict[str, Any]:
    return {"page_title": title, "scope": scope, "collaboration": scope.collaboration,
            "tab": tab, "can_import": scope.can("import.run"), **extra}


@scoped("situation.view")
def index(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Which sources exist for the kommun, how current they are, and the latest runs."""
    context = _base(scope, _("Källor"), "index",
                    sources=queries.sources_overview(scope.collaboration),
                    kinds={key: _(label) for key, label in queries.KIND_LABELS.items()})
    if scope.can("import.run"):
        services.fail_abandoned_runs()
        context["runs"] = runs_for_scope(scope)[:5]
    return render(request, "imports/index.html", context)


def _event_start(period: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    now = timezone.now()
    if period in {"30", "90", "365"}:
        return now - dt.timedelta(days=int(period)), None
    if period.isdigit() and len(period) == 4:
        year = int(period)
        tz = timezone.get_current_timezone()
        return (dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz))
    return None, None


@scoped("situation.view")
def events(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Police events placed in the kommun: filters, map at kommun level, paginated table."""
    municipality = scope.collaboration.municipality
    placed = PoliceEvent.objects.filter(municipality=municipality)
    types = list(placed.order_by("event_type").values_list("event_type", flat=True).distinct())
    years = sorted({y for y in placed.annotate(y=ExtractYear("occurred_at"))
                    .values_list("y", flat=True).distinct() if y}, reverse=True)
    form = EventFilterForm(request.GET or None, types=types, years=years)
    filters = form.cleaned_data if form.is_valid() else {}
    start, end = _event_start(filters.get("period") or "")
    qs = queries.police_event_queryset(
        municipality, start=start, end=end, category=filters.get("category") or "",
        event_type=filters.get("event_type") or "",
        include_summaries=bool(filters.get("summaries")),
        include_county_summaries=bool(filters.get("summaries")),
    )
    page, query = _paginate(request, qs)
    total = qs.count()
    in_kommun = qs.filter(municipality=municipality).count()
    by_category = [
        (CATEGORIES.get(category, category), n) for category, n in
        qs.filter(is_incident=True).values_list("category").annotate(n=Count("pk"))
        .order_by("-n").values_list("category", "n")
    ]
    layer = {
        "type": "FeatureCollection",
        "lofte": {"kind": "points", "label": _("Polisens händelser (kommunnivå)")},
        "features": [{
            "type": "Feature",
            "geometry": {"type": "Point",
                         "coordinates": [municipality.centre_lon, municipality.centre_lat]},
            "properties": {"label": _("%(count)s händelser i %(name)s")
                           % {"count": in_kommun, "name": municipality.name},
                           "detail": _("Placerade vid kommunens mittpunkt – polisen anger inte "
                                       "platsen närmare. Källa: Polismyndigheten"),
                           "radius": 12},
        }] if in_kommun else [],
    }
    boundary = {
        "type": "FeatureCollection", "lofte": {"kind": "boundary", "label": municipality.name},
        "features": [{"type": "Feature", "properties": {"label": municipality.name},
                      "geometry": municipality.geometry}],
    }
    return render(request, "imports/events.html", _base(
        scope, _("Polisens händelser"), "events", form=form, page=page, query=query, total=total,
        in_kommun=in_kommun, by_category=by_category,
        event_layer=layer, boundary=boundary, latest=queries.last_successful_run("polisen-events"),
        note=_(queries.PoliceEvents.note),
    ))


def _rates_chart(rates: queries.CrimeRates, municipality_name: str) -> Any:
    if not rates.has_data:
        return None
    sources = sorted({s.source_label for s in rates.series})
    return line_chart(
        f"{rates.label} – {municipality_name}",
        [str(year) for year in rates.years],
        [(s.label, [value for _, value in s.points]) for s in rates.series],
        source=" · ".join(sources),
        description=_("%(label)s per år för %(name)s jämfört med %(comparison)s och riket.")
        % {"label": rates.label, "name": municipality_name,
           "comparison": rates.comparison_label.lower()},
    )


@scoped("situation.view")
def statistics(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Reported crime per 100 000 (Kolada) against comparable kommuner and Riket; Brå rows."""
    municipality = scope.collaboration.municipality
    panels = []
    for indicator in ("N07540", "N07403"):
        rates = queries.crime_rates_for(municipality, indicator=indicator)
        panels.append({"rates": rates, "chart": _rates_chart(rates, municipality.name)})
    bra_rows = queries.bra_statistics_for(municipality)
    return render(request, "imports/statistics.html", _base(
        scope, _("Anmälda brott"), "statistics", panels=panels, bra_rows=bra_rows,
        kind_label=_(queries.KIND_LABELS["reported_crime"]),
    ))


def _survey_chart(series: queries.SurveySeries) -> Any:
    labels = [period for period, _ in series.points]
    title = f"{series.indicator} – {series.area_label}"
    return line_chart(title, labels, [(series.measure_label, [v for _, v in series.points])],
                      source=series.source_label + (" · DEMODATA" if series.is_demo else ""),
                      description=_("%(indicator)s, %(measure)s, per period.")
                      % {"indicator": series.indicator, "measure": series.measure_label})


@scoped("situation.view")
def surveys(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Survey results (experienced insecurity) over time for the kommun and its LPO."""
    municipality = scope.collaboration.municipality
    series = queries.survey_series_for(municipality)
    panels = [{"series": s, "chart": _survey_chart(s) if len(s.points) > 1 else None}
              for s in series]
    return render(request, "imports/surveys.html", _base(
        scope, _("Trygghetsundersökningar"), "surveys", panels=panels,
        breakdown=queries.survey_breakdown_for(municipality),
        kind_label=_(queries.KIND_LABELS["survey"]),
    ))


@scoped("situation.view")
def dialogues(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Dialogue topics by votes, and every entered row."""
    page, query = _paginate(request, dialogues_for_scope(scope))
    return render(request, "imports/dialogues.html", _base(
        scope, _("Dialoger"), "dialogues", page=page, query=query,
        themes=queries.dialogue_themes_for(scope.collaboration)[:10],
        form=DialogueForm() if scope.can("import.run") else None,
        kind_label=_(queries.KIND_LABELS["dialogue"]),
    ))


@require_http_methods(["GET", "POST"])
@scoped("import.run")
def dialogue_new(request: HttpRequest, scope: Scope) -> HttpResponse:
    form = DialogueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_dialogue_result(request.user, scope.collaboration, **form.cleaned_data)
        messages.success(request, _("Dialogresultatet är sparat."))
        return redirect("imports:dialogues", slug=scope.collaboration.slug)
    return render(request, "imports/dialogue_form.html",
                  _base(scope, _("Nytt dialogresultat"), "dialogues", form=form),
                  status=422 if request.method == "POST" else 200)


@require_POST
@scoped("import.run")
def dialogue_delete(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    services.delete_dialogue_result(request.user, get_dialogue_for_scope(scope, pk))
    messages.success(request, _("Dialogresultatet är borttaget."))
    return redirect("imports:dialogues", slug=scope.collaboration.slug)


def _run_upload(request: HttpRequest, scope: Scope, source: str,
                files: Sequence[tuple[str, bytes]]) -> services.ImportSummary:
    c = scope.collaboration
    if source == "polisen-events":
        return services.import_polisen_events(request.user, files, collaboration=c)
    if source == "kolada":
        return services.import_kolada(request.user, files, collaboration=c)
    if source == "bra":
        return services.import_bra(request.user, files, collaboration=c)
    if source == "bra-indikatorer":
        return services.import_bra_indicators(request.user, files, collaboration=c)
    if source == "trygghet":
        return services.import_surveys(request.user, files, collaboration=c)
    if source == "handelsehistorik":
        return services.import_incident_history(request.user, c, files)
    return services.import_dialogues(request.user, c, files)


@require_http_methods(["GET", "POST"])
@scoped("import.run")
def upload(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Upload one file of a source; all or nothing, with the row error shown."""
    form = UploadForm(request.POST or None, request.FILES or None,
                      initial={"source": request.GET.get("kalla", "trygghet")})
    failure = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        files = [(Path(upload_file.name).name, upload_file.read())]
        try:
            summary = _run_upload(request, scope, form.cleaned_data["source"], files)
        except services.ImportFailed as error:
            failure = error.summary
        else:
            messages.success(request, _(
                "Importen är klar: %(read)s lästa, %(created)s nya, %(updated)s ändrade, "
                "%(unchanged)s oförändrade.") % {
                "read": summary.read, "created": summary.created,
                "updated": summary.updated, "unchanged": summary.unchanged})
            return redirect("imports:run", slug=scope.collaboration.slug, pk=summary.run_id)
    return render(request, "imports/upload.html", _base(
        scope, _("Importera källdata"), "upload", form=form, failure=failure,
        template_files=sorted(TEMPLATE_FILES),
    ), status=422 if request.method == "POST" else 200)


@scoped("import.run")
def template_file(request: HttpRequest, scope: Scope, name: str) -> HttpResponse:
    if name not in TEMPLATE_FILES:
        raise Http404
    return HttpResponse((TEMPLATE_DIR / name).read_bytes(), content_type=TEMPLATE_FILES[name],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


@scoped("import.run")
def runs(request: HttpRequest, scope: Scope) -> HttpResponse:
    services.fail_abandoned_runs()
    page, query = _paginate(request, runs_for_scope(scope))
    return render(request, "imports/runs.html",
                  _base(scope, _("Importkörningar"), "runs", page=page, query=query))


@scoped("import.run")
def run_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    run = get_run_for_scope(scope, pk)
    return render(request, "imports/run_detail.html",
                  _base(scope, _("Importkörning %(number)s") % {"number": run.pk}, "runs", run=run))


@staff_member_required
def all_runs(request: HttpRequest) -> HttpResponse:
    """Every import run on the platform, for administrators."""
    services.fail_abandoned_runs()
    page, query = _paginate(request, ImportRun.objects.select_related("actor", "collaboration"))
    return render(request, "imports/all_runs.html",
                  {"page_title": _("Alla importkörningar"), "page": page, "query": query})
