"""Language rules that more than one app needs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils import translation


def swedish(view: Callable[..., Any]) -> Callable[..., Any]:
    """Citizen pages and documents are in Swedish whatever the browser asks for (dates too).

    Staff pages follow the chosen language; what the kommun publishes to its residents is the
    Swedish text that was approved and signed.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        with translation.override("sv"):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response

    return wrapper
