"""Require the second factor for users who have turned it on."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from lofte.core.audit import set_request_ip

# The sign-in steps themselves, static files and token-authenticated machine APIs (the API
# checks the second factor itself for session users).
_EXEMPT_PREFIXES = (
    "/konto/logga-in",
    "/konto/logga-ut",
    "/konto/verifiera",
    "/konto/aterstall",
    "/static/",
    "/api/",
    "/open311/",
    "/oidc/",
    "/i18n/",
    "/offentlig/",
)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        set_request_ip(request.META.get("REMOTE_ADDR"))
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and not user.is_verified()  # type: ignore[attr-defined]
            and _has_confirmed_device(user)
        ):
            return redirect(f"{reverse('accounts:verify')}?next={request.get_full_path()}")
        return self.get_response(request)


def _has_confirmed_device(user: object) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))
