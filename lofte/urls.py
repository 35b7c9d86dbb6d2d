from __future__ import annotations

import importlib
import importlib.util

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from lofte.api import api
from lofte.organisations import views as organisation_views

admin.site.site_header = "Löfte – administration"
admin.site.site_title = "Löfte"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", organisation_views.home, name="home"),
    path("", include("lofte.core.urls")),
    path("konto/", include("lofte.accounts.urls")),
    path("samverkan/", include("lofte.organisations.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Feature apps mount themselves here when installed: (module, prefix).
FEATURE_URLS = [
    ("lofte.incidents.urls", "samverkan/"),
    ("lofte.incidents.public_urls", ""),
    ("lofte.promises.urls", "samverkan/"),
    ("lofte.situation.urls", "samverkan/"),
    ("lofte.situation.public_urls", "offentlig/"),
    ("lofte.imports.urls", "samverkan/"),
    ("lofte.documents.urls", ""),
    ("lofte.public.urls", ""),
    ("lofte.privacy.urls", ""),
]
for module_path, prefix in FEATURE_URLS:
    app = module_path.rsplit(".", 1)[0]
    if app in settings.INSTALLED_APPS and importlib.util.find_spec(module_path) is not None:
        urlpatterns.append(path(prefix, include(module_path)))

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
