from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from lofte.organisations.access import Scope, scoped


@scoped("situation.view")
def picture(request: HttpRequest, scope: Scope) -> HttpResponse:
    return HttpResponse("")


map_data = export_csv = export_geojson = export_pdf = picture
