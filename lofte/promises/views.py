"""Staff pages: promises and plans, their life cycle, logging activities, follow-up."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST

from lofte.core.pdf import pdf_response
from lofte.organisations.access import Scope, scoped
from lofte.promises import forms, queries, services
from lofte.promises.access import (
    get_activity_for_user,
    get_follow_up_for_user,
    get_promise_for_user,
)
from lofte.promises.charts import follow_up_chart
from lofte.promises.imports import FileUnreadable, read_table
from lofte.promises.models import (
    Activity,
    ActivityRecord,
    FollowUpPeriodKind,
    FollowUpStatus,
    Party,
    Promise,
    PromiseStatus,
)
from lofte.promises.pdf import follow_up_document_context, promise_document_context
from lofte.promises.versions import diff_versions, history


def _apply(request: HttpRequest, form: BaseForm, action: Callable[[], Any]) -> Any:
    """Run a service; put its ValidationError on the form. Returns the result or None."""
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return None


def _message_errors(request: HttpRequest, action: Callable[[], Any]) -> bool:
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True


def _detail(promise: Promise) -> HttpResponse:
    return redirect("promises:detail", slug=promise.collaboration.slug, pk=promise.pk)


# --- Promises -------------------------------------------------------------------------------

@scoped("promise.view")
def promise_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    promises = list(queries.with_structure(
        Promise.objects.filter(collaboration=scope.collaboration)))
    records = queries.records_by_lineage(promises) if promises else {}
    rows = [(p, queries.compute(p, records=records)) for p in promises]
    return render(request, "promises/list.html", {
        "page_title": "Löften och planer", "scope": scope, "rows": rows,
        "can_edit": scope.can("promise.edit"), "can_record": scope.can("activity.record"),
    })


@require_http_methods(["GET", "POST"])
@scoped("promise.edit")
def promise_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    form = forms.PromiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        promise = _apply(request, form, lambda: services.create_promise(
            request.user, scope.collaboration, **form.cleaned_data))
        if promise is not None:
            messages.success(request, "Utkastet är skapat. Lägg till åtaganden och aktiviteter.")
            return _detail(promise)
    return render(request, "promises/form.html", {
        "page_title": "Nytt löfte eller ny åtgärdsplan", "form": form, "scope": scope,
    })


@scoped("promise.view")
def promise_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    promise, _scope = get_promise_for_user(request.user, pk, slug=scope.collaboration.slug)
    promise = queries.with_structure(Promise.objects.filter(pk=promise.pk)).get()
    computed = queries.compute(promise)
    approvals = {a.party: a for a in promise.approvals.all()}
    my_party = None
    with contextlib.suppress(ValidationError):
        my_party = services.party_of(scope.membership)
    return render(request, "promises/detail.html", {
        "page_title": promise.title, "scope": scope, "promise": promise, "computed": computed,
        "approvals": approvals, "my_party": my_party,
        "municipality_approval": approvals.get(Party.MUNICIPALITY),
        "police_approval": approvals.get(Party.POLICE),
        "can_edit": scope.can("promise.edit"), "can_approve": scope.can("promise.approve"),
        "can_record": scope.can("activity.record")
        and promise.status in services.RECORDING_STATUSES,
        "next_version": Promise.objects.filter(previous_version=promise).first(),
        "follow_ups": promise.follow_ups.all(),
        "compose_form": forms.ComposeFollowUpForm(initial={
            "period_kind": FollowUpPeriodKind.TERTIAL, "year": queries.today().year,
            "number": max(1, (queries.today().month - 1) // 4)}),
        "versions": history(promise),
    })


@require_http_methods(["GET", "POST"])
@scoped("promise.edit")
def promise_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, action="promise.edit",
                                       slug=scope.collaboration.slug)
    if not promise.is_editable:
        messages.error(request, "Bara utkast kan ändras.")
        return _detail(promise)
    form = forms.PromiseForm(request.POST or None, instance=promise)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.PROMISE_FIELDS}
        promise.refresh_from_db()
        if _apply(request, form, lambda: services.update_promise(request.user, promise, **data)):
            messages.success(request, "Ändringarna är sparade.")
            return _detail(promise)
    return render(request, "promises/form.html", {
        "page_title": f"Ändra {promise.title}", "form": form, "promise": promise,
    })


@require_http_methods(["GET", "POST"])
@scoped("promise.edit")
def focus_area_edit(request: HttpRequest, scope: Scope, pk: int,
                    item_id: int | None = None) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, action="promise.edit",
                                       slug=scope.collaboration.slug)
    area = _child(promise.focus_areas, item_id)
    initial = {"title": area.title, "description": area.description} if area else None
    form = forms.FocusAreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _apply(
        request, form, lambda: services.save_focus_area(request.user, promise, focus_area=area,
                                                        **form.cleaned_data)):
        return _detail(promise)
    return render(request, "promises/form.html", {
        "page_title": "Ändra fokusområde" if area else "Nytt fokusområde", "form": form,
        "promise": promise,
    })


@require_http_methods(["GET", "POST"])
@scoped("promise.edit")
def commitment_edit(request: HttpRequest, scope: Scope, pk: int,
                    item_id: int | None = None) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, action="promise.edit",
                                       slug=scope.collaboration.slug)
    commitment = _child(promise.commitments, item_id)
    initial = ({"text": commitment.text, "focus_area": commitment.focus_area_id}
               if commitment else None)
    form = forms.CommitmentForm(request.POST or None, initial=initial, promise=promise)
    if request.method == "POST" and form.is_valid() and _apply(
        request, form, lambda: services.save_commitment(
            request.user, promise, commitment=commitment, **form.cleaned_data)):
        return _detail(promise)
    return render(request, "promises/form.html", {
        "page_title": "Ändra åtagande" if commitment else "Nytt åtagande", "form": form,
        "promise": promise,
    })


@require_POST
@scoped("promise.edit")
def structure_delete(request: HttpRequest, scope: Scope, pk: int, kind: str,
                     item_id: int) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, action="promise.edit",
                                       slug=scope.collaboration.slug)
    manager = {"fokusomraden": promise.focus_areas, "ataganden": promise.commitments}.get(kind)
    if manager is None:
        raise Http404
    item = _child(manager, item_id)
    if _message_errors(request, lambda: services.delete_structure_item(request.user, item)):
        messages.success(request, "Borttaget.")
    return _detail(promise)


def _child(manager: Any, item_id: int | None) -> Any:
    """A focus area, commitment or activity of the promise, or 404."""
    if item_id is None:
        return None
    item = manager.filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


@require_http_methods(["GET", "POST"])
@scoped("promise.edit")
def activity_edit(request: HttpRequest, scope: Scope, pk: int,
                  activity_id: int | None = None) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, action="promise.edit",
                                       slug=scope.collaboration.slug)
    activity = None
    if activity_id is not None:
        activity = promise.activities.filter(pk=activity_id).first()
        if activity is None:
            raise Http404
    form = forms.ActivityForm(request.POST or None, instance=activity, promise=promise)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if activity is not None:
            activity.refresh_from_db()
        if _apply(request, form, lambda: services.save_activity(
                request.user, promise, activity=activity, **data)):
            messages.success(request, "Aktiviteten är sparad.")
            return _detail(promise)
    return render(request, "promises/form.html", {
        "page_title": "Ändra aktivitet" if activity else "Ny aktivitet", "form": form,
        "promise": promise, "activity": activity,
    })


@require_POST
@scoped("promise.edit")
def activity_delete(request: HttpRequest, scope: Scope, pk: int,
                    activity_id: int) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, action="promise.edit",
                                       slug=scope.collaboration.slug)
    activity = promise.activities.filter(pk=activity_id).first()
    if activity is None:
        raise Http404
    if _message_errors(request, lambda: services.delete_activity(request.user, activity)):
        messages.success(request, "Aktiviteten är borttagen.")
    return _detail(promise)


@require_POST
@scoped("promise.approve")
def promise_approve(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, action="promise.approve",
                                       slug=scope.collaboration.slug)
    if _message_errors(request, lambda: services.approve_promise(request.user, promise,
                                                                 scope.membership)):
        promise.refresh_from_db()
        messages.success(request, "Båda parter har godkänt – löftet är överenskommet."
                         if promise.status == PromiseStatus.AGREED
                         else "Ditt godkännande är registrerat. Nu väntar vi på den andra parten.")
    return _detail(promise)


@require_http_methods(["GET", "POST"])
@scoped("promise.edit")
def promise_sign(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, action="promise.edit",
                                       slug=scope.collaboration.slug)
    form = forms.SignForm(request.POST or None, initial={"signed_on": queries.today()})
    if request.method == "POST" and form.is_valid() and _apply(
        request, form, lambda: services.sign_promise(
            request.user, promise, signed_on=form.cleaned_data["signed_on"],
            signed_place=form.cleaned_data["signed_place"], signatories=form.signatories())):
        messages.success(request, "Löftet är undertecknat. Publicera det när ni är redo.")
        return _detail(promise)
    return render(request, "promises/form.html", {
        "page_title": "Underteckna", "form": form, "promise": promise,
        "submit_label": "Registrera undertecknandet",
    })


def _transition(request: HttpRequest, slug: str, pk: int, service: Callable[..., Any],
                done: str, **kwargs: Any) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, action="promise.edit", slug=slug)
    result: dict[str, Any] = {}

    def run() -> None:
        result["value"] = service(request.user, promise, **kwargs)

    if _message_errors(request, run):
        messages.success(request, done)
        if isinstance(result.get("value"), Promise):
            return _detail(result["value"])
    return _detail(promise)


@require_POST
@scoped("promise.edit")
def promise_publish(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _transition(request, scope.collaboration.slug, pk, services.publish_promise,
                       "Löftet är publicerat på den offentliga sidan.")


@require_POST
@scoped("promise.edit")
def promise_revise(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    form = forms.ReviseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _transition(request, scope.collaboration.slug, pk, services.revise_promise,
                       "En ny version är skapad som utkast. Den publicerade versionen gäller "
                       "tills den nya publiceras.", note=note)


@require_POST
@scoped("promise.edit")
def promise_close(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _transition(request, scope.collaboration.slug, pk, services.close_promise,
                       "Löftet är avslutat.")


@require_POST
@scoped("promise.edit")
def promise_delete(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, action="promise.edit",
                                       slug=scope.collaboration.slug)
    if _message_errors(request, lambda: services.delete_draft(request.user, promise)):
        messages.success(request, "Utkastet är borttaget.")
        return redirect("promises:list", slug=scope.collaboration.slug)
    return _detail(promise)


@scoped("promise.view")
def promise_diff(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, slug=scope.collaboration.slug)
    previous = promise.previous_version
    if previous is None:
        raise Http404
    return render(request, "promises/diff.html", {
        "page_title": f"Ändringar i version {promise.version}", "promise": promise,
        "previous": previous, "changes": diff_versions(previous, promise),
    })


@scoped("promise.view")
def promise_pdf(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, slug=scope.collaboration.slug)
    promise = queries.with_structure(Promise.objects.filter(pk=promise.pk)).get()
    with translation.override("sv"):
        return pdf_response("promises/pdf/promise.html", promise_document_context(promise),
                            f"{_filename(promise.title)}-v{promise.version}.pdf")


def _filename(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:60] or "lofte"


# --- Doing and counting -----------------------------------------------------------------------

def _recordable(scope: Scope) -> Any:
    return (Activity.objects.filter(promise__collaboration=scope.collaboration,
                                    promise__status__in=services.RECORDING_STATUSES)
            .select_related("promise")
            .order_by("-promise__period_start", "promise_id", "position", "id"))


@require_http_methods(["GET", "POST"])
@scoped("activity.record")
def record_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The phone form: which activity, when, where, who, outcome figures, note, photo."""
    activities = _recordable(scope)
    initial = {}
    if request.GET.get("aktivitet", "").isdigit():
        initial["activity"] = int(request.GET["aktivitet"])
    form = forms.RecordForm(request.POST or None, request.FILES or None, activities=activities,
                            today=queries.today(), initial=initial)
    if request.method == "POST" and form.is_valid():
        activity = form.cleaned_data["activity"]
        photos = [form.cleaned_data["photo"]] if form.cleaned_data.get("photo") else []
        entry = _apply(request, form, lambda: services.record_activity(
            request.user, activity, photos=photos, **form.record_values()))
        if entry is not None:
            messages.success(request, f"Registrerat: {activity.description[:60]} "
                                      f"({entry.performed_on:%Y-%m-%d}).")
            return redirect("promises:record", slug=scope.collaboration.slug)
    recent = (ActivityRecord.objects.filter(activity__promise__collaboration=scope.collaboration,
                                            recorded_by_id=request.user.pk)
              .select_related("activity")[:5])
    return render(request, "promises/record.html", {
        "page_title": "Registrera genomförd aktivitet", "form": form, "scope": scope,
        "recent": recent, "has_activities": activities.exists(),
    })


@require_http_methods(["GET", "POST"])
@scoped("promise.view")
def activity_detail(request: HttpRequest, scope: Scope, activity_id: int) -> HttpResponse:
    activity, _s = get_activity_for_user(request.user, activity_id,
                                         slug=scope.collaboration.slug)
    form = forms.AssessmentForm(request.POST or None,
                                initial={"assessment": activity.assessment})
    if request.method == "POST":
        if not scope.can("promise.edit"):
            raise PermissionDenied
        if form.is_valid() and _apply(request, form, lambda: services.assess_activity(
                request.user, activity, assessment=form.cleaned_data["assessment"])):
            messages.success(request, "Bedömningen är sparad.")
            return redirect("promises:activity", slug=scope.collaboration.slug,
                            activity_id=activity.pk)
    promise = queries.with_structure(Promise.objects.filter(pk=activity.promise_id)).get()
    computed = queries.compute(promise)
    item = next(a for a in computed.activities if a.activity.pk == activity.pk)
    records = (ActivityRecord.objects.filter(activity__lineage=activity.lineage,
                                             activity__promise__collaboration=scope.collaboration)
               .select_related("recorded_by").prefetch_related("photos"))
    page = Paginator(records, 25).get_page(request.GET.get("page"))
    points = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"label": f"{day:%Y-%m-%d}", "detail": place}}
        for day, place, lat, lon in records.filter(latitude__isnull=False)
        .values_list("performed_on", "place_name", "latitude", "longitude")[:500]
    ]
    municipality = scope.collaboration.municipality
    layers = [
        {"type": "FeatureCollection", "lofte": {"kind": "boundary",
                                                "label": municipality.official_name},
         "features": [{"type": "Feature", "properties": {},
                       "geometry": municipality.geometry}]},
        {"type": "FeatureCollection", "lofte": {"kind": "points", "label": "Genomförda",
                                                "cluster": True}, "features": points},
    ] if points else None
    return render(request, "promises/activity_detail.html", {
        "page_title": activity.description[:60], "promise": promise, "item": item,
        "page": page, "can_record": scope.can("activity.record")
        and promise.status in services.RECORDING_STATUSES,
        "map_boundary": layers[0] if layers else None,
        "map_points": layers[1] if layers else None,
        "assessment_form": form if scope.can("promise.edit")
        and promise.status != PromiseStatus.DRAFT else None,
    })


@require_http_methods(["GET", "POST"])
@scoped("activity.record")
def record_import(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, action="activity.record",
                                       slug=scope.collaboration.slug)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_table(upload.read(), upload.name)
            entries = services.import_records(request.user, promise, rows, filename=upload.name)
        except FileUnreadable as error:
            errors = [str(error)]
        except services.ImportRejected as error:
            errors = list(error.messages)
        else:
            messages.success(request, f"{len(entries)} genomförda aktiviteter är importerade.")
            return _detail(promise)
    activities = list(promise.activities.all())
    return render(request, "promises/import.html", {
        "page_title": "Importera genomförda aktiviteter", "form": form, "promise": promise,
        "errors": errors, "activities": activities,
    }, status=400 if errors else 200)


# --- Follow-up --------------------------------------------------------------------------------

@require_POST
@scoped("promise.edit")
def follow_up_compose(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    promise, _s = get_promise_for_user(request.user, pk, action="promise.edit",
                                       slug=scope.collaboration.slug)
    form = forms.ComposeFollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Välj period och år.")
        return _detail(promise)
    data = form.cleaned_data
    result: dict[str, Any] = {}

    def run() -> None:
        result["follow_up"] = services.compose_follow_up(
            request.user, promise, period_kind=data["period_kind"], year=data["year"],
            number=data.get("number") or 0)

    if _message_errors(request, run):
        follow_up = result["follow_up"]
        messages.success(request, "Uppföljningen är sammanställd. Läs igenom och redigera texten.")
        return redirect("promises:follow_up", slug=scope.collaboration.slug, pk=follow_up.pk)
    return _detail(promise)


@require_http_methods(["GET", "POST"])
@scoped("promise.view")
def follow_up_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    follow_up, _s = get_follow_up_for_user(request.user, pk, slug=scope.collaboration.slug)
    form = forms.FollowUpTextForm(request.POST or None, initial={"text": follow_up.text})
    if request.method == "POST":
        if not scope.can("promise.edit"):
            raise PermissionDenied
        if form.is_valid() and _apply(request, form, lambda: services.update_follow_up_text(
                request.user, follow_up, text=form.cleaned_data["text"])):
            messages.success(request, "Texten är sparad.")
            return redirect("promises:follow_up", slug=scope.collaboration.slug, pk=pk)
    approvals = {a.party: a for a in follow_up.approvals.all()}
    return render(request, "promises/follow_up.html", {
        "page_title": follow_up.label, "follow_up": follow_up, "promise": follow_up.promise,
        "form": form, "snapshot": follow_up.snapshot,
        "chart": follow_up_chart(follow_up.snapshot),
        "municipality_approval": approvals.get(Party.MUNICIPALITY),
        "police_approval": approvals.get(Party.POLICE),
        "is_draft": follow_up.status == FollowUpStatus.DRAFT,
        "can_edit": scope.can("promise.edit"), "can_approve": scope.can("promise.approve"),
    }, status=400 if form.errors else 200)


@require_POST
@scoped("promise.approve")
def follow_up_approve(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    follow_up, _s = get_follow_up_for_user(request.user, pk, action="promise.approve",
                                           slug=scope.collaboration.slug)
    if _message_errors(request, lambda: services.approve_follow_up(request.user, follow_up,
                                                                   scope.membership)):
        messages.success(request, "Ditt godkännande är registrerat.")
    return redirect("promises:follow_up", slug=scope.collaboration.slug, pk=pk)


@require_POST
@scoped("promise.edit")
def follow_up_publish(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    follow_up, _s = get_follow_up_for_user(request.user, pk, action="promise.edit",
                                           slug=scope.collaboration.slug)
    if _message_errors(request, lambda: services.publish_follow_up(request.user, follow_up)):
        messages.success(request, "Uppföljningen är publicerad för invånarna.")
    return redirect("promises:follow_up", slug=scope.collaboration.slug, pk=pk)


@scoped("promise.view")
def follow_up_pdf(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    follow_up, _s = get_follow_up_for_user(request.user, pk, slug=scope.collaboration.slug)
    with translation.override("sv"):
        return pdf_response("promises/pdf/follow_up.html", follow_up_document_context(follow_up),
                            f"{_filename(follow_up.label)}-{_filename(follow_up.promise.title)}.pdf")
