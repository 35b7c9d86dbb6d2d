"""The citizen tip form: public, anonymous by default, spam- and rate-limited, masked."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lofte.incidents import services
from lofte.incidents.forms import TipForm
from lofte.incidents.views.common import add_errors, map_context
from lofte.organisations.models import Collaboration

RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 3600


def collaboration_for_code(code: str) -> Collaboration:
    collaboration = (Collaboration.objects.select_related("municipality")
                     .filter(municipality__code=code, is_active=True).order_by("pk").first())
    if collaboration is None:
        raise Http404
    return collaboration


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded-for header is set by the client and cannot be trusted
    # unless the deployment's proxy rewrites it (see docs/deployment.md).
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def is_rate_limited(request: HttpRequest, code: str) -> bool:
    """Count this submission; True when the address has sent too many tips this hour."""
    key = f"lofte:tips:{code}:{client_ip(request)}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > RATE_LIMIT


@require_http_methods(["GET", "POST"])
def tip_form(request: HttpRequest, code: str) -> HttpResponse:
    c = collaboration_for_code(code)
    services.ensure_categories(None, c)
    form = TipForm(request.POST or None, collaboration=c, initial={
        "occurred_from": timezone.localtime().replace(second=0, microsecond=0)})
    status = 200
    if request.method == "POST":
        if is_rate_limited(request, code):
            return render(request, "incidents/tip_limited.html", {
                "page_title": "För många tips", "collaboration": c}, status=429)
        if form.is_valid():
            try:
                incident = services.submit_tip(c, form.to_data())
            except ValidationError as error:
                add_errors(form, error)
            else:
                # The random public reference, never the sequential pk (which would
                # tell anyone how many reports the platform holds).
                request.session["lofte_tip_reference"] = incident.public_id
                return redirect("incidents_public:tip_thanks", code=code)
        status = 422
    return render(request, "incidents/tip_form.html", {
        "page_title": f"Tipsa {c.municipality.official_name}", "collaboration": c,
        "form": form, "places": list(c.places.values("id", "name", "lat", "lon")),
        **map_context(c),
    }, status=status)


def tip_thanks(request: HttpRequest, code: str) -> HttpResponse:
    c = collaboration_for_code(code)
    return render(request, "incidents/tip_thanks.html", {
        "page_title": "Tack för ditt tips", "collaboration": c,
        "reference": request.session.pop("lofte_tip_reference", None),
    })
