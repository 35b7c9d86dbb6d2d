"""API authentication: bearer tokens and verified browser sessions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from lofte.accounts.services import authenticate_token


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """Session auth that also requires the second factor where the user has one."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        from django_otp import devices_for_user

        if not user.is_verified() and any(True for _ in devices_for_user(user, confirmed=True)):
            return None
        return user


AUTH = [TokenAuth(), VerifiedSessionAuth()]
