from __future__ import annotations

from typing import Any

import pytest

from lofte.core.models import AuditEntry
from lofte.organisations.models import Membership

pytestmark = pytest.mark.django_db


def test_member_sees_overview_and_outsider_gets_404(
    login: Any, coordinator: Any, outsider: Any, vetlanda: Any
) -> None:
    assert login(coordinator).get(f"/samverkan/{vetlanda.slug}/").status_code == 200
    assert login(outsider).get(f"/samverkan/{vetlanda.slug}/").status_code == 404
    assert login(outsider).get("/samverkan/finns-inte/").status_code == 404


def test_anonymous_is_sent_to_login(client: Any, vetlanda: Any) -> None:
    response = client.get(f"/samverkan/{vetlanda.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


def test_home_lists_only_own_collaborations(login: Any, coordinator: Any, outsider: Any) -> None:
    page = login(coordinator).get("/").content.decode()
    assert "Vetlanda kommun och polisen" in page
    assert "Älmhult" not in page


def test_police_officer_in_two_collaborations_sees_them_side_by_side(
    login: Any, police_coordinator: Any, almhult: Any, vetlanda: Any
) -> None:
    from lofte.organisations.models import OrganisationKind, Role
    from lofte.organisations.services import set_membership

    set_membership(None, collaboration=almhult, user=police_coordinator,
                   organisation=almhult.organisations.get(kind=OrganisationKind.POLICE_AREA),
                   role=Role.ANALYST)
    page = login(police_coordinator).get("/").content.decode()
    assert "Vetlanda kommun och polisen" in page and "Älmhults kommun och polisen" in page


def test_coordinator_adds_and_removes_a_member_and_access_ends_at_once(
    login: Any, coordinator: Any, vetlanda: Any, django_user_model: Any
) -> None:
    person = django_user_model.objects.create_user("ny.person", "ny@example.se", "x" * 12)
    client = login(coordinator)
    organisation = vetlanda.organisations.get(kind="kommun")
    response = client.post(f"/samverkan/{vetlanda.slug}/medlemmar/", {
        "username": "ny@example.se", "organisation": organisation.pk, "role": "analyst",
    })
    assert response.status_code == 302
    membership = Membership.objects.get(user=person, collaboration=vetlanda)
    assert membership.role == "analyst"
    assert AuditEntry.objects.filter(object_type="organisations.membership",
                                     object_id=str(membership.pk), action="create").exists()
    assert login(person).get(f"/samverkan/{vetlanda.slug}/").status_code == 200
    client.post(f"/samverkan/{vetlanda.slug}/medlemmar/{membership.pk}/ta-bort/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert login(person).get(f"/samverkan/{vetlanda.slug}/").status_code == 404


def test_membership_form_rejects_unknown_user_and_stores_nothing(
    login: Any, coordinator: Any, vetlanda: Any
) -> None:
    count = Membership.objects.count()
    response = login(coordinator).post(f"/samverkan/{vetlanda.slug}/medlemmar/", {
        "username": "finns.inte", "organisation": "", "role": "nonsense",
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "Det finns ingen aktiv användare med det namnet." in body
    assert Membership.objects.count() == count


def test_member_of_other_collaboration_cannot_manage_members(
    login: Any, outsider: Any, reporter: Any, vetlanda: Any
) -> None:
    assert login(outsider).get(f"/samverkan/{vetlanda.slug}/medlemmar/").status_code == 404
    assert login(reporter).get(f"/samverkan/{vetlanda.slug}/medlemmar/").status_code == 403


def test_api_collaborations_are_scoped(login: Any, coordinator: Any, outsider: Any,
                                       vetlanda: Any) -> None:
    data = login(coordinator).get("/api/v1/collaborations").json()
    assert [c["slug"] for c in data] == ["vetlanda"]
    assert login(outsider).get("/api/v1/collaborations/vetlanda").status_code == 404
    assert login(coordinator).get("/api/v1/collaborations/vetlanda").json()["role"] == (
        "coordinator")


def test_platform_pages_are_linked_from_home_for_staff_only(login: Any,
                                                            coordinator: Any) -> None:
    """Staff find the platform's audit log, import runs and administration on the start page;
    only superusers the register extract; members see none of it."""
    from django.contrib.auth import get_user_model

    member_page = login(coordinator).get("/").content.decode()
    assert "/plattform/logg/" not in member_page and "/admin/" not in member_page
    staff = get_user_model().objects.create_user("drift", "drift@example.se", "x-9-y-8-z-7",
                                                 is_staff=True)
    staff_page = login(staff).get("/").content.decode()
    assert "/plattform/logg/" in staff_page and "/kallor/alla-korningar/" in staff_page
    assert "/plattform/registerutdrag/" not in staff_page
    superuser = get_user_model().objects.create_superuser("chef", "chef@example.se",
                                                          "x-9-y-8-z-7")
    assert "/plattform/registerutdrag/" in login(superuser).get("/").content.decode()
