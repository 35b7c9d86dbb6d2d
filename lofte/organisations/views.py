from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lofte.core.models import AuditEntry
from lofte.core.views import render_audit_log
from lofte.organisations import services
from lofte.organisations.access import Scope, collaborations_for_user, scoped
from lofte.organisations.forms import MembershipForm
from lofte.organisations.models import Membership, Role
from lofte.organisations.summaries import summaries_for


def home(request: HttpRequest) -> HttpResponse:
    """Start page: the user's collaborations, grouped by lokalpolisområde and side by side."""
    if not request.user.is_authenticated:
        return render(request, "organisations/landing.html", {"page_title": _("Välkommen")})
    collaborations = list(collaborations_for_user(request.user))
    roles = {
        pk: Role(role).label
        for pk, role in Membership.objects.filter(user=request.user).values_list(
            "collaboration_id", "role"
        )
    }
    figures = summaries_for([c.pk for c in collaborations])
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for c in collaborations:
        groups[str(c.police_area)].append(
            {"collaboration": c, "role": roles.get(c.pk), "figures": figures.get(c.pk, [])}
        )
    return render(request, "organisations/home.html", {
        "page_title": _("Mina samverkan"), "groups": dict(groups),
        "count": len(collaborations),
    })


@scoped("collaboration.view")
def overview(request: HttpRequest, scope: Scope) -> HttpResponse:
    c = scope.collaboration
    boundary = {
        "type": "FeatureCollection",
        "lofte": {"kind": "boundary", "label": c.municipality.official_name},
        "features": [{"type": "Feature", "properties": {"label": c.municipality.official_name},
                      "geometry": c.municipality.geometry}],
    }
    return render(request, "organisations/overview.html", {
        "page_title": c.name, "scope": scope, "collaboration": c,
        "organisations": c.organisations.all(),
        "member_count": c.memberships.count(),
        "figures": summaries_for([c.pk]).get(c.pk, []),
        "boundary": boundary,
    })


@require_http_methods(["GET", "POST"])
@scoped("collaboration.manage")
def members(request: HttpRequest, scope: Scope) -> HttpResponse:
    c = scope.collaboration
    form = MembershipForm(request.POST or None, collaboration=c)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_membership(
                request.user, collaboration=c, user=form.cleaned_data["username"],
                organisation=form.cleaned_data["organisation"], role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Medlemskapet är sparat."))
            return redirect("organisations:members", slug=c.slug)
    memberships = c.memberships.select_related("user", "organisation").order_by(
        "organisation__name", "user__last_name", "user__first_name"
    )
    return render(request, "organisations/members.html", {
        "page_title": _("Medlemmar"), "collaboration": c, "memberships": memberships, "form": form,
    })


@require_POST
@scoped("collaboration.manage")
def remove_member(request: HttpRequest, scope: Scope, membership_id: int) -> HttpResponse:
    membership = scope.collaboration.memberships.filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    if membership.user_id == request.user.pk:
        messages.error(request, _("Du kan inte ta bort dig själv."))
    else:
        services.remove_membership(request.user, membership)
        messages.success(request, _("Personen har tagits bort ur samverkan."))
    return redirect("organisations:members", slug=scope.collaboration.slug)


@scoped("audit.view")
def audit(request: HttpRequest, scope: Scope) -> HttpResponse | StreamingHttpResponse:
    entries = AuditEntry.objects.filter(collaboration_id=scope.collaboration.pk)
    return render_audit_log(
        request, entries, title=f"Granskningslogg – {scope.collaboration.name}",
        export_name=f"granskningslogg-{scope.collaboration.slug}",
    )
