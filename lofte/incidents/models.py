"""EST reports (händelser), citizen tips, review, feedback and the group's meetings.

Times are stored in UTC; positions are WGS84 floats. An incident *counts* in pictures and
statistics when it is approved (tips and Open311 reports wait for moderation) and has not been
merged into another one (see :meth:`IncidentQuerySet.counted`).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lofte.core.models import TimeStampedModel
from lofte.organisations.models import Collaboration, Organisation

# The EST taxonomy each collaboration starts from: (code, Swedish name).
DEFAULT_CATEGORIES: list[tuple[str, str]] = [
    ("skadegorelse", "Skadegörelse"),
    ("klotter", "Klotter"),
    ("nedskrapning", "Nedskräpning"),
    ("otrygg-plats", "Otrygg plats"),
    ("ordningsstorning", "Ordningsstörning"),
    ("samling-ungdomar", "Samling av ungdomar"),
    ("narkotika", "Narkotika"),
    ("buskorning-trafik", "Buskörning/trafik"),
    ("brand", "Brand"),
    ("hot-vald-personal", "Hot/våld mot personal"),
    ("annat", "Annat"),
]


class IncidentCategory(models.Model):
    """One category of a collaboration's EST list; ``code`` doubles as Open311 service_code."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="incident_categories"
    )
    code = models.SlugField(_("kod"), max_length=40)
    name = models.CharField(_("namn"), max_length=100)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategorier")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "code"], name="category_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A named place reporters can pick instead of tapping the map (e.g. "Resecentrum")."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE,
                                      related_name="places")
    name = models.CharField(_("namn"), max_length=120)
    lat = models.FloatField(_("latitud"))
    lon = models.FloatField(_("longitud"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("plats")
        verbose_name_plural = _("platser")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "name"], name="place_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    NEW = "ny", _("Ny")
    ASSESSED = "bedomd", _("Bedömd")
    IN_PROGRESS = "atgard_pagar", _("Åtgärd pågår")
    RESOLVED = "atgardad", _("Åtgärdad")
    CLOSED = "avslutad", _("Avslutad")


OPEN_STATUSES = (Status.NEW, Status.ASSESSED, Status.IN_PROGRESS)


class Source(models.TextChoices):
    REPORT = "rapport", _("Rapport")
    TIP = "tips", _("Medborgartips")
    OPEN311 = "open311", _("Open311")
    IMPORT = "import", _("Import")
    CHECKLIST = "checklista", _("Checklista")


class Moderation(models.TextChoices):
    PENDING = "vantar", _("Väntar på granskning")
    APPROVED = "godkand", _("Godkänd")
    REJECTED = "avvisad", _("Avvisad")


class Severity(models.IntegerChoices):
    LOW = 1, _("Låg")
    MEDIUM = 2, _("Medel")
    HIGH = 3, _("Hög")


# Public references: no 0/O, 1/I/L, so they can be read out on the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 12  # 31**12 ≈ 2**59: not guessable, even with many reports


def new_public_id() -> str:
    """A random public reference for an incident (tip receipt, Open311 service_request_id)."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class IncidentQuerySet(models.QuerySet["Incident"]):
    def counted(self) -> IncidentQuerySet:
        """Incidents that count in pictures: approved and not merged into another."""
        return self.filter(moderation=Moderation.APPROVED, merged_into__isnull=True)


class Incident(TimeStampedModel):
    """A händelse: an EST report, a citizen tip, an Open311 request or an imported row."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.PROTECT, related_name="incidents"
    )
    category = models.ForeignKey(
        IncidentCategory, on_delete=models.PROTECT, related_name="incidents",
        verbose_name=_("kategori"),
    )
    occurred_from = models.DateTimeField(_("inträffade (från)"))
    occurred_to = models.DateTimeField(_("inträffade (till)"), null=True, blank=True)
    lat = models.FloatField(_("latitud"))
    lon = models.FloatField(_("longitud"))
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents",
        verbose_name=_("plats"),
    )
    address = models.CharField(_("adress"), max_length=200, blank=True)
    description = models.TextField(_("vad hände"), blank=True)
    severity = models.PositiveSmallIntegerField(
        _("allvar"), choices=Severity.choices, default=Severity.MEDIUM,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.NEW)
    source = models.CharField(_("källa"), max_length=16, choices=Source.choices,
                              default=Source.REPORT)
    moderation = models.CharField(_("moderering"), max_length=10, choices=Moderation.choices,
                                  default=Moderation.APPROVED)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="incidents", verbose_name=_("rapportör"),
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents",
        verbose_name=_("organisation"),
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        verbose_name=_("sammanslagen med"),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-post för återkoppling"), blank=True)
    external_id = models.CharField(_("externt id"), max_length=100, blank=True)
    client_token = models.CharField(
        _("klientnyckel"), max_length=64, blank=True,
        help_text=_("Engångsnyckel från telefonen så att ett utkast inte sparas två gånger."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    # What citizens and integrations see instead of the sequential pk (ärendenummer).
    public_id = models.CharField(_("ärendenummer"), max_length=16, unique=True,
                                 default=new_public_id, editable=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_from", "-id"]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        indexes = [
            models.Index(fields=["collaboration", "occurred_from"], name="incident_collab_time"),
            models.Index(fields=["collaboration", "status"], name="incident_collab_status"),
            models.Index(fields=["collaboration", "category"], name="incident_collab_category"),
            models.Index(fields=["collaboration", "moderation", "-created_at"],
                         name="incident_collab_moderation"),
            models.Index(fields=["reporter", "-occurred_from"], name="incident_reporter_time"),
            # Covers the picture's aggregates (counts per category and period over the
            # counted reports) so they are answered from the index alone.
            models.Index(fields=["collaboration", "occurred_from", "category", "moderation",
                                 "merged_into"], name="incident_picture_cover"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "client_token"], condition=~models.Q(client_token=""),
                name="incident_unique_client_token",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category.name if self.category_id else ''}".strip()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def status_badge(self) -> str:
        return {
            Status.NEW: "info", Status.ASSESSED: "neutral", Status.IN_PROGRESS: "warn",
            Status.RESOLVED: "ok", Status.CLOSED: "neutral",
        }.get(Status(self.status), "neutral")


def photo_path(instance: IncidentPhoto, filename: str) -> str:
    return f"incidents/{instance.incident.collaboration_id}/{secrets.token_hex(12)}.jpg"


class IncidentPhoto(models.Model):
    """A photo of an incident, re-encoded on upload so no location metadata is stored."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("bild"), upload_to=photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foton")

    def __str__(self) -> str:
        return f"Foto till rapport {self.incident_id}"


class FeedbackMessage(models.Model):
    """Återkoppling from the review to the reporter or tipster about what came of a report."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    recipient = models.CharField(_("mottagare"), max_length=200, blank=True)
    body = models.TextField(_("meddelande"))
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        ordering = ["sent_at"]
        verbose_name = _("återkoppling")
        verbose_name_plural = _("återkopplingar")

    def __str__(self) -> str:
        return f"Återkoppling till rapport {self.incident_id}"


class ChecklistReport(TimeStampedModel):
    """One reporter's weekly checklist; with nothing ticked it says "inget att rapportera"."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE,
                                      related_name="checklist_reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="checklist_reports")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    week_start = models.DateField(_("vecka (måndag)"))
    is_nothing_to_report = models.BooleanField(_("inget att rapportera"), default=False)
    incident_count = models.PositiveIntegerField(default=0)
    note = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["-week_start"]
        verbose_name = _("veckochecklista")
        verbose_name_plural = _("veckochecklistor")
        indexes = [models.Index(fields=["collaboration", "week_start"], name="checklist_week")]


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Open311Key(models.Model):
    """An API key that lets one fault-report app POST Open311 requests to a collaboration."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE,
                                      related_name="open311_keys")
    name = models.CharField(_("namn"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Open311-nyckel")
        verbose_name_plural = _("Open311-nycklar")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def generate() -> str:
        return "o311_" + secrets.token_urlsafe(24)


class MeetingStatus(models.TextChoices):
    PLANNED = "planerat", _("Planerat")
    HELD = "genomfort", _("Genomfört")


class Meeting(TimeStampedModel):
    """An EST meeting (veckomöte): the picture of a period, an agenda and decisions."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE,
                                      related_name="est_meetings")
    held_on = models.DateField(_("mötesdag"))
    title = models.CharField(_("rubrik"), max_length=200)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    agenda = models.JSONField(_("dagordning"), default=list, blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)
    participants = models.TextField(_("närvarande"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")

    def __str__(self) -> str:
        return self.title


class DecisionStatus(models.TextChoices):
    OPEN = "pagaende", _("Pågår")
    DONE = "klar", _("Klar")
    CANCELLED = "struken", _("Struken")


class Decision(TimeStampedModel):
    """A decided intervention: what, where, who, by when — and which reports caused it."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE,
                                      related_name="est_decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    what = models.CharField(_("åtgärd"), max_length=300)
    where = models.CharField(_("var"), max_length=200, blank=True)
    owner = models.CharField(_("ansvarig"), max_length=200)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("organisation"))
    due_on = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DecisionStatus.choices,
                              default=DecisionStatus.OPEN)
    hot_spot = models.CharField(_("hot spot"), max_length=200, blank=True)
    incidents = models.ManyToManyField(Incident, blank=True, related_name="decisions",
                                       verbose_name=_("rapporter"))
    follow_up = models.TextField(_("uppföljning"), blank=True)
    done_on = models.DateField(_("klar"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")

    def __str__(self) -> str:
        return self.what

    @property
    def is_open(self) -> bool:
        return self.status == DecisionStatus.OPEN


def snapshot_fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name not in {"created_at",
                                                                          "updated_at"}]


