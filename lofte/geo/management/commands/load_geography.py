from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lofte.geo.services import load_reference_geography


class Command(BaseCommand):
    help = "Läs in Sveriges 290 kommuner, 21 län, polisregioner och kända lokalpolisområden."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_reference_geography()
        self.stdout.write(
            f"{result.counties} län, {result.municipalities} kommuner, "
            f"{result.police_regions} polisregioner, {result.police_areas} lokalpolisområden."
        )
