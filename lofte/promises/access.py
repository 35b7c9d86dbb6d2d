"""Scoped reads of promises, activities and follow-ups.

Objects of collaborations the user is not a member of answer 404, so their existence does not
leak; a member whose role lacks ``action`` gets 403 (:class:`PermissionDenied`).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lofte.organisations.access import Scope, get_scope_by_id
from lofte.promises.models import Activity, ActivityPhoto, FollowUp, Promise


def get_promise_for_user(user: Any, pk: int, *, action: str = "promise.view",
                         slug: str | None = None) -> tuple[Promise, Scope]:
    """The promise ``pk`` and the user's scope in its collaboration.

    ``slug``, when given, must be the promise's collaboration (URLs carry both).
    """
    promise = (Promise.objects.select_related("collaboration__municipality",
                                              "collaboration__police_area", "previous_version")
               .filter(pk=pk).first())
    if promise is None or (slug is not None and promise.collaboration.slug != slug):
        raise Http404
    scope = get_scope_by_id(user, promise.collaboration_id, action)
    return promise, scope


def get_activity_for_user(user: Any, pk: int, *, action: str = "promise.view",
                          slug: str | None = None) -> tuple[Activity, Scope]:
    activity = (Activity.objects.select_related("promise__collaboration", "commitment")
                .filter(pk=pk).first())
    if activity is None or (slug is not None and activity.promise.collaboration.slug != slug):
        raise Http404
    scope = get_scope_by_id(user, activity.promise.collaboration_id, action)
    return activity, scope


def get_follow_up_for_user(user: Any, pk: int, *, action: str = "promise.view",
                           slug: str | None = None) -> tuple[FollowUp, Scope]:
    follow_up = (FollowUp.objects.select_related("promise__collaboration__municipality")
                 .filter(pk=pk).first())
    if follow_up is None or (
        slug is not None and follow_up.promise.collaboration.slug != slug
    ):
        raise Http404
    scope = get_scope_by_id(user, follow_up.promise.collaboration_id, action)
    return follow_up, scope


def get_activity_photo_for_user(user: Any, pk: int, *, action: str = "promise.view",
                                slug: str | None = None) -> tuple[ActivityPhoto, Scope]:
    """A photo of an activity record, for members of its collaboration with ``action``.

    Activity photos are never public (they may show participants and no consent to publish
    is recorded): other collaborations and anonymous visitors get 404 or the login page.
    """
    photo = (ActivityPhoto.objects.select_related("record__activity__promise__collaboration")
             .filter(pk=pk).first())
    if photo is None:
        raise Http404
    collaboration = photo.record.activity.promise.collaboration
    if slug is not None and collaboration.slug != slug:
        raise Http404
    scope = get_scope_by_id(user, collaboration.pk, action)
    return photo, scope
