"""Routes at the site root: the citizen tip form and Open311 GeoReport v2.

``lofte.urls`` mounts this app's ``urls`` under ``samverkan/``; the public routes below need
the root, so :func:`mount_public_urls` (called from ``IncidentsConfig.ready``) appends them to
the root URLconf once.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path

app_name = "incidents_public"


def _urlpatterns() -> list[URLPattern | URLResolver]:
    from lofte.incidents.views import open311, tips

    return [
        path("tips/<str:code>/", tips.tip_form, name="tip"),
        path("tips/<str:code>/tack/", tips.tip_thanks, name="tip_thanks"),
        re_path(r"^open311/v2/services\.(?P<fmt>json|xml)$", open311.service_list,
                name="open311_services"),
        re_path(r"^open311/v2/requests\.(?P<fmt>json|xml)$", open311.request_list,
                name="open311_requests"),
        re_path(r"^open311/v2/requests/(?P<pk>[^/.]+)\.(?P<fmt>json|xml)$",
                open311.request_detail, name="open311_request"),
    ]


def __getattr__(name: str) -> object:
    # Built lazily: this module is imported from AppConfig.ready, before views may load.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def _append(root: object) -> None:
    patterns = getattr(root, "urlpatterns", None)
    if patterns is None or any(getattr(p, "namespace", None) == app_name for p in patterns):
        return
    patterns.append(path("", include("lofte.incidents.public_urls")))


def _mount_on_request(**kwargs: object) -> None:
    import importlib

    from django.conf import settings

    _append(importlib.import_module(settings.ROOT_URLCONF))


def mount_public_urls() -> None:
    """Append the public routes to the root URLconf (idempotent).

    If the root URLconf cannot be imported yet (another app mid-edit), start-up is not blocked:
    the routes are added at the first request instead, when Django reports the real error.
    """
    import importlib

    from django.conf import settings
    from django.core.signals import request_started

    try:
        root = importlib.import_module(settings.ROOT_URLCONF)
    except Exception:
        request_started.connect(_mount_on_request, dispatch_uid="lofte-incidents-public-urls")
        return
    _append(root)
