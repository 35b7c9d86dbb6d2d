"""OpenID Connect sign-in against the kommun's identity provider (off by default).

Users are matched by e-mail address. A person without an account gets one with no
memberships: an administrator decides which collaborations and roles they have.
"""

from __future__ import annotations

from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class LofteOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def create_user(self, claims: dict[str, Any]) -> Any:
        email = claims.get("email", "")
        user = self.UserModel.objects.create_user(
            username=email or claims.get("sub", ""),
            email=email,
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        return user

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        user.first_name = claims.get("given_name", user.first_name)
        user.last_name = claims.get("family_name", user.last_name)
        user.save(update_fields=["first_name", "last_name"])
        return user
