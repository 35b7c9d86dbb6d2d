"""The collaboration's lists: EST categories, named places, Open311 keys, the tip link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lofte.incidents import services
from lofte.incidents.forms import CategoryForm, Open311KeyForm, PlaceForm
from lofte.incidents.views.common import add_errors, map_context
from lofte.organisations.access import Scope, scoped


def _slug(name: str) -> str:
    return slugify(name.replace("å", "a").replace("ä", "a").replace("ö", "o"))[:40]


@require_http_methods(["GET", "POST"])
@scoped("incident.review")
def lists(request: HttpRequest, scope: Scope) -> HttpResponse:
    c = scope.collaboration
    services.ensure_categories(request.user, c)
    action = request.POST.get("action", "")
    category_form = CategoryForm(request.POST if action == "category" else None)
    place_form = PlaceForm(request.POST if action == "place" else None)
    key_form = Open311KeyForm(request.POST if action == "key" else None)
    if action == "category" and category_form.is_valid():
        data = category_form.cleaned_data
        code = data["code"] or _slug(data["name"])
        services.save_category(request.user, c, code=code, name=data["name"],
                               is_active=data["is_active"])
        messages.success(request, _("Kategorin %(name)s är sparad.") % {"name": data["name"]})
        return redirect("incidents:settings", slug=c.slug)
    if action == "place" and place_form.is_valid():
        data = place_form.cleaned_data
        try:
            services.create_place(request.user, c, name=data["name"], lat=data["lat"],
                                  lon=data["lon"])
        except ValidationError as error:
            add_errors(place_form, error)
        else:
            messages.success(request, _("Platsen %(name)s är sparad.") % {"name": data["name"]})
            return redirect("incidents:settings", slug=c.slug)
    if action == "key" and key_form.is_valid():
        _key, raw = services.create_open311_key(request.user, c, key_form.cleaned_data["key_name"])
        messages.success(request, _("Ny Open311-nyckel (visas bara nu): %(key)s") % {"key": raw})
        return redirect("incidents:settings", slug=c.slug)
    return render(request, "incidents/settings.html", {
        "page_title": "Kategorier och platser", "scope": scope, "collaboration": c,
        "categories": c.incident_categories.all(), "places": c.places.all(),
        "keys": c.open311_keys.all(), "category_form": category_form,
        "place_form": place_form, "key_form": key_form,
        "tip_path": f"/tips/{c.municipality.code}/", **map_context(c),
    }, status=422 if request.method == "POST" else 200)
