"""Reporting: the reporter's form, "my reports", a report's page, checklist and import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lofte.core import audit
from lofte.incidents import services
from lofte.incidents.access import get_incident_for_user, incidents_for_scope
from lofte.incidents.forms import (
    ChecklistForm,
    FeedbackForm,
    ImportForm,
    IncidentForm,
    MergeForm,
    ReviewForm,
)
from lofte.incidents.importing import parse_upload
from lofte.incidents.models import Moderation, Source, Status
from lofte.incidents.queries import (
    duplicate_suggestions,
    filter_incidents,
    parse_filters,
    with_feedback_count,
)
from lofte.incidents.views.common import add_errors, map_context, paginate
from lofte.organisations.access import Scope, scoped


@scoped("incident.report")
def incident_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Reporters see their own reports; coordinators and analysts the collaboration's."""
    services.ensure_categories(request.user, scope.collaboration)
    filters = parse_filters(request.GET)
    mine_only = request.GET.get("mine") == "1" or not scope.can("incident.view_all")
    qs = incidents_for_scope(scope)
    if mine_only:
        qs = qs.filter(reporter=scope.membership.user)
    page, query = paginate(request, with_feedback_count(filter_incidents(qs, filters))
                           if mine_only else filter_incidents(qs, filters))
    return render(request, "incidents/list.html", {
        "page_title": "Mina rapporter" if mine_only else "Rapporter", "scope": scope,
        "collaboration": scope.collaboration, "page": page, "query": query,
        "filters": filters, "mine_only": mine_only,
        "categories": scope.collaboration.incident_categories.all(),
        "statuses": Status.choices, "sources": Source.choices,
    })


@require_http_methods(["GET", "POST"])
@scoped("incident.report")
def incident_new(request: HttpRequest, scope: Scope) -> HttpResponse:
    c = scope.collaboration
    services.ensure_categories(request.user, c)
    form = IncidentForm(request.POST or None, request.FILES or None, collaboration=c,
                        initial={"organisation": scope.membership.organisation_id,
                                 "occurred_from": timezone.localtime().replace(second=0,
                                                                               microsecond=0)})
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.report_incident(request.user, c, form.to_data())
        except ValidationError as error:
            add_errors(form, error)
        else:
            if wants_json:
                return JsonResponse({"id": incident.pk, "status": "ok"}, status=201)
            messages.success(request, _("Tack! Rapport nr %(n)s är skickad.") % {"n": incident.pk})
            return redirect("incidents:list", slug=c.slug)
    if request.method == "POST" and wants_json:
        return JsonResponse({"status": "invalid", "errors": form.errors.get_json_data()},
                            status=422)
    return render(request, "incidents/report_form.html", {
        "page_title": "Ny rapport", "scope": scope, "collaboration": c, "form": form,
        "places": list(c.places.values("id", "name", "lat", "lon")), **map_context(c),
    }, status=422 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@scoped("incident.report")
def incident_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    c = scope.collaboration
    incident = get_incident_for_user(request.user, pk, write=True, record_read=False)
    if incident.reporter_id != request.user.pk or incident.collaboration_id != c.pk:
        return redirect("incidents:detail", slug=c.slug, pk=pk)
    if request.method == "GET":  # the form shows the report's text and position
        audit.record_read(request.user, incident, note="ändringsformulär")
    form = IncidentForm(request.POST or None, request.FILES or None, collaboration=c,
                        initial=IncidentForm.initial_for(incident))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_own_incident(request.user, incident, form.to_data())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Rapporten är ändrad."))
            return redirect("incidents:detail", slug=c.slug, pk=pk)
    return render(request, "incidents/report_form.html", {
        "page_title": f"Ändra rapport {pk}", "scope": scope, "collaboration": c, "form": form,
        "incident": incident, "places": list(c.places.values("id", "name", "lat", "lon")),
        **map_context(c),
    })


@scoped("incident.report")
def incident_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    """A report's details (the read is audited), with the review tools for coordinators."""
    c = scope.collaboration
    incident = get_incident_for_user(request.user, pk)
    if incident.collaboration_id != c.pk:
        return redirect("incidents:detail", slug=incident.collaboration.slug, pk=pk)
    can_review = scope.can("incident.review")
    context = {
        "page_title": f"Rapport {incident.pk}", "scope": scope, "collaboration": c,
        "incident": incident, "can_review": can_review,
        "photos": incident.photos.all(), "feedback": incident.feedback.select_related("author"),
        "duplicates": incident.duplicates.select_related("category"),
        "point": {"type": "FeatureCollection", "lofte": {"kind": "points", "label": "Rapport"},
                  "features": [{"type": "Feature", "properties": {"label": incident.category.name},
                                "geometry": {"type": "Point",
                                             "coordinates": [incident.lon, incident.lat]}}]},
        "is_pending": incident.moderation == Moderation.PENDING,
    }
    if can_review:
        context.update({
            "review_form": ReviewForm(collaboration=c, initial={
                **{k: v for k, v in IncidentForm.initial_for(incident).items()
                   if k not in {"description", "organisation"}},
                "status": incident.status}),
            "feedback_form": FeedbackForm(), "merge_form": MergeForm(),
            "suggestions": duplicate_suggestions(incident),
        })
    return render(request, "incidents/detail.html", context)


@require_http_methods(["GET", "POST"])
@scoped("incident.report")
def checklist(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The weekly checklist; an unticked list is stored as "inget att rapportera"."""
    c = scope.collaboration
    services.ensure_categories(request.user, c)
    form = ChecklistForm(request.POST or None, collaboration=c, initial={
        "week_start": services.monday_of(timezone.localdate()),
        "organisation": scope.membership.organisation_id})
    if request.method == "POST" and form.is_valid():
        items = [
            services.ChecklistItem(category=cat, place=form.cleaned_data[f"place_{cat.pk}"],
                                   lat=None, lon=None, note=form.cleaned_data[f"note_{cat.pk}"])
            for cat in form.rows if form.cleaned_data[f"seen_{cat.pk}"]
        ]
        try:
            report = services.record_checklist(
                request.user, c, organisation=form.cleaned_data["organisation"],
                week_start=form.cleaned_data["week_start"], items=items,
                note=form.cleaned_data["note"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Veckans checklista är inskickad: inget att rapportera.")
                             if report.is_nothing_to_report else
                             _("Veckans checklista är inskickad: %(n)s rapporter.")
                             % {"n": report.incident_count})
            return redirect("incidents:list", slug=c.slug)
    return render(request, "incidents/checklist.html", {
        "page_title": "Veckochecklista", "scope": scope, "collaboration": c, "form": form,
    })


@require_http_methods(["GET", "POST"])
@scoped("incident.import")
def import_file(request: HttpRequest, scope: Scope) -> HttpResponse:
    """CSV/XLSX import, validated row by row and stored all or nothing."""
    c = scope.collaboration
    services.ensure_categories(request.user, c)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[services.RowError] = []
    if request.method == "POST" and form.is_valid():
        rows = parse_upload(form.cleaned_data["file"], c,
                            organisation=scope.membership.organisation)
        try:
            count = services.import_incidents(request.user, c, rows)
        except services.ImportRejected as rejected:
            row_errors = rejected.errors
        else:
            messages.success(request, _("%(n)s rapporter är importerade.") % {"n": count})
            return redirect("incidents:list", slug=c.slug)
    return render(request, "incidents/import.html", {
        "page_title": "Importera rapporter", "scope": scope, "collaboration": c, "form": form,
        "row_errors": row_errors[:200], "error_count": len(row_errors),
    }, status=422 if row_errors else 200)
