"""Shared test fixtures: the named personas of the house style.

- ``vetlanda`` / ``almhult``: two collaborations (Vetlanda kommun + LPO Höglandet; Älmhults
  kommun + LPO Ljungby).
- ``coordinator`` (trygghetssamordnare, Vetlanda kommun), ``police_coordinator`` (kommunpolis,
  Höglandet, also coordinator role), ``analyst`` (police analyst, Höglandet), ``reporter``
  (caretaker at a housing company in Vetlanda), ``reader`` (kommunstyrelsens ordförande),
  ``administrator`` (collaboration administrator in Vetlanda), and ``outsider`` — a coordinator
  in Älmhult who must see nothing of Vetlanda. Anonymous citizens use the plain ``client``.
- ``login(user)`` returns a test client signed in as ``user``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from lofte.geo.models import Municipality, PoliceArea
from lofte.organisations import services
from lofte.organisations.models import Collaboration, OrganisationKind, Role

PASSWORD = "korrekt-häst-batteri-häftstift"  # noqa: S105 - test persona password


def ensure_geography() -> None:
    """Load the reference geography once per database (tests roll back around it)."""
    if not Municipality.objects.filter(code="0685").exists():
        from lofte.geo.services import load_reference_geography

        load_reference_geography()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests hash with MD5 except where Argon2 is the subject."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        ensure_geography()


@pytest.fixture
def geography(db: Any) -> None:
    ensure_geography()


def _collaboration(slug: str, code: str, area: str, housing: str) -> Collaboration:
    existing = Collaboration.objects.filter(slug=slug).first()
    if existing:
        return existing
    c = services.create_collaboration(
        None, municipality=Municipality.objects.get(code=code),
        police_area=PoliceArea.objects.get(name=area), slug=slug,
    )
    org = services.create_organisation(None, name=housing, kind=OrganisationKind.HOUSING)
    c.organisations.add(org)
    return c


@pytest.fixture
def vetlanda(geography: None) -> Collaboration:
    return _collaboration("vetlanda", "0685", "Höglandet", "Vetlanda Bostäder")


@pytest.fixture
def almhult(geography: None) -> Collaboration:
    return _collaboration("almhult", "0765", "Ljungby", "Älmhultsbostäder")


def make_member(
    collaboration: Collaboration, username: str, role: str, organisation_kind: str,
    organisation_name: str | None = None, **extra: Any,
) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username, f"{username}@example.se", PASSWORD, first_name=username.split(".")[0].title(),
        **extra,
    )
    if organisation_name:
        organisation = collaboration.organisations.get(name=organisation_name)
    else:
        organisation = collaboration.organisations.get(kind=organisation_kind)
    services.set_membership(None, collaboration=collaboration, user=user,
                            organisation=organisation, role=role)
    return user


@pytest.fixture
def coordinator(vetlanda: Collaboration) -> Any:
    return make_member(vetlanda, "samordnare.vetlanda", Role.COORDINATOR,
                       OrganisationKind.MUNICIPALITY)


@pytest.fixture
def police_coordinator(vetlanda: Collaboration) -> Any:
    return make_member(vetlanda, "kommunpolis.hoglandet", Role.COORDINATOR,
                       OrganisationKind.POLICE_AREA)


@pytest.fixture
def analyst(vetlanda: Collaboration) -> Any:
    return make_member(vetlanda, "analytiker.hoglandet", Role.ANALYST,
                       OrganisationKind.POLICE_AREA)


@pytest.fixture
def reporter(vetlanda: Collaboration) -> Any:
    return make_member(vetlanda, "rapportor.vetlanda", Role.REPORTER, OrganisationKind.HOUSING,
                       organisation_name="Vetlanda Bostäder")


@pytest.fixture
def reader(vetlanda: Collaboration) -> Any:
    return make_member(vetlanda, "ordforande.vetlanda", Role.READER,
                       OrganisationKind.MUNICIPALITY)


@pytest.fixture
def administrator(vetlanda: Collaboration) -> Any:
    return make_member(vetlanda, "admin.vetlanda", Role.ADMINISTRATOR,
                       OrganisationKind.MUNICIPALITY)


@pytest.fixture
def outsider(almhult: Collaboration) -> Any:
    return make_member(almhult, "samordnare.almhult", Role.COORDINATOR,
                       OrganisationKind.MUNICIPALITY)


@pytest.fixture
def login() -> Callable[[Any], Client]:
    def _login(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login
