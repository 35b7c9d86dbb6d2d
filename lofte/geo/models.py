"""Sweden's kommuner and län, and the police organisation that covers them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A län (21). ``code`` is the two-digit SCB länskod."""

    code = models.CharField(_("länskod"), max_length=2, unique=True)
    name = models.CharField(_("namn"), max_length=100, unique=True)
    geometry = models.JSONField(_("gräns (GeoJSON, WGS84)"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("län")
        verbose_name_plural = _("län")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A kommun (290). ``code`` is the four-digit SCB kommunkod, kept as a string."""

    code = models.CharField(_("kommunkod"), max_length=4, unique=True)
    name = models.CharField(_("namn"), max_length=100, db_index=True)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities")
    centre_lat = models.FloatField(_("mittpunkt, latitud"))
    centre_lon = models.FloatField(_("mittpunkt, longitud"))
    min_lat = models.FloatField()
    min_lon = models.FloatField()
    max_lat = models.FloatField()
    max_lon = models.FloatField()
    geometry = models.JSONField(_("gräns (GeoJSON, WGS84)"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.official_name

    @property
    def genitive(self) -> str:
        from lofte.geo.names import genitive

        return genitive(self.name)

    @property
    def official_name(self) -> str:
        from lofte.geo.names import official_name

        return official_name(self.name, self.code)


class PoliceRegion(models.Model):
    """One of the seven polisregioner (since 2015)."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    counties = models.ManyToManyField(County, related_name="police_regions", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("polisregion")
        verbose_name_plural = _("polisregioner")

    def __str__(self) -> str:
        return f"Polisregion {self.name}"


class PoliceDistrict(models.Model):
    """A polisområde: usually one län, the large län have several."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    region = models.ForeignKey(PoliceRegion, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["name"]
        verbose_name = _("polisområde")
        verbose_name_plural = _("polisområden")

    def __str__(self) -> str:
        return f"Polisområde {self.name}"


class PoliceArea(models.Model):
    """A lokalpolisområde (LPO) and the kommuner it covers."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    district = models.ForeignKey(
        PoliceDistrict, on_delete=models.PROTECT, related_name="areas", null=True, blank=True
    )
    region = models.ForeignKey(PoliceRegion, on_delete=models.PROTECT, related_name="areas")
    municipalities = models.ManyToManyField(
        Municipality, related_name="police_areas", blank=True, verbose_name=_("kommuner")
    )
    source = models.CharField(_("källa"), max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lokalpolisområde")
        verbose_name_plural = _("lokalpolisområden")

    def __str__(self) -> str:
        return f"Lokalpolisområde {self.name}"
