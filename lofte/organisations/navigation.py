"""The main navigation of a collaboration.

Each section names a URL pattern that takes the collaboration's ``slug`` and the permission
needed to see it. Sections whose URL does not exist (an app not installed) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from lofte.organisations.access import SESSION_KEY, Scope, get_scope_for_user
from lofte.organisations.permissions import allowed

SECTIONS: list[tuple[str, Any, str]] = [
    ("organisations:overview", _("Översikt"), "collaboration.view"),
    ("incidents:list", _("Rapporter"), "incident.report"),
    ("incidents:picture", _("Veckobild"), "situation.view"),
    ("incidents:meetings", _("Möten"), "meeting.manage"),
    ("situation:list", _("Lägesbild"), "situation.view"),
    ("promises:list", _("Löften och planer"), "promise.view"),
    ("documents:upload", _("Läs in löfte"), "promise.edit"),
    ("documents:collaboration_register", _("Löftesregister"), "promise.view"),
    ("imports:index", _("Källor"), "situation.view"),
    ("organisations:members", _("Medlemmar"), "collaboration.manage"),
    ("organisations:audit", _("Logg"), "audit.view"),
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def _current_scope(request: HttpRequest) -> Scope | None:
    scope = getattr(request, "lofte_scope", None)
    if scope is not None:
        return scope  # type: ignore[no-any-return]
    slug = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not slug or not request.user.is_authenticated:
        return None
    try:
        return get_scope_for_user(request.user, slug)
    except Exception:
        request.session.pop(SESSION_KEY, None)
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    scope = _current_scope(request)
    if scope is None:
        return {"current_collaboration": None, "nav_items": []}
    items: list[NavItem] = []
    for url_name, label, action in SECTIONS:
        if not allowed(scope.role, action):
            continue
        try:
            url = reverse(url_name, kwargs={"slug": scope.collaboration.slug})
        except NoReverseMatch:
            continue
        active = request.path == url or (
            request.path.startswith(url) and url_name != "organisations:overview"
        )
        items.append(NavItem(label=str(label), url=url, active=active))
    return {
        "current_collaboration": scope.collaboration, "current_scope": scope, "nav_items": items
    }
