"""Pages: read a promise document into a draft (collaboration), and the national register.

The register is shared by every signed-in user of Löfte, whatever their role: it holds only
what kommuner and the police have already published, and comparing with other kommuner is
part of the method. It is therefore not scoped to a collaboration (see docs/architecture.md).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lofte.core import charts
from lofte.documents import access, forms, queries, review, services
from lofte.documents.models import RegisteredPromise
from lofte.documents.parsing import theme_label
from lofte.organisations.access import Scope, scoped

HEAT_LEVELS = 5


# --- Read a document into a draft -----------------------------------------------------------

@require_http_methods(["GET", "POST"])
@scoped("promise.edit")
def upload(request: HttpRequest, scope: Scope) -> HttpResponse:
    is_post = request.method == "POST"
    form = forms.UploadForm(request.POST if is_post else None, request.FILES if is_post else None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data.get("file")
        try:
            pending = services.read_document(
                request.user, scope.collaboration,
                data=upload_file.read() if upload_file else None,
                text=None if upload_file else form.cleaned_data["text"],
                filename=upload_file.name if upload_file else "",
                content_type=getattr(upload_file, "content_type", "") or "")
        except ValidationError as error:
            form.add_error("file" if upload_file else "text", error.messages)
        else:
            return redirect("documents:review", slug=scope.collaboration.slug, pk=pending.pk)
    status = 400 if form.errors else 200
    return render(request, "documents/upload.html", {
        "page_title": _("Läs in ett medborgarlöfte"), "scope": scope, "form": form,
        "pending": access.pending_for_user(request.user, scope.collaboration),
    }, status=status)


@require_http_methods(["GET", "POST"])
@scoped("promise.edit")
def review_extraction(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    pending = access.get_pending_for_user(request.user, pk, scope.collaboration)
    initial = review.initial_values(pending.extraction, f"Medborgarlöfte {scope.collaboration}")
    bundle = forms.ReviewForms(scope.collaboration, initial,
                               request.POST if request.method == "POST" else None)
    if request.method == "POST" and bundle.is_valid():
        try:
            promise = services.save_as_draft(request.user, pending, bundle.reviewed())
        except ValidationError as error:
            bundle.add_service_error(error)
        else:
            messages.success(request, _("Utkastet är sparat. Granska det och skicka det vidare "
                                        "för godkännande."))
            return redirect("promises:detail", slug=scope.collaboration.slug, pk=promise.pk)
    source_text = review.tidy(pending.source_text)
    found = _translate_labels(review.evidence(pending.extraction))
    segments, targets = review.highlight(
        source_text, [item for items in found.values() for item in items])
    evidence = review.with_targets(found, targets)
    return render(request, "documents/review.html", {
        "page_title": _("Granska inläst löfte"), "scope": scope, "pending": pending,
        "forms": bundle, "segments": segments, "evidence": evidence,
        "themes": initial["themes"], "warnings": pending.extraction.get("warnings") or [],
        "activity_rows": _with_evidence(bundle.activities.forms, evidence.get("akt", [])),
        "focus_rows": _with_evidence(bundle.focus_areas.forms, evidence.get("fokus", [])),
        "signatory_rows": _with_evidence(bundle.signatories.forms, evidence.get("sign", [])),
    }, status=400 if request.method == "POST" else 200)


def _translate_labels(found: dict[str, list[review.Evidence]]) -> dict[str, list[review.Evidence]]:
    """The labels :mod:`review` (no Django) writes in Swedish, in the active language."""
    numbered = {"fokus": _("Fokusområde %(number)s"), "akt": _("Aktivitet %(number)s")}
    fixed = {"period": _("Period"), "uppf": _("Uppföljning")}
    result: dict[str, list[review.Evidence]] = {}
    for section, items in found.items():
        if section in numbered:
            result[section] = [dataclasses.replace(item, label=numbered[section] % {"number": n})
                               for n, item in enumerate(items, start=1)]
        elif section in fixed:
            result[section] = [dataclasses.replace(item, label=fixed[section]) for item in items]
        else:
            result[section] = items
    return result


def _with_evidence(rows: list[Any], items: list[review.Evidence]) -> list[tuple[Any, Any]]:
    return [(form, items[index] if index < len(items) else None)
            for index, form in enumerate(rows)]


@require_POST
@scoped("promise.edit")
def discard_extraction(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    pending = access.get_pending_for_user(request.user, pk, scope.collaboration)
    services.discard_extraction(request.user, pending)
    messages.info(request, _("Det inlästa dokumentet är borttaget."))
    return redirect("documents:upload", slug=scope.collaboration.slug)


@scoped("promise.view")
def collaboration_register(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The national register, filtered on the collaboration's län."""
    county = scope.collaboration.municipality.county
    return redirect(reverse("documents:register") + f"?lan={county.code}")


# --- National register ------------------------------------------------------------------------

def _filters(request: HttpRequest) -> forms.RegisterFilterForm:
    form = forms.RegisterFilterForm(request.GET or None, themes=queries.theme_choices(),
                                    actors=queries.actor_choices())
    form.is_valid()
    return form


def _cleaned(form: forms.RegisterFilterForm) -> dict[str, Any]:
    if not form.is_bound:
        return {}
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}


@login_required
def register(request: HttpRequest) -> HttpResponse:
    form = _filters(request)
    filters = _cleaned(form)
    page = Paginator(queries.register_rows(filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "documents/register.html", {
        "page_title": _("Nationellt register över medborgarlöften"), "form": form, "page": page,
        "query": query.urlencode(), "total": RegisteredPromise.objects.count(),
        "is_filtered": bool(filters),
        "theme": theme_label(filters["theme"]) if filters.get("theme") else "",
    })


@login_required
def register_themes(request: HttpRequest) -> HttpResponse:
    form = _filters(request)
    statistics = queries.theme_statistics(_cleaned(form))
    table = [
        (row, round(row.share * 100), [
            (count, 0 if not count else 1 + (HEAT_LEVELS - 1) * count // max(statistics.maximum,
                                                                               1))
            for count in row.by_year])
        for row in statistics.rows
    ]
    return render(request, "documents/register_themes.html", {
        "page_title": _("Teman i medborgarlöftena"), "form": form, "statistics": statistics,
        "table": table, "chart": _themes_by_year_chart(statistics),
    })


def _themes_by_year_chart(statistics: queries.ThemeStatistics) -> Any:
    """Grouped bars: the eight most shared themes, one bar per year (the latest six years)."""
    if not statistics.rows:
        return None
    rows = statistics.rows[:8]
    years = statistics.years[-6:]
    offset = len(statistics.years) - len(years)
    return charts.grouped_bar_chart(
        _("Kommuner med temat, per år"), [row.label for row in rows],
        [(str(year), [row.by_year[offset + i] for row in rows]) for i, year in enumerate(years)],
        description=_("Antal kommuner vars gällande medborgarlöfte tar upp temat, per år, för "
                      "de vanligaste temana."), unit=_("kommuner"))


@login_required
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    promise = get_object_or_404(
        RegisteredPromise.objects.prefetch_related("municipalities__county", "activities"),
        pk=pk)
    activities = list(promise.activities.all())
    segments, targets = review.highlight(review.tidy(promise.source_text), [
        review.Evidence(f"akt-{a.position}", _("Aktivitet %(number)s") % {"number": a.position},
                        a.source_text,
                        a.confidence) for a in activities])
    return render(request, "documents/register_detail.html", {
        "page_title": promise.title, "promise": promise, "segments": segments,
        "themes": [(code, theme_label(code)) for code in promise.themes],
        "activities": [(a, queries.actor_label(a.actor), [theme_label(t) for t in a.themes],
                        targets.get(f"akt-{a.position}", "")) for a in activities],
    })
