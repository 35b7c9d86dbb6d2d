"""Activity photos, served through the app to the members of the collaboration only.

Activity photos are not public, not even on published promises: they may show participants,
and no consent to publish them is recorded. ``lofte.core.files.serve_upload`` sets the safe
headers.
"""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_http_methods

from lofte.core.files import serve_upload
from lofte.organisations.access import Scope, scoped
from lofte.promises.access import get_activity_photo_for_user


@require_http_methods(["GET", "HEAD"])
@scoped("promise.view")
def activity_photo(request: HttpRequest, scope: Scope, photo_id: int) -> FileResponse:
    photo, _scope = get_activity_photo_for_user(request.user, photo_id,
                                                slug=scope.collaboration.slug)
    return serve_upload(photo.image, stem=f"aktivitet-{photo.record_id}-foto-{photo.pk}")
