from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lofte.core import audit
from lofte.core.models import AuditAction, AuditEntry
from lofte.core.queries import audit_csv_rows, filter_audit_entries


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html", {"page_title": _("Om Löfte")})


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def render_audit_log(
    request: HttpRequest, entries: object, *, title: str, export_name: str
) -> HttpResponse | StreamingHttpResponse:
    """Shared page (and CSV export) of a filtered audit log."""
    filtered, errors = filter_audit_entries(entries, request.GET)  # type: ignore[arg-type]
    if request.GET.get("format") == "csv":
        audit.record(request.user, AuditAction.EXPORT, object_type="core.auditentry",
                     object_repr=title, note=request.GET.urlencode()[:300])
        response = StreamingHttpResponse(audit_csv_rows(filtered), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{export_name}.csv"'
        return response
    page = Paginator(filtered, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_log.html", {
        "page_title": title, "page": page, "errors": errors, "params": request.GET,
        "actions": AuditAction.choices, "query": query.urlencode(),
    })


@staff_member_required
def audit_log(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The whole platform's audit log, for platform administrators."""
    return render_audit_log(
        request, AuditEntry.objects.all(), title="Granskningslogg – hela plattformen",
        export_name="granskningslogg",
    )
