from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from lofte.organisations.permissions import render_markdown


class Command(BaseCommand):
    help = "Skriv docs/permissions.md från behörighetsmatrisen i organisations/permissions.py."

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.PROJECT_DIR) / "docs" / "permissions.md"
        path.write_text(render_markdown(), encoding="utf-8")
        self.stdout.write(f"Skrev {path}")
