"""Pages of the lägesbild: list, draft, read and write, approve, publish, PDF, årshjul."""

from __future__ import annotations

import difflib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.core.i18n import swedish
from lofte.core.pdf import pdf_response
from lofte.organisations.access import Scope, scoped
from lofte.situation import access, presentation, queries, services, yearwheel
from lofte.situation.forms import (
    ActivityFromProblemForm,
    LinkMeasureForm,
    NewVersionForm,
    ProblemForm,
    ReportCreateForm,
    SectionForm,
)
from lofte.situation.models import SECTION_ORDER, Problem, ReportStatus, SituationReport


def _detail_url(report: SituationReport) -> str:
    return reverse("situation:detail", kwargs={"slug": report.collaboration.slug,
                                               "pk": report.pk})


def _fail(request: HttpRequest, error: ValidationError | PermissionError) -> None:
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)


def report_context(report: SituationReport, scope: Scope | None, *, public: bool = False,
                   with_maps: bool = True) -> dict[str, Any]:
    """What the web page and the PDF show of ``report`` for ``scope`` (or the public)."""
    municipality = report.collaboration.municipality
    boundary = municipality.geometry
    base = {
        "boundary_layer": {
            "type": "FeatureCollection",
            "lofte": {"kind": "boundary", "label": municipality.official_name},
            "features": [{"type": "Feature", "geometry": boundary,
                          "properties": {"label": municipality.official_name}}],
        },
        "map_tile_url": getattr(settings, "MAP_TILE_URL", ""),
        "map_tile_attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
        "municipality": municipality,
    }
    if public:
        snapshot = report.public_snapshot or {}
        texts = {s["kind"]: s["body"] for s in snapshot.get("sections", [])}
        sections = presentation.build_sections(snapshot, texts, include_police_only=False,
                                               boundary=boundary, with_maps=with_maps)
        by_key = {f.data.get("key"): f for section in sections for f in section.figures}
        public_problems = [{**p, "source_view": by_key.get(p.get("source_figure"))}
                           for p in snapshot.get("problems", [])]
        return {**base, "report": report, "snapshot": snapshot, "sections": sections,
                "problems": public_problems, "public": True,
                "sources": snapshot.get("sources", []), "summary": snapshot.get("summary", []),
                "min_count": snapshot.get("min_count")}
    assert scope is not None
    is_police = scope.is_police
    texts = {s.kind: s.body for s in report.sections.all()
             if is_police or not s.is_police_only}
    snapshot = report.snapshot or {}
    sections = presentation.build_sections(snapshot, texts, include_police_only=is_police,
                                           boundary=boundary, with_maps=with_maps,
                                           link_slug=report.collaboration.slug, can=scope.can)
    problems = access.visible_problems(report, scope)
    by_key = {f.data.get("key"): f for section in sections for f in section.figures}
    for problem in problems:
        problem.source_view = by_key.get(problem.source_figure)  # type: ignore[attr-defined]
    return {
        **base,
        "report": report, "snapshot": snapshot, "sections": sections, "problems": problems,
        "unanswered": [p for p in problems if not p.measure_links.all()],
        "sources": snapshot.get("sources", []), "summary": snapshot.get("summary", []),
        "public": False, "scope": scope,
    }


@scoped("situation.view")
def report_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    reports = queries.reports_of(scope.collaboration)
    return render(request, "situation/list.html", {
        "scope": scope, "reports": reports, "page_title": _("Lägesbild"),
        "can_edit": scope.can("situation.edit"),
    })


@scoped("situation.edit")
def report_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    today = timezone.localdate()
    form = ReportCreateForm(request.POST or None, initial={"year": today.year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.draft_situation_report(
                request.user, scope.collaboration, form.cleaned_data["start"],
                form.cleaned_data["end"], title=form.cleaned_data["title"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Utkastet är skapat med figurer från alla källor."))
            return redirect(_detail_url(report))
    return render(request, "situation/create.html", {
        "scope": scope, "form": form, "page_title": _("Ny lägesbild")})


@scoped("situation.view")
def report_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    report = access.get_report_for_scope(scope, pk)
    access.record_police_read(request.user, scope, report, channel="webb")
    context = report_context(report, scope)
    newer = SituationReport.objects.filter(previous_version=report).first()
    party = "police" if scope.is_police else "municipality"
    context.update({
        "has_approved": getattr(report, f"{party}_approved_at") is not None,
        "can_version": scope.can("situation.edit") and not report.is_editable and newer is None,
        "page_title": report.title, "can_edit": scope.can("situation.edit") and
        report.is_editable, "can_approve": scope.can("situation.approve"),
        "can_plan": scope.can("promise.edit"), "version_form": NewVersionForm(),
        "newer": newer,
        "statuses": ReportStatus,
    })
    return render(request, "situation/detail.html", context)


@scoped("situation.view")
def report_pdf(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    report = access.get_report_for_scope(scope, pk)
    access.record_police_read(request.user, scope, report, channel="pdf")
    context = report_context(report, scope, with_maps=False)
    context["pdf"] = True
    return pdf_response("situation/pdf/report.html", context,
                        f"lagesbild-{report.collaboration.slug}-v{report.version}.pdf")


@scoped("situation.edit")
def section_edit(request: HttpRequest, scope: Scope, pk: int, kind: str) -> HttpResponse:
    report = access.get_report_for_scope(scope, pk)
    if kind not in SECTION_ORDER or (kind == "underrattelse" and not scope.is_police):
        raise Http404
    section = report.sections.filter(kind=kind).first()
    form = SectionForm(request.POST or None, initial={"body": section.body if section else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_section(request.user, report, kind, form.cleaned_data["body"],
                                    is_police=scope.is_police)
        except (ValidationError, PermissionError) as error:
            _fail(request, error)
        else:
            messages.success(request, _("Texten är sparad."))
        return redirect(_detail_url(report) + f"#avsnitt-{kind}")
    return render(request, "situation/section_form.html", {
        "scope": scope, "report": report, "form": form, "kind": kind,
        "title": _(presentation.SECTION_TITLES[kind]), "lead": _(presentation.SECTION_LEADS[kind]),
        "page_title": _(presentation.SECTION_TITLES[kind])})


def _figure_choices(report: SituationReport, scope: Scope) -> list[tuple[str, str]]:
    return [(f["key"], f["title"]) for f in access.visible_figures(report, scope)]


@scoped("situation.edit")
def problem_edit(request: HttpRequest, scope: Scope, pk: int,
                 problem_pk: int | None = None) -> HttpResponse:
    report = access.get_report_for_scope(scope, pk)
    problem = access.get_problem_for_scope(scope, report, problem_pk) if problem_pk else None
    form = ProblemForm(request.POST or None, instance=problem, is_police=scope.is_police,
                       figure_choices=_figure_choices(report, scope))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data.get(k) for k in form.fields}
        try:
            services.save_problem(request.user, report, problem=problem,
                                  is_police=scope.is_police, **data)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionError as error:
            raise PermissionDenied(str(error)) from error
        else:
            messages.success(request, _("Problemet är sparat."))
            return redirect(_detail_url(report) + "#problem")
    return render(request, "situation/problem_form.html", {
        "scope": scope, "report": report, "form": form, "problem": problem,
        "page_title": _("Prioriterat problem")})


@require_POST
@scoped("situation.edit")
def problem_delete(request: HttpRequest, scope: Scope, pk: int, problem_pk: int
                   ) -> HttpResponse:
    report = access.get_report_for_scope(scope, pk)
    problem = access.get_problem_for_scope(scope, report, problem_pk)
    try:
        services.delete_problem(request.user, problem, is_police=scope.is_police)
    except (ValidationError, PermissionError) as error:
        _fail(request, error)
    return redirect(_detail_url(report) + "#problem")


def _draft_promises(scope: Scope) -> Any:
    from lofte.promises.models import Promise, PromiseStatus

    return Promise.objects.filter(collaboration=scope.collaboration,
                                  status=PromiseStatus.DRAFT).order_by("-period_start")


@scoped("promise.edit")
def problem_measure(request: HttpRequest, scope: Scope, pk: int, problem_pk: int
                    ) -> HttpResponse:
    """Create an activity from a problem, or link an existing one."""
    from lofte.promises.models import Activity, PromiseStatus

    report = access.get_report_for_scope(scope, pk)
    problem = access.get_problem_for_scope(scope, report, problem_pk)
    activities = (Activity.objects.filter(promise__collaboration=scope.collaboration)
                  .exclude(promise__status=PromiseStatus.REVISED).select_related("promise"))
    is_link = request.POST.get("action") == "link"
    create_form = ActivityFromProblemForm(
        None if is_link else (request.POST or None), promises=_draft_promises(scope),
        initial={"description": f"Åtgärd mot: {problem.title}"})
    link_form = LinkMeasureForm(request.POST if is_link else None, activities=activities)
    form = link_form if is_link else create_form
    if request.method == "POST" and form.is_valid():
        try:
            if is_link:
                services.link_measure(request.user, problem, form.cleaned_data["activity"])
            else:
                from lofte.promises.models import TargetKind

                services.create_activity_from_problem(
                    request.user, problem, form.cleaned_data["promise"],
                    description=form.cleaned_data["description"],
                    responsible=form.cleaned_data["actor"],
                    target_kind=TargetKind.QUALITATIVE)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Åtgärden är kopplad till problemet."))
            return redirect(_detail_url(report) + "#problem")
    return render(request, "situation/measure_form.html", {
        "scope": scope, "report": report, "problem": problem, "create_form": create_form,
        "link_form": link_form, "page_title": _("Åtgärd för problemet")})


@require_POST
@scoped("promise.edit")
def measure_unlink(request: HttpRequest, scope: Scope, pk: int, link_pk: int) -> HttpResponse:
    report = access.get_report_for_scope(scope, pk)
    link = access.get_link_for_scope(scope, report, link_pk)
    services.unlink_measure(request.user, link)
    return redirect(_detail_url(report) + "#problem")


def _transition(request: HttpRequest, scope: Scope, pk: int, action: str) -> HttpResponse:
    report = access.get_report_for_scope(scope, pk)
    try:
        if action == "regenerate":
            services.regenerate_snapshot(request.user, report)
            messages.success(request, _("Figurerna är framtagna på nytt från dagens data."))
        elif action == "review":
            services.mark_reviewed(request.user, report)
            messages.success(request, _("Lägesbilden är granskad och kan godkännas."))
        elif action == "approve":
            services.approve_report(request.user, report, scope.membership)
            messages.success(request, _("Ditt godkännande är registrerat."))
        elif action == "publish":
            services.publish_report(request.user, report)
            messages.success(request, _("Den offentliga versionen är publicerad."))
        elif action == "version":
            form = NewVersionForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            report = services.new_version(request.user, report, note=note)
            messages.success(request, _("Version %(number)s är skapad som utkast.")
                             % {"number": report.version})
    except ValidationError as error:
        _fail(request, error)
    return redirect(_detail_url(report))


@require_POST
@scoped("situation.edit")
def report_regenerate(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _transition(request, scope, pk, "regenerate")


@require_POST
@scoped("situation.edit")
def report_review(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _transition(request, scope, pk, "review")


@require_POST
@scoped("situation.approve")
def report_approve(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _transition(request, scope, pk, "approve")


@require_POST
@scoped("situation.approve")
def report_publish(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _transition(request, scope, pk, "publish")


@require_POST
@scoped("situation.edit")
def report_new_version(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _transition(request, scope, pk, "version")


def _summary_values(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {f"{s['label']}": s.get("value") for s in snapshot.get("summary", [])}


@scoped("situation.view")
def report_compare(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    """This version against the previous one: texts, problems and key figures."""
    report = access.get_report_for_scope(scope, pk)
    previous = report.previous_version
    if previous is None:
        raise Http404
    def texts(r: SituationReport) -> dict[str, str]:
        return {s.kind: s.body for s in r.sections.all() if scope.is_police or
                not s.is_police_only}
    new, old = texts(report), texts(previous)
    changes = []
    for kind in SECTION_ORDER:
        if kind not in new and kind not in old:
            continue
        diff = [line for line in difflib.unified_diff(
            old.get(kind, "").splitlines(), new.get(kind, "").splitlines(), lineterm="", n=1)
            if not line.startswith(("---", "+++", "@@"))]
        changes.append({"title": _(presentation.SECTION_TITLES[kind]), "diff": diff})
    def problem_titles(r: SituationReport) -> set[str]:
        return {p.title for p in access.visible_problems(r, scope)}
    old_values, new_values = _summary_values(previous.snapshot), _summary_values(report.snapshot)
    return render(request, "situation/compare.html", {
        "scope": scope, "report": report, "previous": previous, "changes": changes,
        "added": sorted(problem_titles(report) - problem_titles(previous)),
        "removed": sorted(problem_titles(previous) - problem_titles(report)),
        "figures": [(k, old_values.get(k), new_values.get(k))
                    for k in sorted(set(old_values) | set(new_values))],
        "page_title": _("Jämför version %(old)s och %(new)s")
        % {"old": previous.version, "new": report.version}})


@scoped("situation.view")
def year_wheel(request: HttpRequest, scope: Scope) -> HttpResponse:
    figure = yearwheel.wheel_figure(scope.collaboration, as_of=timezone.localdate())
    sections = presentation.build_sections({"figures": [figure]}, {}, include_police_only=False,
                                           boundary=None)
    views = [f for s in sections for f in s.figures]
    return render(request, "situation/yearwheel.html", {
        "scope": scope, "figure": views[0] if views else None, "page_title": _("Årshjul"),
        "days_before": services.REMINDER_DAYS_BEFORE})


# --- Public (no login): the published version only -------------------------------------------

def _public_report(code: str) -> SituationReport:
    report = queries.published_public_report_for(code)
    if report is None:
        raise Http404
    return report


@swedish
def public_report(request: HttpRequest, code: str) -> HttpResponse:
    report = _public_report(code)
    context = report_context(report, None, public=True)
    context["page_title"] = report.title
    return render(request, "situation/public_detail.html", context)


@swedish
def public_report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    report = _public_report(code)
    context = report_context(report, None, public=True, with_maps=False)
    context["pdf"] = True
    return pdf_response("situation/pdf/report.html", context,
                        f"lagesbild-{report.collaboration.municipality.code}.pdf")


__all__ = ["Problem"]
