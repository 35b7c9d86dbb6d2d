"""Incident photos, served through the app to exactly those who may see the incident.

The photo is found through :func:`lofte.incidents.access.get_incident_for_user` (404 for other
collaborations, and for reporters other than the report's own), and the read is audited like
the report's details. ``lofte.core.files.serve_upload`` sets the safe headers.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_http_methods

from lofte.core import audit
from lofte.core.files import serve_upload
from lofte.incidents.access import get_incident_for_user
from lofte.organisations.access import Scope, scoped


@require_http_methods(["GET", "HEAD"])
@scoped("incident.report")
def incident_photo(request: HttpRequest, scope: Scope, pk: int, photo_id: int) -> FileResponse:
    incident = get_incident_for_user(request.user, pk, record_read=False)
    photo = incident.photos.filter(pk=photo_id).first()
    if incident.collaboration_id != scope.collaboration.pk or photo is None:
        raise Http404
    response = serve_upload(photo.image, stem=f"rapport-{incident.pk}-foto-{photo.pk}")
    audit.record_read(request.user, incident, note=f"foto {photo.pk}")
    return response
