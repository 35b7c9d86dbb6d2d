"""Organisations, collaborations (samverkan) and people's roles in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lofte.core.models import TimeStampedModel
from lofte.geo.models import Municipality, PoliceArea


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "kommun", _("Kommun")
    POLICE_AREA = "lokalpolisomrade", _("Lokalpolisområde")
    HOUSING = "bostadsbolag", _("Bostadsbolag")
    RESCUE = "raddningstjanst", _("Räddningstjänst")
    SECURITY = "sakerhetsforetag", _("Säkerhetsföretag")
    ASSOCIATION = "forening", _("Förening")
    BUSINESS = "naringsliv", _("Näringslivsnätverk")
    SCHOOL = "skola", _("Skola")
    OTHER = "annan", _("Annan aktör")


class Organisation(TimeStampedModel):
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    police_area = models.ForeignKey(
        PoliceArea, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="organisation_unique_name_kind")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_police(self) -> bool:
        return self.kind == OrganisationKind.POLICE_AREA


class Collaboration(TimeStampedModel):
    """A samverkan: a kommun and its lokalpolisområde, with other actors as members.

    It owns incidents, situation reports and promises.
    """

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="collaborations",
        verbose_name=_("kommun"),
    )
    police_area = models.ForeignKey(
        PoliceArea, on_delete=models.PROTECT, related_name="collaborations",
        verbose_name=_("lokalpolisområde"),
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="collaborations", blank=True, verbose_name=_("aktörer")
    )
    description = models.TextField(_("beskrivning"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("samverkan")
        verbose_name_plural = _("samverkan")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administratör")
    COORDINATOR = "coordinator", _("Samordnare")
    ANALYST = "analyst", _("Analytiker")
    REPORTER = "reporter", _("Rapportör")
    READER = "reader", _("Läsare")


class Membership(TimeStampedModel):
    """A person's role in one collaboration, on behalf of one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collaboration"], name="membership_one_role_per_collaboration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} i {self.collaboration}"

    @property
    def is_police(self) -> bool:
        return self.organisation.kind == OrganisationKind.POLICE_AREA
