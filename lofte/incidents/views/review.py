"""The coordinator's review: queue, classify/correct, merge, moderate, feedback."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.core import audit
from lofte.core.models import AuditAction
from lofte.incidents import services
from lofte.incidents.access import get_incident_for_user
from lofte.incidents.forms import FeedbackForm, MergeForm, ReviewForm
from lofte.incidents.models import Incident
from lofte.incidents.queries import review_queue
from lofte.incidents.views.common import paginate
from lofte.organisations.access import Scope, scoped


@scoped("incident.review")
def queue(request: HttpRequest, scope: Scope) -> HttpResponse:
    page, query = paginate(request, review_queue(scope))
    # The queue shows the tips' texts: one read entry per page shown, with the count.
    audit.record(request.user, AuditAction.READ, object_type="incidents.incident",
                 object_repr=f"Granskningskön ({len(page.object_list)} rapporter och tips)",
                 collaboration_id=scope.collaboration.pk, note="granskningskö")
    return render(request, "incidents/review_queue.html", {
        "page_title": "Granska", "scope": scope, "collaboration": scope.collaboration,
        "page": page, "query": query,
    })


def _incident(request: HttpRequest, scope: Scope, pk: int) -> Incident:
    incident = get_incident_for_user(request.user, pk, review=True, record_read=False)
    if incident.collaboration_id != scope.collaboration.pk:
        from django.http import Http404

        raise Http404
    return incident


def _back(scope: Scope, incident: Incident) -> HttpResponse:
    return redirect("incidents:detail", slug=scope.collaboration.slug, pk=incident.pk)


@require_POST
@scoped("incident.review")
def update(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    incident = _incident(request, scope, pk)
    form = ReviewForm(request.POST, collaboration=scope.collaboration)
    if form.is_valid():
        try:
            services.review_incident(request.user, incident, **form.changes())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Granskningen är sparad."))
            if request.POST.get("next") == "queue":
                return redirect("incidents:review", slug=scope.collaboration.slug)
    else:
        messages.error(request, _("Granskningen sparades inte: ") + "; ".join(
            f"{e}" for errors in form.errors.values() for e in errors))
    return _back(scope, incident)


@require_POST
@scoped("incident.review")
def moderate(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    incident = _incident(request, scope, pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.moderate(request.user, incident, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tipset är godkänt och räknas nu.") if approve
                         else _("Tipset är avvisat."))
    return _back(scope, incident)


@require_POST
@scoped("incident.review")
def merge(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    incident = _incident(request, scope, pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        target = Incident.objects.filter(collaboration=scope.collaboration,
                                         pk=form.cleaned_data["into"]).first()
        if target is None:
            messages.error(request, _("Det finns ingen sådan rapport i samverkan."))
            return _back(scope, incident)
        try:
            into = services.merge_incidents(request.user, incident, target)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Rapporten är sammanslagen med nr %(n)s.") % {"n": into.pk})
            return redirect("incidents:detail", slug=scope.collaboration.slug, pk=into.pk)
    else:
        messages.error(request, _("Ange numret på rapporten att slå ihop med."))
    return _back(scope, incident)


@require_POST
@scoped("incident.review")
def feedback(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    incident = _incident(request, scope, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        message = services.send_feedback(request.user, incident, form.cleaned_data["body"])
        messages.success(request, _("Återkopplingen är skickad till %(to)s.")
                         % {"to": message.recipient} if message.recipient else
                         _("Återkopplingen är sparad (rapportören har ingen e-post)."))
    else:
        messages.error(request, _("Skriv ett meddelande."))
    return _back(scope, incident)
