"""Scoped reads of incidents and meetings: other collaborations' objects answer 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lofte.core import audit
from lofte.incidents.models import Decision, Incident, Meeting
from lofte.organisations.access import Scope, get_scope_by_id, membership_for
from lofte.organisations.permissions import allowed


def incidents_for_scope(scope: Scope) -> QuerySet[Incident]:
    """The incidents the scope's member may see: all of them, or only their own reports."""
    qs = Incident.objects.filter(collaboration=scope.collaboration)
    if scope.can("incident.view_all"):
        return qs
    if scope.can("incident.view_own"):
        return qs.filter(reporter=scope.membership.user)
    return qs.none()


def get_incident_for_user(user: Any, pk: int, *, write: bool = False,
                          review: bool = False, record_read: bool = True) -> Incident:
    """The incident ``pk`` if ``user`` may see it (and write/review it); else Http404.

    Reporters reach only their own reports (and may write them); coordinators and analysts see
    the collaboration's; ``review`` needs ``incident.review``. A read of the details is audited.
    """
    incident = (
        Incident.objects.select_related("category", "place", "organisation", "reporter",
                                        "collaboration__municipality", "merged_into")
        .filter(pk=pk).first()
    )
    if incident is None:
        raise Http404
    membership = membership_for(user, incident.collaboration_id)
    if membership is None:
        raise Http404
    is_own = incident.reporter_id == user.pk
    can_all = allowed(membership.role, "incident.view_all")
    if not (can_all or (is_own and allowed(membership.role, "incident.view_own"))):
        raise Http404
    if review and not allowed(membership.role, "incident.review"):
        raise PermissionDenied
    if write and not (is_own or allowed(membership.role, "incident.review")):
        raise PermissionDenied
    if record_read:
        audit.record_read(user, incident)
    return incident


def get_meeting_for_user(user: Any, pk: int, *, action: str = "meeting.manage") -> Meeting:
    meeting = Meeting.objects.select_related("collaboration").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    get_scope_by_id(user, meeting.collaboration_id, action)
    return meeting


def get_decision_for_user(user: Any, pk: int) -> Decision:
    decision = Decision.objects.select_related("meeting").filter(pk=pk).first()
    if decision is None:
        raise Http404
    get_scope_by_id(user, decision.collaboration_id, "meeting.manage")
    return decision
