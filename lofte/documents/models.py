"""Read promise documents: a pending extraction under review, and the national register.

``PendingExtraction`` holds what the parser read from one uploaded file or pasted text until
its owner has reviewed it and saved it as a draft promise (or it expires after
``PENDING_LIFETIME``). ``RegisteredPromise`` is one published medborgarlöfte read into the
national register by ``lofte promises import``; it is keyed on its source name and keeps the
content hash, so importing the same files again changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lofte.core.models import TimeStampedModel
from lofte.geo.models import Municipality
from lofte.organisations.models import Collaboration

PENDING_LIFETIME = dt.timedelta(hours=24)


class PendingExtraction(TimeStampedModel):
    """A parsed document waiting for review; only its owner sees it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="+")
    source_name = models.CharField(_("källa"), max_length=255)
    source_hash = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    source_text = models.TextField(_("text"))
    extraction = models.JSONField(_("tolkning"), default=dict)
    expires_at = models.DateTimeField(_("gäller till"), db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inläst dokument att granska")
        verbose_name_plural = _("inlästa dokument att granska")

    def __str__(self) -> str:
        return self.source_name


class RegisteredPromise(models.Model):
    """One published medborgarlöfte in the national register."""

    source_name = models.CharField(_("källa"), max_length=255, unique=True)
    source_hash = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64, db_index=True)
    title = models.CharField(_("rubrik"), max_length=300)
    municipalities = models.ManyToManyField(Municipality, related_name="registered_promises",
                                            verbose_name=_("kommuner"))
    police_area_name = models.CharField(_("lokalpolisområde"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("från år"), null=True, blank=True,
                                                  db_index=True)
    end_year = models.PositiveSmallIntegerField(_("till och med år"), null=True, blank=True)
    focus_areas = models.JSONField(_("fokusområden"), default=list, blank=True)
    themes = models.JSONField(_("teman"), default=list, blank=True,
                              help_text=_("Temakoder, vanligaste först."))
    # " traffic drugs " – a plain text key so every database can filter on one theme.
    theme_key = models.CharField(max_length=400, blank=True, db_index=True)
    actor_key = models.CharField(max_length=1000, blank=True)
    follow_up_cadence = models.CharField(_("uppföljning"), max_length=20, blank=True)
    signatories = models.JSONField(_("undertecknare"), default=list, blank=True)
    warnings = models.JSONField(_("varningar vid inläsningen"), default=list, blank=True)
    source_text = models.TextField(_("text"))
    imported_at = models.DateTimeField(_("inläst"))
    updated_at = models.DateTimeField(_("senast ändrad"))

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("löfte i registret")
        verbose_name_plural = _("löften i registret")

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        if self.start_year is None:
            return "okänd period"
        if self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year)

    @property
    def years(self) -> list[int]:
        if self.start_year is None:
            return []
        return list(range(self.start_year, (self.end_year or self.start_year) + 1))


class RegisteredActivity(models.Model):
    """A promised activity of a registered promise, as the parser read it."""

    promise = models.ForeignKey(RegisteredPromise, on_delete=models.CASCADE,
                                related_name="activities")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(_("aktivitet"))
    actor = models.CharField(_("aktör"), max_length=200, db_index=True)
    count = models.PositiveIntegerField(_("antal"), null=True, blank=True)
    count_max = models.PositiveIntegerField(_("högst"), null=True, blank=True)
    per = models.CharField(_("per"), max_length=20, blank=True)
    unit = models.CharField(_("enhet"), max_length=200, blank=True)
    qualifier = models.CharField(_("villkor"), max_length=20, blank=True)
    themes = models.JSONField(_("teman"), default=list, blank=True)
    source_text = models.TextField(_("källmening"), blank=True)
    confidence = models.FloatField(_("säkerhet"), default=0.0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("aktivitet i registret")
        verbose_name_plural = _("aktiviteter i registret")

    def __str__(self) -> str:
        return self.text[:80]
