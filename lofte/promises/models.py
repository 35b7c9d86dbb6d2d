"""Medborgarlöften and åtgärdsplaner: the promise, its activities, what was done, follow-up.

A promise is versioned: a published version is never changed; revising it creates a new draft
version (``previous_version``) that replaces it when published. Progress is never stored on
activities, it is computed from the records (:mod:`lofte.promises.progress`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lofte.core.images import random_photo_name
from lofte.core.models import TimeStampedModel
from lofte.organisations.models import Collaboration


class PromiseKind(models.TextChoices):
    CITIZEN_PROMISE = "medborgarlofte", _("Medborgarlöfte")
    ACTION_PLAN = "atgardsplan", _("Åtgärdsplan")


class PromiseStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    AGREED = "agreed", _("Överenskommet")
    SIGNED = "signed", _("Undertecknat")
    PUBLISHED = "published", _("Publicerat")
    REVISED = "revised", _("Ersatt av ny version")
    CLOSED = "closed", _("Avslutat")


class FollowUpCadence(models.TextChoices):
    TERTIAL = "tertial", _("Varje tertial")
    CONTINUOUS = "continuous", _("Kontinuerligt")
    QUARTERLY = "quarterly", _("Varje kvartal")
    YEARLY = "yearly", _("En gång om året")


class Party(models.TextChoices):
    MUNICIPALITY = "kommun", _("Kommunen")
    POLICE = "polis", _("Polisen")


class SignatoryParty(models.TextChoices):
    MUNICIPALITY = "kommun", _("Kommunen")
    POLICE = "polis", _("Polisen")
    PARTNER = "partner", _("Annan aktör")


class Actor(models.TextChoices):
    MUNICIPALITY = "kommunen", _("Kommunen")
    POLICE = "polisen", _("Polisen")
    JOINT = "gemensamt", _("Kommunen och polisen")
    PARTNER = "partner", _("Annan aktör")


class TargetKind(models.TextChoices):
    AT_LEAST_IN_PERIOD = "at_least_in_period", _("Minst N gånger under perioden")
    PER_PERIOD = "per_period", _("N gånger per månad, kvartal, tertial, termin eller år")
    BY_DATE = "by_date", _("Klart senast ett datum")
    RECURRING_DATES = "recurring_dates", _("Vid återkommande risktillfällen")
    QUALITATIVE = "qualitative", _("Kvalitativt mål med skriftlig bedömning")


class PeriodUnit(models.TextChoices):
    MONTH = "month", _("per månad")
    QUARTER = "quarter", _("per kvartal")
    TERTIAL = "tertial", _("per tertial")
    TERM = "term", _("per termin")
    YEAR = "year", _("per år")


class Promise(TimeStampedModel):
    """One version of a medborgarlöfte or åtgärdsplan of a collaboration."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.PROTECT, related_name="promises",
        verbose_name=_("samverkan"),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=PromiseKind.choices,
                            default=PromiseKind.CITIZEN_PROMISE)
    title = models.CharField(_("rubrik"), max_length=200)
    summary = models.TextField(
        _("löftet i korthet"), blank=True,
        help_text=_("Det som lovas, i klarspråk. Visas överst på den offentliga sidan."),
    )
    period_start = models.DateField(_("gäller från"))
    period_end = models.DateField(_("gäller till och med"))
    background = models.TextField(_("bakgrund"), blank=True)
    situation_summary = models.TextField(
        _("lägesbild"), blank=True, help_text=_("Situationen i dag: vad löftet bygger på."),
    )
    situation_reference = models.CharField(
        _("lägesbild som löftet bygger på"), max_length=300, blank=True,
        help_text=_("Namn eller adress till lägesbilden (kopplas till lägesbilden i Löfte)."),
    )
    effect = models.TextField(_("avsedd effekt"), blank=True,
                              help_text=_("Det här ska vi åstadkomma tillsammans."))
    follow_up_cadence = models.CharField(
        _("uppföljning"), max_length=20, choices=FollowUpCadence.choices,
        default=FollowUpCadence.TERTIAL,
    )
    follow_up_text = models.TextField(
        _("följ med i hur det går"), blank=True,
        help_text=_("Hur invånarna får veta hur det går och hur de kan lämna synpunkter."),
    )
    status = models.CharField(_("status"), max_length=12, choices=PromiseStatus.choices,
                              default=PromiseStatus.DRAFT, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version",
        verbose_name=_("föregående version"),
    )
    revision_note = models.TextField(_("vad ändras i versionen"), blank=True)
    signed_on = models.DateField(_("undertecknat"), null=True, blank=True)
    signed_place = models.CharField(_("ort"), max_length=100, blank=True)
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avslutat"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-period_start", "-version"]
        verbose_name = _("löfte eller åtgärdsplan")
        verbose_name_plural = _("löften och åtgärdsplaner")
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="promise_period_ordered",
                                   violation_error_message=_("Slutdatum måste vara samma som "
                                                             "eller efter startdatum.")),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_editable(self) -> bool:
        """Only drafts are changed; everything agreed or later is fixed."""
        return self.status == PromiseStatus.DRAFT

    @property
    def is_public(self) -> bool:
        return self.status in (PromiseStatus.PUBLISHED, PromiseStatus.REVISED,
                               PromiseStatus.CLOSED) and self.published_at is not None


class FocusArea(models.Model):
    """A prioritised area (fokusområde), e.g. "Trafiksäkerhet"."""

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="focus_areas")
    title = models.CharField(_("fokusområde"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")

    def __str__(self) -> str:
        return self.title


class Commitment(models.Model):
    """A löfte within the promise ("lovar gemensamt att arbeta för …") or a planned measure."""

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="commitments")
    focus_area = models.ForeignKey(FocusArea, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="commitments", verbose_name=_("fokusområde"))
    text = models.TextField(_("åtagande"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("åtagande")
        verbose_name_plural = _("åtaganden")

    def __str__(self) -> str:
        return self.text[:80]


class Activity(models.Model):
    """What will be done, by whom, where, and the measurable target."""

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="activities")
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities",
        verbose_name=_("åtagande"),
    )
    position = models.PositiveIntegerField(default=0)
    # The same activity across versions of a promise: records follow it into a revision.
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    description = models.TextField(_("aktivitet"))
    actor = models.CharField(_("ansvarig"), max_length=12, choices=Actor.choices)
    partner_name = models.CharField(_("annan aktör"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_activities", verbose_name=_("ansvarig person"),
    )
    place_name = models.CharField(_("plats eller område"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitud"), null=True, blank=True)
    longitude = models.FloatField(_("longitud"), null=True, blank=True)
    target_kind = models.CharField(_("typ av mål"), max_length=20, choices=TargetKind.choices)
    target_count = models.PositiveIntegerField(_("antal"), null=True, blank=True)
    target_period = models.CharField(_("per"), max_length=10, choices=PeriodUnit.choices,
                                     blank=True)
    target_date = models.DateField(_("senast"), null=True, blank=True)
    recurring_dates = models.JSONField(_("risktillfällen"), default=list, blank=True)
    unit = models.CharField(_("enhet"), max_length=100, blank=True,
                            help_text=_("Vad som räknas, t.ex. ”trafikkontroller”."))
    problems = models.TextField(_("problem och platser som aktiviteten möter"), blank=True)
    indicators = models.TextField(_("indikatorer på effekt"), blank=True)
    finding_reference = models.CharField(
        _("fynd i lägesbilden"), max_length=300, blank=True,
        help_text=_("För åtgärdsplan: vilket fynd i lägesbilden åtgärden svarar mot."),
    )
    assessment = models.TextField(_("bedömning"), blank=True,
                                  help_text=_("Skriftlig bedömning av kvalitativa mål."))
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def actor_label(self) -> str:
        if self.actor == Actor.PARTNER and self.partner_name:
            return self.partner_name
        return str(self.get_actor_display())


class Signatory(models.Model):
    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("befattning"), max_length=200)
    party = models.CharField(_("part"), max_length=10, choices=SignatoryParty.choices)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("undertecknare")
        verbose_name_plural = _("undertecknare")

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


class FollowUpPeriodKind(models.TextChoices):
    TERTIAL = "tertial", _("Tertial")
    YEAR = "year", _("Årlig översyn")


class FollowUpStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    AGREED = "agreed", _("Godkänd av båda parter")
    PUBLISHED = "published", _("Publicerad")


class FollowUp(TimeStampedModel):
    """A tertial report or yearly review of one promise version.

    ``snapshot`` freezes the computed progress when the report is composed, so a published
    follow-up keeps saying what it said even if records are added later.
    """

    promise = models.ForeignKey(Promise, on_delete=models.PROTECT, related_name="follow_ups")
    period_kind = models.CharField(_("period"), max_length=10, choices=FollowUpPeriodKind.choices)
    year = models.PositiveIntegerField(_("år"))
    number = models.PositiveSmallIntegerField(_("tertial"), default=0)
    period_start = models.DateField()
    period_end = models.DateField()
    text = models.TextField(_("sammanfattning"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.DRAFT)
    snapshot = models.JSONField(default=dict, blank=True)
    composed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-number", "-id"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        constraints = [
            models.UniqueConstraint(fields=["promise", "period_kind", "year", "number"],
                                    name="follow_up_one_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.label} – {self.promise.title}"

    @property
    def label(self) -> str:
        if self.period_kind == FollowUpPeriodKind.TERTIAL:
            return f"Tertial {self.number} {self.year}"
        return f"Årlig översyn {self.year}"

    @property
    def collaboration_id(self) -> int:
        return self.promise.collaboration_id


class Approval(models.Model):
    """One party's approval of a promise version or of a follow-up."""

    promise = models.ForeignKey(Promise, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="approvals")
    follow_up = models.ForeignKey(FollowUp, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="approvals")
    party = models.CharField(_("part"), max_length=10, choices=Party.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+")
    user_label = models.CharField(max_length=200, blank=True)
    approved_at = models.DateTimeField(_("godkänt"))

    class Meta:
        ordering = ["approved_at"]
        verbose_name = _("godkännande")
        verbose_name_plural = _("godkännanden")
        constraints = [
            models.UniqueConstraint(fields=["promise", "party"],
                                    condition=models.Q(promise__isnull=False),
                                    name="approval_one_per_party_promise"),
            models.UniqueConstraint(fields=["follow_up", "party"],
                                    condition=models.Q(follow_up__isnull=False),
                                    name="approval_one_per_party_follow_up"),
            models.CheckConstraint(
                condition=(models.Q(promise__isnull=False, follow_up__isnull=True)
                           | models.Q(promise__isnull=True, follow_up__isnull=False)),
                name="approval_of_exactly_one"),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.user_label}"


class ActivityRecord(TimeStampedModel):
    """One performed activity: when, where, who took part and what came out of it."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="records",
                                 verbose_name=_("aktivitet"))
    performed_on = models.DateField(_("datum"), db_index=True)
    quantity = models.PositiveIntegerField(
        _("antal tillfällen"), default=1,
        help_text=_("Hur många gånger aktiviteten genomfördes (oftast 1)."),
    )
    place_name = models.CharField(_("plats"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitud"), null=True, blank=True)
    longitude = models.FloatField(_("longitud"), null=True, blank=True)
    participants = models.CharField(_("deltagare"), max_length=500, blank=True)
    figures = models.JSONField(_("utfall"), default=dict, blank=True,
                               help_text=_("Utfall i siffror, t.ex. kontrollerade fordon."))
    hours = models.DecimalField(_("arbetstimmar"), max_digits=7, decimal_places=1, null=True,
                                blank=True)
    note = models.TextField(_("anteckning"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-performed_on", "-id"]
        verbose_name = _("genomförd aktivitet")
        verbose_name_plural = _("genomförda aktiviteter")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1),
                                   name="activity_record_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.performed_on:%Y-%m-%d} {self.activity}"


def activity_photo_path(instance: ActivityPhoto, filename: str) -> str:
    """A random name: never the uploader's file name (see ``lofte.core.images``)."""
    return random_photo_name(f"promises/records/{timezone.now():%Y/%m}")


class ActivityPhoto(models.Model):
    """A photo of a performed activity, re-encoded on upload (no metadata) and served only to
    the collaboration's members (``lofte/promises/files.py``)."""

    record = models.ForeignKey(ActivityRecord, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("foto"), upload_to=activity_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("bildtext"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foton")

    def __str__(self) -> str:
        return self.caption or self.image.name
