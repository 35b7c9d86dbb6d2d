"""Routes at the site root: the citizen tip form and Open311 GeoReport v2.

Mounted at the root by ``lofte.urls`` (FEATURE_URLS), next to this app's collaboration pages
under ``samverkan/``.
"""

from __future__ import annotations

from django.urls import path, re_path

from lofte.incidents.views import open311, tips

app_name = "incidents_public"

urlpatterns = [
    path("tips/<str:code>/", tips.tip_form, name="tip"),
    path("tips/<str:code>/tack/", tips.tip_thanks, name="tip_thanks"),
    path("open311/v2/openapi.json", open311.openapi_document, name="open311_openapi"),
    re_path(r"^open311/v2/services\.(?P<fmt>json|xml)$", open311.service_list,
            name="open311_services"),
    re_path(r"^open311/v2/requests\.(?P<fmt>json|xml)$", open311.request_list,
            name="open311_requests"),
    re_path(r"^open311/v2/requests/(?P<pk>[^/.]+)\.(?P<fmt>json|xml)$",
            open311.request_detail, name="open311_request"),
]
