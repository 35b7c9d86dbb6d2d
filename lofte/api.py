"""The JSON API under /api/v1/ (django-ninja), with OpenAPI at /api/v1/openapi.json.

Authentication: a bearer token (``Authorization: Bearer lft_…``, created under "Mitt konto")
or the browser session (which must have passed the second factor if the user has one).
Feature apps add their routers in :func:`build_api`.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

# Routers of feature apps: module path -> (prefix, attribute).
ROUTERS: list[tuple[str, str]] = [
    ("lofte.geo.api", "/"),
    ("lofte.organisations.api", "/"),
    ("lofte.incidents.api", "/"),
    ("lofte.promises.api", "/"),
    ("lofte.documents.api", "/"),
    ("lofte.imports.api", "/"),
    ("lofte.situation.api", "/"),
    ("lofte.public.api", "/"),
]


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Löfte API",
        version="1.0.0",
        description=(
            "Öppet API för Löfte: referensdata (kommuner, län, polisområden), samverkans "
            "rapporter, lägesbilder och medborgarlöften. Felmeddelanden är på svenska."
        ),
        urls_namespace="api-1.0.0",
        docs_url="/docs",
    )

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> Any:
        return api.create_response(
            request,
            {"detail": "Felaktig indata.", "errors": exc.errors},
            status=422,
        )

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> Any:
        return api.create_response(request, {"detail": "Inloggning krävs."}, status=401)

    for module_path, prefix in ROUTERS:
        try:
            module = importlib.import_module(module_path)
        except ModuleNotFoundError as error:
            if error.name == module_path:
                continue
            raise
        api.add_router(prefix, module.router)
    return api


api = build_api()
