"""Site-wide template context that belongs to no domain."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def lofte(request: HttpRequest) -> dict[str, Any]:
    return {
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "is_demo": settings.LOFTE_DEMO,
        "oidc_enabled": settings.OIDC_ENABLED,
        "oidc_provider_name": getattr(settings, "OIDC_PROVIDER_NAME", ""),
    }
