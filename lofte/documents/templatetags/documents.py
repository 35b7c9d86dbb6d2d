from __future__ import annotations

from django import template

from lofte.documents.parsing import theme_label

register = template.Library()


@register.filter
def theme(code: str) -> str:
    """The Swedish label of a theme code."""
    return theme_label(code)
