"""Scoped reads: a user reaches only the collaborations they are a member of.

Objects of other collaborations answer 404 (not 403), so their existence does not leak. A
member whose role does not allow an action gets 403.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from lofte.organisations.models import Collaboration, Membership
from lofte.organisations.permissions import allowed

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

SESSION_KEY = "lofte_collaboration"


@dataclass(frozen=True)
class Scope:
    """The collaboration a request works in, and the user's membership of it."""

    collaboration: Collaboration
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def is_police(self) -> bool:
        return self.membership.is_police

    def can(self, action: str) -> bool:
        return allowed(self.role, action)


def collaborations_for_user(user: Any) -> QuerySet[Collaboration]:
    """The collaborations ``user`` is a member of (none for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return Collaboration.objects.none()
    return (
        Collaboration.objects.filter(memberships__user=user, is_active=True)
        .select_related("municipality", "police_area")
        .distinct()
    )


def membership_for(user: Any, collaboration_id: int) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.select_related("organisation", "collaboration")
        .filter(user=user, collaboration_id=collaboration_id, collaboration__is_active=True)
        .first()
    )


def get_scope_for_user(user: Any, slug: str, action: str = "collaboration.view") -> Scope:
    """Resolve a collaboration by slug for ``user``.

    Raises Http404 when the user is not a member (or it does not exist) and PermissionDenied
    when the user's role does not allow ``action``.
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404
    membership = (
        Membership.objects.select_related(
            "organisation", "collaboration__municipality", "collaboration__police_area"
        )
        .filter(user=user, collaboration__slug=slug, collaboration__is_active=True)
        .first()
    )
    if membership is None:
        raise Http404
    if not allowed(membership.role, action):
        raise PermissionDenied
    return Scope(collaboration=membership.collaboration, membership=membership)


def get_scope_by_id(user: Any, collaboration_id: int, action: str = "collaboration.view") -> Scope:
    """Like :func:`get_scope_for_user` for an object's ``collaboration_id``."""
    membership = membership_for(user, collaboration_id)
    if membership is None:
        raise Http404
    if not allowed(membership.role, action):
        raise PermissionDenied
    return Scope(collaboration=membership.collaboration, membership=membership)


def scoped(
    action: str,
) -> Callable[
    [Callable[Concatenate[HttpRequest, Scope, P], R]], Callable[Concatenate[HttpRequest, P], R]
]:
    """View decorator: resolve ``slug`` into a :class:`Scope` checked for ``action``.

    The view receives ``(request, scope, **kwargs)`` without ``slug``; the collaboration is
    remembered in the session as the user's current one.
    """

    def decorator(
        view: Callable[Concatenate[HttpRequest, Scope, P], R],
    ) -> Callable[Concatenate[HttpRequest, P], R]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())  # type: ignore[return-value]
            slug = str(kwargs.pop("slug"))
            scope = get_scope_for_user(request.user, slug, action)
            request.session[SESSION_KEY] = scope.collaboration.slug
            request.lofte_scope = scope  # type: ignore[attr-defined]
            return view(request, scope, *args, **kwargs)

        # The permission walk test reads this to know what each URL requires.
        wrapper.lofte_action = action  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator
