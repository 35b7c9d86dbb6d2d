"""Official sources beside the collaboration's own reports.

Every table here keeps what kind of knowledge it is: ``PoliceEvent`` (the police's public
event notices), ``CrimeStatistic`` (reported crime: Kolada and Brå), ``SurveyResult``
(experienced insecurity: trygghetsmätning and NTU) and ``DialogueResult`` (what residents and
staff said at dialogues). ``ImportRun`` records every import: who, when, what and the counts.

Rows are upserted on natural keys (``external_id`` for events, the unique constraints below for
the rest), so running an import twice changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from lofte.geo.models import County, Municipality
from lofte.organisations.models import Collaboration


class Source(models.TextChoices):
    POLISEN_EVENTS = "polisen-events", _("Polisens händelser")
    KOLADA = "kolada", _("Kolada")
    BRA = "bra", _("Brå, anmälda brott (SOL)")
    BRA_INDICATORS = "bra-indikatorer", _("Brå, indikatorer för kommuners lägesbild")
    SURVEYS = "trygghet", _("Trygghetsmätning och NTU")
    DIALOGUES = "dialoger", _("Medborgar- och medarbetardialoger")
    INCIDENT_HISTORY = "handelsehistorik", _("Historiska händelser (massimport)")


SOURCE_LABELS: dict[str, str] = {
    Source.POLISEN_EVENTS: gettext_noop("Källa: Polismyndigheten"),
    Source.KOLADA: gettext_noop("Källa: Kolada"),
    Source.BRA: gettext_noop("Källa: Brå"),
    Source.BRA_INDICATORS: gettext_noop("Källa: Brå"),
    Source.SURVEYS: gettext_noop("Källa: Polisens trygghetsmätning / Brå (NTU)"),
    Source.DIALOGUES: gettext_noop("Källa: samverkans dialoger"),
    Source.INCIDENT_HISTORY: gettext_noop("Källa: samverkans egna historiska data"),
}
"""The attribution printed next to every figure of a source."""


class RunStatus(models.TextChoices):
    RUNNING = "running", _("pågår")
    OK = "ok", _("klar")
    FAILED = "failed", _("misslyckades")


class ImportRun(models.Model):
    """One import of one source: who started it (``None`` = scheduler/command), files, counts."""

    source = models.CharField(_("källa"), max_length=32, choices=Source.choices, db_index=True)
    started_at = models.DateTimeField(_("startad"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("startad av"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("samverkan"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="import_runs",
    )
    file_names = models.JSONField(_("filer eller adresser"), default=list, blank=True)
    read = models.PositiveIntegerField(_("lästa"), default=0)
    created = models.PositiveIntegerField(_("nya"), default=0)
    updated = models.PositiveIntegerField(_("ändrade"), default=0)
    unchanged = models.PositiveIntegerField(_("oförändrade"), default=0)
    skipped = models.PositiveIntegerField(_("överhoppade"), default=0)
    errors = models.PositiveIntegerField(_("fel"), default=0)
    summaries = models.PositiveIntegerField(_("sammanfattningar"), default=0)
    without_kommun = models.PositiveIntegerField(_("utan kommun"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    message = models.TextField(_("meddelande"), blank=True)
    # The process running the import, so that a run whose process died can be told apart
    # from one still at work (``services.fail_abandoned_runs``).
    host = models.CharField(_("dator"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process-id"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("importkörning")
        verbose_name_plural = _("importkörningar")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.started_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def actor_label(self) -> str:
        if self.actor_id and self.actor:
            return self.actor.get_username()
        return str(_("schemaläggare/kommando"))


class LocationLevel(models.TextChoices):
    COUNTY = "lan", _("län")
    MUNICIPALITY = "kommun", _("kommun")
    UNKNOWN = "unknown", _("okänd")


class PoliceEvent(models.Model):
    """A police event notice (polisen.se/api/events), upserted by Polisen's ``id``.

    ``latitude``/``longitude`` are the centre of the kommun or län the API names, never the
    incident site. ``municipality`` is set from the API location when it is a kommun, else
    from the title's place when it lies in the API's län; it stays empty otherwise (mostly
    summaries). ``content_hash`` detects unchanged notices on re-import.
    """

    external_id = models.BigIntegerField(_("Polisens id"), unique=True)
    published_at = models.DateTimeField(_("publicerad"), db_index=True)
    occurred_at = models.DateTimeField(_("händelsetid enligt rubriken"), db_index=True)
    title = models.CharField(_("rubrik"), max_length=300)
    event_type = models.CharField(_("typ"), max_length=120, db_index=True)
    category = models.CharField(_("kategori"), max_length=32, db_index=True)
    is_summary = models.BooleanField(_("sammanfattning"), default=False)
    is_incident = models.BooleanField(_("räknas som händelse"), default=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    county = models.ForeignKey(
        County, verbose_name=_("län"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    place_name = models.CharField(_("plats i rubriken"), max_length=120, blank=True)
    location_name = models.CharField(_("plats enligt API"), max_length=120)
    location_level = models.CharField(
        _("platsnivå"), max_length=8, choices=LocationLevel.choices
    )
    latitude = models.FloatField(_("latitud (kommun- eller länsmitt)"))
    longitude = models.FloatField(_("longitud (kommun- eller länsmitt)"))
    summary = models.TextField(_("ingress"), blank=True)
    url = models.URLField(_("länk"), max_length=500)
    content_hash = models.CharField(max_length=32)
    first_seen_at = models.DateTimeField(_("först inläst"))
    changed_at = models.DateTimeField(_("senast ändrad"))

    class Meta:
        ordering = ["-occurred_at", "-external_id"]
        verbose_name = _("polishändelse")
        verbose_name_plural = _("polishändelser")
        indexes = [models.Index(fields=["municipality", "occurred_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def category_label(self) -> str:
        from lofte.imports.sources.categories import CATEGORIES

        return CATEGORIES.get(self.category, self.category)


class Unit(models.TextChoices):
    PER_100K = "per_100k", _("per 100 000 invånare")
    COUNT = "count", _("antal")
    PERCENT = "percent", _("andel (%)")


class AreaLevel(models.TextChoices):
    MUNICIPALITY = "kommun", _("kommun")
    COUNTY = "lan", _("län")
    POLICE_REGION = "polisregion", _("polisregion")
    COUNTRY = "riket", _("riket")
    OTHER = "annat", _("annat område")


class CrimeStatistic(models.Model):
    """Reported crime (anmälda brott) or a related official figure, per area and period.

    ``value`` is in ``unit``; ``per_100k`` repeats it for rates and carries Brå's rate next to
    a count. Suppressed or missing figures are ``None``, never 0. ``area_code`` is the SCB
    kommunkod, the län code, ``"riket"`` or the region's name.
    """

    source = models.CharField(_("källa"), max_length=32, choices=Source.choices)
    area_level = models.CharField(_("områdesnivå"), max_length=16, choices=AreaLevel.choices)
    area_code = models.CharField(_("områdeskod"), max_length=100)
    area_name = models.CharField(_("område"), max_length=200)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    indicator = models.CharField(_("indikator eller KPI"), max_length=300)
    label = models.CharField(_("benämning"), max_length=300)
    period = models.CharField(_("period"), max_length=16)
    year = models.PositiveSmallIntegerField(_("år"), db_index=True)
    month = models.PositiveSmallIntegerField(_("månad"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(_("kvartal"), null=True, blank=True)
    gender = models.CharField(_("kön"), max_length=1, default="T")
    unit = models.CharField(_("enhet"), max_length=16, choices=Unit.choices)
    value = models.FloatField(_("värde"), null=True, blank=True)
    per_100k = models.FloatField(_("per 100 000 inv."), null=True, blank=True)
    is_preliminary = models.BooleanField(_("preliminär"), default=False)
    updated_at = models.DateTimeField(_("inläst"))

    class Meta:
        ordering = ["area_code", "indicator", "period"]
        verbose_name = _("brottsstatistik")
        verbose_name_plural = _("brottsstatistik")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "area_level", "area_code", "indicator", "period", "gender",
                        "unit"],
                name="imports_crimestatistic_natural_key",
            )
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.area_name} {self.label} {self.period}: {self.value}"


class SurveySource(models.TextChoices):
    TRYGGHETSMATNING = "trygghetsmatning", _("Polisens trygghetsmätning")
    NTU = "ntu", _("NTU (Brå)")


class SurveyResult(models.Model):
    """Experienced insecurity: an index 0–6 (lower is better) or a share in percent."""

    source = models.CharField(_("undersökning"), max_length=20, choices=SurveySource.choices)
    area_level = models.CharField(_("områdesnivå"), max_length=20)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    municipality_code = models.CharField(_("kommunkod"), max_length=4, blank=True)
    police_area_name = models.CharField(_("lokalpolisområde"), max_length=100, blank=True)
    sub_area = models.CharField(_("delområde"), max_length=200, blank=True)
    period = models.CharField(_("år eller period"), max_length=9)
    first_year = models.PositiveSmallIntegerField(_("första år"))
    last_year = models.PositiveSmallIntegerField(_("sista år"), db_index=True)
    indicator = models.CharField(_("indikator"), max_length=200)
    measure = models.CharField(_("mått"), max_length=16)
    value = models.FloatField(_("värde"), null=True, blank=True)
    gender = models.CharField(_("kön"), max_length=8, default="alla")
    age_group = models.CharField(_("ålder"), max_length=10, default="alla")
    respondents = models.PositiveIntegerField(_("antal svar"), null=True, blank=True)
    response_rate = models.FloatField(_("svarsfrekvens (%)"), null=True, blank=True)
    source_url = models.URLField(_("källa (länk)"), max_length=500, blank=True)
    comment = models.CharField(_("kommentar"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False)
    updated_at = models.DateTimeField(_("inläst"))

    class Meta:
        ordering = ["indicator", "first_year"]
        verbose_name = _("resultat från trygghetsundersökning")
        verbose_name_plural = _("resultat från trygghetsundersökningar")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "municipality_code", "police_area_name", "sub_area", "period",
                        "indicator", "measure", "gender", "age_group"],
                name="imports_surveyresult_natural_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"


class DialogueKind(models.TextChoices):
    CITIZENS = "medborgardialog", _("Medborgardialog")
    STAFF = "medarbetardialog", _("Medarbetardialog")


class DialogueResult(models.Model):
    """A topic raised at a dialogue, with votes and free text (personal data masked)."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("samverkan"), on_delete=models.CASCADE,
        related_name="dialogue_results",
    )
    held_on = models.DateField(_("datum"))
    kind = models.CharField(_("typ"), max_length=20, choices=DialogueKind.choices)
    area = models.CharField(_("område"), max_length=200, blank=True)
    topic = models.CharField(_("ämne"), max_length=300)
    votes = models.PositiveIntegerField(_("röster"), null=True, blank=True)
    free_text = models.TextField(_("fritext (personuppgifter maskerade)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("ändrad"))

    class Meta:
        ordering = ["-held_on", "-votes", "topic"]
        verbose_name = _("dialogresultat")
        verbose_name_plural = _("dialogresultat")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "held_on", "kind", "area", "topic"],
                name="imports_dialogueresult_natural_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class HistoricalIncident(models.Model):
    """A historical incident row from a bulk file (lat, lon, time, category) of a collaboration.

    For back-filling years of a kommun's own incident data (e.g. exports from an older
    system) without the review workflow of new reports. Rows are unique per collaboration,
    time, position and category, so a file can be imported again without duplicates.
    """

    # No separate indexes: the unique key starts with the collaboration, and the run is only
    # a reference (no constraint), which keeps a million-row insert fast.
    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("samverkan"), on_delete=models.CASCADE,
        related_name="historical_incidents", db_index=False,
    )
    occurred_at = models.DateTimeField(_("tidpunkt"))
    latitude = models.FloatField(_("latitud"))
    longitude = models.FloatField(_("longitud"))
    category = models.CharField(_("kategori"), max_length=32)
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+",
        db_index=False, db_constraint=False,
    )

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("historisk händelse")
        verbose_name_plural = _("historiska händelser")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "occurred_at", "latitude", "longitude", "category"],
                name="imports_historicalincident_natural_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.category}"
