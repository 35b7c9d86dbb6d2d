from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def can(scope: Any, action: str) -> bool:
    """``{% if scope|can:"incident.review" %}`` – whether the scope's role allows ``action``."""
    return bool(scope is not None and scope.can(action))
