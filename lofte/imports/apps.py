from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "lofte.imports"
    label = "imports"
    verbose_name = _("Officiella källor (Polisen, Kolada, Brå, trygghetsmätningar, dialoger)")

    def on_worker_start(self) -> None:
        """Called by ``lofte worker`` before it takes jobs: finish runs left by killed
        processes (see :func:`lofte.imports.services.fail_abandoned_runs`)."""
        from lofte.imports.services import fail_abandoned_runs

        fail_abandoned_runs()
