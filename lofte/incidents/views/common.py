from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import HttpRequest

PAGE_SIZE = 25


def paginate(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> tuple[Page[Any], str]:
    """A page of ``items`` and the query string (without ``page``) for the pagination links."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return page, query


def add_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or the form) it concerns."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            visible = field in form.fields and not form.fields[field].widget.is_hidden
            target = field if visible else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def map_context(collaboration: Any) -> dict[str, Any]:
    m = collaboration.municipality
    return {
        "boundary": {
            "type": "FeatureCollection",
            "lofte": {"kind": "boundary", "label": m.official_name},
            "features": [{"type": "Feature", "properties": {"label": m.official_name},
                          "geometry": m.geometry}],
        },
        "centre": {"lat": m.centre_lat, "lon": m.centre_lon},
    }
