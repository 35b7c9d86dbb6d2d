"""The joint lägesbild (situation report), its sections and prioritised problems.

A report is one version: its generated figures are a frozen JSON snapshot, so an approved or
published report never changes when the underlying data do. People write the section texts
and the prioritised problems; the public version is derived from the approved report on
publication (police-only content removed, small counts suppressed, places coarsened).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lofte.core.models import TimeStampedModel
from lofte.organisations.models import Collaboration


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    REVIEWED = "reviewed", _("Granskad")
    APPROVED = "approved", _("Godkänd av båda parter")
    PUBLISHED = "published", _("Publicerad")
    SUPERSEDED = "superseded", _("Ersatt av ny version")


class SectionKind(models.TextChoices):
    """The parts of a lägesbild after lag (2023:196) 4 § and Brå's method."""

    MAPPING = "kartlaggning", _("Kartläggning av brottsligheten")
    CONSEQUENCES = "konsekvenser_otrygghet", _("Konsekvenser och upplevd otrygghet")
    OTHER = "ovrig_information", _("Övrig relevant information")
    ANALYSIS = "analys", _("Analys")
    CONCLUSIONS = "slutsatser", _("Slutsatser")
    INTELLIGENCE = "underrattelse", _("Underrättelser (endast polisen)")


SECTION_ORDER = [k.value for k in SectionKind]
POLICE_ONLY_KINDS = frozenset({SectionKind.INTELLIGENCE.value})


class SituationReport(TimeStampedModel):
    """One version of a collaboration's joint lägesbild for a period."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.PROTECT, related_name="situation_reports",
        verbose_name=_("samverkan"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till och med"))
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version",
        verbose_name=_("föregående version"),
    )
    revision_note = models.TextField(_("vad ändras i versionen"), blank=True)
    snapshot = models.JSONField(_("genererat underlag"), default=dict, blank=True)
    generated_at = models.DateTimeField(_("underlaget genererat"), null=True, blank=True)
    public_snapshot = models.JSONField(_("offentlig version"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    municipality_approved_at = models.DateTimeField(_("godkänd av kommunen"), null=True,
                                                    blank=True)
    municipality_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    police_approved_at = models.DateTimeField(_("godkänd av polisen"), null=True, blank=True)
    police_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-period_end", "-version", "-id"]
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="situation_report_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_editable(self) -> bool:
        """Texts and problems change only while the report is a draft or under review."""
        return self.status in (ReportStatus.DRAFT, ReportStatus.REVIEWED)

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and self.public_snapshot is not None


class ReportSection(models.Model):
    """A section's text, written by the coordinator and the police."""

    report = models.ForeignKey(SituationReport, on_delete=models.CASCADE,
                               related_name="sections")
    kind = models.CharField(_("avsnitt"), max_length=30, choices=SectionKind.choices)
    body = models.TextField(_("text"), blank=True)
    is_police_only = models.BooleanField(_("endast polisen"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="situation_section_once"),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def position(self) -> int:
        return SECTION_ORDER.index(self.kind)


class Priority(models.IntegerChoices):
    HIGH = 1, _("Hög")
    MEDIUM = 2, _("Medel")
    LOW = 3, _("Låg")


class Problem(models.Model):
    """A prioritised problem of the analysis: place, time and the crime triangle.

    Problems are the inputs of the promise and the åtgärdsplan; measures link to them through
    :class:`ProblemMeasureLink`.
    """

    report = models.ForeignKey(SituationReport, on_delete=models.CASCADE,
                               related_name="problems")
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    priority = models.PositiveSmallIntegerField(_("prioritet"), choices=Priority.choices,
                                                default=Priority.MEDIUM)
    place_name = models.CharField(_("plats eller område"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitud"), null=True, blank=True)
    longitude = models.FloatField(_("longitud"), null=True, blank=True)
    time_pattern = models.CharField(_("när"), max_length=300, blank=True,
                                    help_text=_("T.ex. ”fredag–lördag kväll, april–juni”."))
    triangle_place = models.TextField(_("brottstriangeln: platsen"), blank=True)
    triangle_offender = models.TextField(_("brottstriangeln: gärningspersonen"), blank=True)
    triangle_target = models.TextField(_("brottstriangeln: offret eller målet"), blank=True)
    suspected_causes = models.TextField(_("misstänkta orsaker"), blank=True)
    is_police_only = models.BooleanField(
        _("endast polisen"), default=False,
        help_text=_("Bygger på underrättelser: visas bara för polisen och aldrig offentligt."),
    )
    source_figure = models.CharField(_("underlag (figur)"), max_length=60, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["priority", "position", "id"]
        verbose_name = _("prioriterat problem")
        verbose_name_plural = _("prioriterade problem")

    def __str__(self) -> str:
        return self.title


class ProblemMeasureLink(models.Model):
    """A measure (activity of a promise or åtgärdsplan) that answers a problem."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="measure_links")
    activity = models.ForeignKey("promises.Activity", on_delete=models.CASCADE,
                                 related_name="situation_problem_links")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("koppling problem–åtgärd")
        verbose_name_plural = _("kopplingar problem–åtgärd")
        constraints = [
            models.UniqueConstraint(fields=["problem", "activity"],
                                    name="situation_problem_activity_once"),
        ]

    def __str__(self) -> str:
        return f"{self.problem} → {self.activity}"


class PeakReminder(models.Model):
    """That coordinators were reminded of one årshjul peak (sent once per peak and year)."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE,
                                      related_name="+")
    peak_key = models.CharField(max_length=60)
    peak_date = models.DateField()
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse om topp")
        verbose_name_plural = _("påminnelser om toppar")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "peak_key", "peak_date"],
                                    name="situation_peak_reminded_once"),
        ]

    def __str__(self) -> str:
        return f"{self.peak_key} {self.peak_date}"
