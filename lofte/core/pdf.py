"""PDF documents from HTML templates (WeasyPrint).

Templates extend ``core/pdf_base.html`` which sets A4 pages, page numbers and the house
typography. Images and stylesheets are resolved from the project's static files, never
fetched from the network.
"""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


def _static_fetcher(url: str) -> dict[str, Any]:
    from weasyprint import default_url_fetcher

    if url.startswith("/static/"):
        path = finders.find(url.removeprefix("/static/"))
        if path:
            return {"file_obj": open(path, "rb"), "filename": str(path)}
    if url.startswith("data:"):
        return default_url_fetcher(url)  # type: ignore[no-any-return]
    raise ValueError(f"Externa resurser hämtas inte i PDF: {url}")


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render ``template`` with ``context`` to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url="/", url_fetcher=_static_fetcher).write_pdf()  # type: ignore[no-any-return]


def pdf_response(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
