"""Reject text input carrying NUL bytes before it reaches views or the database.

PostgreSQL cannot store NUL in text fields, and no legitimate form, query string or JSON body
contains one; binary uploads (multipart) are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse

MESSAGE = "Begäran innehåller otillåtna tecken (NUL)."


class RejectNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            if request.path.startswith("/open311/"):  # GeoReport v2's error list
                if request.path.endswith(".xml"):
                    return HttpResponse(
                        '<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code>'
                        f"<description>{MESSAGE}</description></error></errors>",
                        status=400, content_type="text/xml; charset=utf-8")
                return JsonResponse([{"code": 400, "description": MESSAGE}], status=400,
                                    safe=False)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponse(MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
            return True
        if b"\x00" in unquote_to_bytes(request.path_info.encode("utf-8", "surrogateescape")):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json"):
            body = request.body
            return b"\\u0000" in body or b"\x00" in body
        if content_type.startswith("application/x-www-form-urlencoded"):
            return b"\x00" in unquote_to_bytes(request.body)
        return False
