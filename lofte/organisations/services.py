"""Writes for organisations, collaborations and memberships."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from lofte.core import audit
from lofte.core.models import AuditAction
from lofte.geo.models import Municipality, PoliceArea
from lofte.organisations.models import (
    Collaboration,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)


@transaction.atomic
def create_organisation(
    actor: Any, *, name: str, kind: str, municipality: Municipality | None = None,
    police_area: PoliceArea | None = None,
) -> Organisation:
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": "Okänd organisationstyp."})
    organisation, created = Organisation.objects.get_or_create(
        name=name.strip(), kind=kind,
        defaults={"municipality": municipality, "police_area": police_area},
    )
    if created:
        audit.record(actor, AuditAction.CREATE, organisation, after=audit.snapshot(organisation))
    return organisation


@transaction.atomic
def create_collaboration(
    actor: Any, *, municipality: Municipality, police_area: PoliceArea, name: str = "",
    slug: str = "",
) -> Collaboration:
    """Create the samverkan of a kommun and its LPO, with both as member organisations."""
    if not police_area.municipalities.filter(pk=municipality.pk).exists():
        raise ValidationError(
            {"police_area": f"{police_area} omfattar inte {municipality.official_name}."}
        )
    name = name.strip() or f"{municipality.official_name} och polisen"
    slug = slugify(slug or municipality.name.replace("å", "a").replace("ä", "a").replace("ö", "o"))
    if Collaboration.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": "Kortnamnet används redan."})
    collaboration = Collaboration.objects.create(
        name=name, slug=slug, municipality=municipality, police_area=police_area
    )
    kommun = create_organisation(
        actor, name=municipality.official_name, kind=OrganisationKind.MUNICIPALITY,
        municipality=municipality,
    )
    polis = create_organisation(
        actor, name=str(police_area), kind=OrganisationKind.POLICE_AREA, police_area=police_area
    )
    collaboration.organisations.add(kommun, polis)
    audit.record(actor, AuditAction.CREATE, collaboration, after=audit.snapshot(collaboration),
                 collaboration_id=collaboration.pk)
    return collaboration


@transaction.atomic
def add_organisation_to_collaboration(
    actor: Any, collaboration: Collaboration, organisation: Organisation
) -> None:
    collaboration.organisations.add(organisation)
    audit.record(actor, AuditAction.UPDATE, collaboration, collaboration_id=collaboration.pk,
                 after={"organisation_added": organisation.name})


@transaction.atomic
def set_membership(
    actor: Any, *, collaboration: Collaboration, user: Any, organisation: Organisation, role: str
) -> Membership:
    """Give ``user`` ``role`` in ``collaboration`` (replacing any earlier role)."""
    if role not in Role.values:
        raise ValidationError({"role": "Okänd roll."})
    if not collaboration.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": "Organisationen ingår inte i samverkan."})
    existing = Membership.objects.filter(user=user, collaboration=collaboration).first()
    before = audit.snapshot(existing, ["role", "organisation_id"]) if existing else None
    membership, _ = Membership.objects.update_or_create(
        user=user, collaboration=collaboration,
        defaults={"organisation": organisation, "role": role},
    )
    audit.record(
        actor, AuditAction.UPDATE if existing else AuditAction.CREATE, membership,
        collaboration_id=collaboration.pk, before=before,
        after=audit.snapshot(membership, ["role", "organisation_id"]),
    )
    return membership


@transaction.atomic
def remove_membership(actor: Any, membership: Membership) -> None:
    """Remove a person from a collaboration; access ends with their next request."""
    before = audit.snapshot(membership, ["user_id", "role", "organisation_id"])
    collaboration_id = membership.collaboration_id
    audit.record(actor, AuditAction.DELETE, membership, collaboration_id=collaboration_id,
                 before=before)
    membership.delete()
