"""Routes at the site root: the citizen tip form and Open311 GeoReport v2.

``lofte.urls`` mounts this app's ``urls`` under ``samverkan/``; the public routes below need
the root, so :func:`mount_public_urls` (called from ``IncidentsConfig.ready``) appends them to
the root URLconf once.
"""

from __future__ import annotations

from django.urls import include, path

app_name = "incidents_public"

urlpatterns: list = []


def mount_public_urls() -> None:
    import importlib

    from django.conf import settings

    root = importlib.import_module(settings.ROOT_URLCONF)
    patterns = getattr(root, "urlpatterns", None)
    if patterns is None or any(getattr(p, "namespace", None) == app_name for p in patterns):
        return
    patterns.append(path("", include("lofte.incidents.public_urls")))
