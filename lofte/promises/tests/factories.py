"""Build promises through the services, as the app does, for tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lofte.organisations.models import Collaboration, Membership
from lofte.promises import queries, services
from lofte.promises.models import Activity, Actor, Promise, TargetKind


def membership(user: Any, collaboration: Collaboration) -> Membership:
    return Membership.objects.select_related("organisation").get(
        user=user, collaboration=collaboration)


def this_year() -> tuple[dt.date, dt.date]:
    year = queries.today().year
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def draft_promise(collaboration: Collaboration, user: Any, *, title: str = "Medborgarlöfte",
                  start: dt.date | None = None, end: dt.date | None = None,
                  kind: str = "medborgarlofte") -> Promise:
    start = start or this_year()[0]
    end = end or this_year()[1]
    promise = services.create_promise(
        user, collaboration, kind=kind, title=title, period_start=start, period_end=end,
        summary="Vi lovar tryggare trafik.", effect="Färre trafikbrott.",
        follow_up_cadence="tertial")
    commitment = services.save_commitment(user, promise, text="Att öka trafiksäkerheten.")
    services.save_activity(
        user, promise, commitment=commitment, actor=Actor.POLICE,
        description="Polisen ska genomföra minst femton trafikkontroller.",
        target_kind=TargetKind.AT_LEAST_IN_PERIOD, target_count=15, unit="trafikkontroller")
    services.save_activity(
        user, promise, commitment=commitment, actor=Actor.JOINT,
        description="Samverkansmöte varje tertial.", target_kind=TargetKind.PER_PERIOD,
        target_count=1, target_period="tertial", unit="möten")
    return promise


def published_promise(collaboration: Collaboration, kommun_user: Any, police_user: Any,
                      **kwargs: Any) -> Promise:
    promise = draft_promise(collaboration, kommun_user, **kwargs)
    services.approve_promise(kommun_user, promise, membership(kommun_user, collaboration))
    services.approve_promise(police_user, promise, membership(police_user, collaboration))
    promise.refresh_from_db()
    services.sign_promise(kommun_user, promise, signed_on=promise.period_start, signatories=[
        services.SignatoryIn("Henrik Tvarnö", "Kommunstyrelsens ordförande", "kommun"),
        services.SignatoryIn("Jonas Lindell", "Lokalpolisområdeschef", "polis"),
    ])
    services.publish_promise(kommun_user, promise)
    promise.refresh_from_db()
    return promise


def first_activity(promise: Promise) -> Activity:
    return promise.activities.order_by("position", "id").first()  # type: ignore[return-value]
