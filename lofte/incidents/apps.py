from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "lofte.incidents"
    label = "incidents"
    verbose_name = _("Händelser (EST), tips och veckobild")

    def ready(self) -> None:
        # The citizen tip form and Open311 live at the site root (/tips/…, /open311/v2/…),
        # while FEATURE_URLS mounts this app under samverkan/. Add the root routes once.
        from lofte.incidents.public_urls import mount_public_urls

        mount_public_urls()
