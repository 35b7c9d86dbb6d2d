from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    name = "lofte.promises"
    label = "promises"
    verbose_name = _("Medborgarlöften och åtgärdsplaner")

    def ready(self) -> None:
        from lofte.promises import summaries  # noqa: F401 - registers key figures
