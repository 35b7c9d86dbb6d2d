"""Demo world of the seed documents: four collaborations in Jönköpings and Kronobergs län.

Feature apps extend the demo with a ``demo.py`` of their own exposing
``load(context: DemoContext) -> None``; ``lofte demo`` calls them in app order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from lofte.geo.models import Municipality, PoliceArea
from lofte.organisations import services
from lofte.organisations.models import Collaboration, Organisation, OrganisationKind, Role

DEMO_PASSWORD = "lofte-demo-2026"  # noqa: S105 - printed on purpose: it is the demo login


@dataclass
class DemoContext:
    collaborations: dict[str, Collaboration] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    # (username, role label, collaboration names) for the printed table
    logins: list[tuple[str, str, str]] = field(default_factory=list)


# slug, kommunkod, LPO
COLLABORATIONS = [
    ("vaggeryd", "0665", "Värnamo"),
    ("varnamo", "0683", "Värnamo"),
    ("vetlanda", "0685", "Höglandet"),
    ("almhult", "0765", "Ljungby"),
]
OTHER_ACTORS = {
    "vaggeryd": [("Vaggeryds Bostäder (demo)", OrganisationKind.HOUSING),
                 ("Räddningstjänsten Vaggeryd (demo)", OrganisationKind.RESCUE)],
    "varnamo": [("Värnamo Bostäder (demo)", OrganisationKind.HOUSING),
                ("Näringslivssamverkan Bredaryd och Lanna (demo)", OrganisationKind.BUSINESS)],
    "vetlanda": [("Vetlanda Bostäder (demo)", OrganisationKind.HOUSING),
                 ("Trygghetsvakterna Höglandet (demo)", OrganisationKind.SECURITY),
                 ("Fältgruppen Vetlanda (demo)", OrganisationKind.OTHER)],
    "almhult": [("Älmhultsbostäder (demo)", OrganisationKind.HOUSING),
                ("Grannsamverkan Älmhult (demo)", OrganisationKind.ASSOCIATION)],
}
# username, first, last, title, [(collaboration slug, organisation kind or name, role)]
PEOPLE: list[tuple[str, str, str, str, list[tuple[str, str, str]]]] = [
    ("samordnare.vetlanda", "Sara", "Lindqvist", "Trygghetssamordnare, Vetlanda kommun",
     [("vetlanda", OrganisationKind.MUNICIPALITY, Role.COORDINATOR)]),
    ("kommunpolis.hoglandet", "Johan", "Ek", "Kommunpolis, LPO Höglandet",
     [("vetlanda", OrganisationKind.POLICE_AREA, Role.COORDINATOR)]),
    ("analytiker.hoglandet", "Amira", "Haddad", "Analytiker, LPO Höglandet",
     [("vetlanda", OrganisationKind.POLICE_AREA, Role.ANALYST)]),
    ("rapportor.vetlanda", "Per", "Nilsson", "Bovärd, Vetlanda Bostäder",
     [("vetlanda", "Vetlanda Bostäder (demo)", Role.REPORTER)]),
    ("ordforande.vetlanda", "Henrik", "Tvarnö", "Kommunstyrelsens ordförande",
     [("vetlanda", OrganisationKind.MUNICIPALITY, Role.READER)]),
    ("samordnare.vaggeryd", "Lena", "Berg", "Trygghetssamordnare, Vaggeryds kommun",
     [("vaggeryd", OrganisationKind.MUNICIPALITY, Role.COORDINATOR)]),
    ("samordnare.varnamo", "Erik", "Holm", "Trygghetssamordnare, Värnamo kommun",
     [("varnamo", OrganisationKind.MUNICIPALITY, Role.COORDINATOR)]),
    ("kommunpolis.varnamo", "Andreas", "Sjöqvist", "Kommunpolis, LPO Värnamo",
     [("varnamo", OrganisationKind.POLICE_AREA, Role.COORDINATOR),
      ("vaggeryd", OrganisationKind.POLICE_AREA, Role.COORDINATOR)]),
    ("lpochef.varnamo", "Anders", "Sund", "Lokalpolisområdeschef, LPO Värnamo",
     [("varnamo", OrganisationKind.POLICE_AREA, Role.READER),
      ("vaggeryd", OrganisationKind.POLICE_AREA, Role.READER)]),
    ("rapportor.varnamo", "Maja", "Ström", "Fältarbetare, Värnamo kommun",
     [("varnamo", OrganisationKind.MUNICIPALITY, Role.REPORTER)]),
    ("samordnare.almhult", "Karin", "Persson", "Trygghetssamordnare, Älmhults kommun",
     [("almhult", OrganisationKind.MUNICIPALITY, Role.COORDINATOR)]),
    ("kommunpolis.ljungby", "Ola", "Svensson", "Kommunpolis, LPO Ljungby",
     [("almhult", OrganisationKind.POLICE_AREA, Role.COORDINATOR)]),
]


def _organisation(collaboration: Collaboration, kind_or_name: str) -> Organisation:
    if kind_or_name in OrganisationKind.values:
        return collaboration.organisations.get(kind=kind_or_name)
    return collaboration.organisations.get(name=kind_or_name)


@transaction.atomic
def load(context: DemoContext) -> None:
    user_model = get_user_model()
    for slug, code, area_name in COLLABORATIONS:
        existing = Collaboration.objects.filter(slug=slug).first()
        if existing is None:
            existing = services.create_collaboration(
                None, municipality=Municipality.objects.get(code=code),
                police_area=PoliceArea.objects.get(name=area_name), slug=slug,
            )
        for name, kind in OTHER_ACTORS[slug]:
            organisation = services.create_organisation(
                None, name=name, kind=kind, municipality=existing.municipality
            )
            existing.organisations.add(organisation)
        context.collaborations[slug] = existing

    admin = user_model.objects.filter(username="admin").first()
    if admin is None:
        admin = user_model.objects.create_superuser(
            "admin", "admin@lofte.local", DEMO_PASSWORD, first_name="Alva", last_name="Admin"
        )
    context.users["admin"] = admin
    context.logins.append(("admin", "Plattformsadministratör (alla samverkan)", "alla"))
    for c in context.collaborations.values():
        services.set_membership(
            None, collaboration=c, user=admin,
            organisation=c.organisations.get(kind=OrganisationKind.MUNICIPALITY),
            role=Role.ADMINISTRATOR,
        )

    for username, first, last, title, roles in PEOPLE:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username, f"{username}@lofte.local", DEMO_PASSWORD, first_name=first,
                last_name=last, title=title,
            )
        context.users[username] = user
        for slug, organisation_key, role in roles:
            c = context.collaborations[slug]
            services.set_membership(
                None, collaboration=c, user=user, organisation=_organisation(c, organisation_key),
                role=role,
            )
        context.logins.append((
            username, f"{Role(roles[0][2]).label} – {title}",
            ", ".join(context.collaborations[r[0]].municipality.name for r in roles),
        ))
