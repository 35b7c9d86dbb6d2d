"""Register extract for platform administrators (erasure stays a deliberate command)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import user_passes_test
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.privacy import services
from lofte.privacy.forms import SubjectForm


def _is_platform_admin(user: object) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


@user_passes_test(_is_platform_admin)
def extract_page(request: HttpRequest) -> HttpResponse:
    """Search with the form; the answer is a summary and the JSON extract (both audited)."""
    form = SubjectForm(request.POST if request.method == "POST" else None)
    counts = None
    if request.method == "POST" and form.is_valid():
        data = services.extract_register(request.user, form.subject)
        if "download" in request.POST:
            response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                                    content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="registerutdrag-{timezone.localdate()}.json"')
            return response
        counts = [(label, data["registerutdrag"]["antal"].get(kind, 0))
                  for kind, label in services.KIND_LABELS.items()]
    return render(request, "privacy/extract.html", {
        "page_title": _("Registerutdrag"), "form": form, "counts": counts})
