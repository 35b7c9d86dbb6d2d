"""The promise life cycle through the pages: draft → agreed → signed → published → revised."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from lofte.core.models import AuditEntry
from lofte.promises.models import Activity, Promise, PromiseStatus
from lofte.promises.tests.factories import draft_promise, published_promise, this_year

pytestmark = pytest.mark.django_db


def url(name: str, promise: Promise | None = None, **kwargs: Any) -> str:
    if promise is not None:
        kwargs["pk"] = promise.pk
    return reverse(f"promises:{name}", kwargs={"slug": "vetlanda", **kwargs})


def test_create_promise_and_validation(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    start, end = this_year()
    response = client.post(url("create"), {
        "kind": "medborgarlofte", "title": "Medborgarlöfte i Vetlanda", "period_start": start,
        "period_end": end, "follow_up_cadence": "tertial"})
    promise = Promise.objects.get()
    assert response.status_code == 302
    assert promise.status == PromiseStatus.DRAFT
    assert AuditEntry.objects.filter(object_type="promises.promise", action="create").exists()
    # End before start: the form answers with an error and nothing is stored.
    response = client.post(url("create"), {
        "kind": "medborgarlofte", "title": "Fel", "period_start": end,
        "period_end": start, "follow_up_cadence": "tertial"})
    assert response.status_code == 200
    assert "Slutdatum" in response.content.decode()
    assert Promise.objects.count() == 1
    # More than three years is refused.
    response = client.post(url("create"), {
        "kind": "atgardsplan", "title": "För lång", "period_start": start,
        "period_end": start + dt.timedelta(days=4 * 365), "follow_up_cadence": "tertial"})
    assert "högst tre år" in response.content.decode()


def test_both_parties_approve_then_sign_publish_revise(
    login: Any, vetlanda: Any, coordinator: Any, police_coordinator: Any
) -> None:
    promise = draft_promise(vetlanda, coordinator)
    kommun, polis = login(coordinator), login(police_coordinator)
    # An activity added through the page.
    response = kommun.post(url("activity_create", promise), {
        "description": "Kommunen ska informera inför valborg och midsommar.",
        "actor": "kommunen", "target_kind": "recurring_dates",
        "recurring_dates": ["valborg", "midsommar"]})
    assert response.status_code == 302
    assert promise.activities.count() == 3
    # A target without its count is refused and not stored.
    response = kommun.post(url("activity_create", promise), {
        "description": "Minst … kontroller", "actor": "polisen",
        "target_kind": "at_least_in_period"})
    assert response.status_code == 200
    assert "Ange hur många" in response.content.decode()
    assert promise.activities.count() == 3

    kommun.post(url("approve", promise))
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.DRAFT
    assert promise.approvals.get().party == "kommun"
    polis.post(url("approve", promise))
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.AGREED

    response = kommun.post(url("sign", promise), {
        "signed_on": this_year()[0], "signed_place": "Vetlanda",
        "municipality_name": "Henrik Tvarnö", "municipality_role": "Kommunstyrelsens ordförande",
        "police_name": "Jonas Lindell", "police_role": "Lokalpolisområdeschef"})
    assert response.status_code == 302
    kommun.post(url("publish", promise))
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.PUBLISHED
    assert promise.signatories.count() == 2

    # A published version cannot be edited …
    response = kommun.post(url("edit", promise), {"title": "Ändrad"})
    promise.refresh_from_db()
    assert promise.title != "Ändrad"
    # … it is revised into a new draft version with the same structure.
    response = kommun.post(url("revise", promise), {"note": "Fler kontroller"})
    new = Promise.objects.get(previous_version=promise)
    assert response.status_code == 302
    assert (new.version, new.status) == (2, PromiseStatus.DRAFT)
    assert new.activities.count() == 3
    assert {a.lineage for a in new.activities.all()} == {
        a.lineage for a in promise.activities.all()}
    activity = new.activities.get(target_kind="at_least_in_period")
    kommun.post(url("activity_edit", new, activity_id=activity.pk), {
        "description": activity.description, "actor": "polisen",
        "target_kind": "at_least_in_period", "target_count": 20, "unit": "trafikkontroller"})
    response = kommun.get(url("diff", new))
    assert response.status_code == 200
    assert "20 trafikkontroller" in response.content.decode()
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.PUBLISHED  # unchanged until v2 is published
    assert Activity.objects.get(promise=promise, lineage=activity.lineage).target_count == 15


def test_only_kommun_and_police_coordinators_approve(
    login: Any, vetlanda: Any, coordinator: Any, analyst: Any, reader: Any
) -> None:
    promise = draft_promise(vetlanda, coordinator)
    assert login(analyst).post(url("approve", promise)).status_code == 403
    assert login(reader).post(url("approve", promise)).status_code == 403
    kommun = login(coordinator)
    kommun.post(url("approve", promise))
    response = kommun.post(url("approve", promise), follow=True)
    assert "redan godkänt" in response.content.decode()
    assert promise.approvals.count() == 1


def test_other_collaboration_and_missing_objects(
    login: Any, client: Any, vetlanda: Any, coordinator: Any, police_coordinator: Any,
    outsider: Any
) -> None:
    promise = published_promise(vetlanda, coordinator, police_coordinator)
    other = login(outsider)
    assert other.get(url("detail", promise)).status_code == 404
    # Even through the outsider's own collaboration slug.
    assert other.get(reverse("promises:detail", kwargs={"slug": "almhult", "pk": promise.pk})
                     ).status_code == 404
    assert other.post(reverse("promises:approve", kwargs={"slug": "almhult", "pk": promise.pk})
                      ).status_code == 404
    assert login(coordinator).get(url("detail", pk=999999)).status_code == 404
    assert client.get(url("detail", promise)).status_code == 302  # anonymous → login


def test_list_query_count(login: Any, vetlanda: Any, coordinator: Any, police_coordinator: Any,
                          django_assert_max_num_queries: Any) -> None:
    client = login(coordinator)
    published_promise(vetlanda, coordinator, police_coordinator)
    with django_assert_max_num_queries(20) as one:
        assert client.get(url("list")).status_code == 200
    for n in range(3):
        draft_promise(vetlanda, coordinator, title=f"Utkast {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url("list")).status_code == 200


def test_close_and_pdf(login: Any, vetlanda: Any, coordinator: Any,
                       police_coordinator: Any) -> None:
    promise = published_promise(vetlanda, coordinator, police_coordinator)
    client = login(coordinator)
    response = client.get(url("pdf", promise))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.post(url("close", promise))
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.CLOSED
    assert login(police_coordinator).get(url("detail", promise)).status_code == 200


def test_edit_and_remove_structure_of_a_draft(
    login: Any, vetlanda: Any, coordinator: Any, police_coordinator: Any, outsider: Any
) -> None:
    promise = draft_promise(vetlanda, coordinator)
    client = login(coordinator)
    client.post(url("focus_area_create", promise), {"title": "Trafik"})
    area = promise.focus_areas.get()
    commitment = promise.commitments.get()
    response = client.post(url("commitment_edit", promise, item_id=commitment.pk),
                           {"text": "Säkrare trafik i centrum.", "focus_area": area.pk})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.text, commitment.focus_area_id) == ("Säkrare trafik i centrum.", area.pk)
    assert client.post(url("commitment_edit", promise, item_id=commitment.pk),
                       {"text": ""}).status_code == 200  # validation error, unchanged
    assert client.get(url("commitment_edit", promise, item_id=999999)).status_code == 404
    assert login(outsider).get(url("commitment_edit", promise, item_id=commitment.pk)
                               ).status_code == 404
    client.post(url("structure_delete", promise, kind="fokusomraden", item_id=area.pk))
    assert not promise.focus_areas.exists()
    client.post(url("structure_delete", promise, kind="ataganden", item_id=commitment.pk))
    assert not promise.commitments.exists()
    assert promise.activities.count() == 2  # activities stay, ungrouped
    assert client.post(url("structure_delete", promise, kind="okant", item_id=1)
                       ).status_code == 404


def test_published_structure_cannot_change(login: Any, vetlanda: Any, coordinator: Any,
                                           police_coordinator: Any) -> None:
    promise = published_promise(vetlanda, coordinator, police_coordinator)
    client = login(coordinator)
    commitment = promise.commitments.get()
    response = client.post(url("commitment_edit", promise, item_id=commitment.pk),
                           {"text": "Tyst ändring"})
    assert "Bara utkast" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.text != "Tyst ändring"
    client.post(url("structure_delete", promise, kind="ataganden", item_id=commitment.pk))
    assert promise.commitments.exists()
    activity = promise.activities.first()
    client.post(url("activity_delete", promise, activity_id=activity.pk))
    assert promise.activities.filter(pk=activity.pk).exists()


def test_records_follow_activities_into_the_new_version(
    vetlanda: Any, coordinator: Any, police_coordinator: Any
) -> None:
    from lofte.promises import queries, services
    from lofte.promises.tests.factories import first_activity, membership

    v1 = published_promise(vetlanda, coordinator, police_coordinator)
    services.record_activity(coordinator, first_activity(v1), performed_on=v1.period_start,
                             quantity=4)
    v2 = services.revise_promise(coordinator, v1, note="Nytt mål")
    for user in (coordinator, police_coordinator):
        services.approve_promise(user, v2, membership(user, vetlanda))
    v2.refresh_from_db()
    services.sign_promise(coordinator, v2, signed_on=v2.period_start, signatories=[
        services.SignatoryIn("A", "Kommunstyrelsens ordförande", "kommun"),
        services.SignatoryIn("B", "Lokalpolisområdeschef", "polis")])
    services.publish_promise(coordinator, v2)
    v1.refresh_from_db()
    assert v1.status == PromiseStatus.REVISED
    computed = queries.compute(queries.with_structure(Promise.objects.filter(pk=v2.pk)).get())
    assert computed.activities[0].progress.done == 4


def test_delete_a_draft_but_never_a_published_promise(
    login: Any, vetlanda: Any, coordinator: Any, police_coordinator: Any, outsider: Any
) -> None:
    draft = draft_promise(vetlanda, coordinator, title="Utkast")
    published = published_promise(vetlanda, coordinator, police_coordinator)
    assert login(outsider).post(url("delete", draft)).status_code == 404
    client = login(coordinator)
    assert client.post(url("delete", draft)).status_code == 302
    assert not Promise.objects.filter(pk=draft.pk).exists()
    client.post(url("delete", published))
    assert Promise.objects.filter(pk=published.pk).exists()
    assert client.post(url("delete", pk=999999)).status_code == 404
