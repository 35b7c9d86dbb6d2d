from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    name = "lofte.situation"
    label = "situation"
    verbose_name = _("Lägesbild och årshjul")
