from __future__ import annotations

from django.contrib import admin

from lofte.geo.models import County, Municipality, PoliceArea, PoliceDistrict, PoliceRegion


@admin.register(County)
class CountyAdmin(admin.ModelAdmin[County]):
    list_display = ["code", "name"]
    exclude = ["geometry"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["code", "name", "county"]
    list_filter = ["county"]
    search_fields = ["name", "code"]
    exclude = ["geometry"]
    readonly_fields = ["code", "centre_lat", "centre_lon", "min_lat", "min_lon", "max_lat",
                       "max_lon"]


@admin.register(PoliceRegion)
class PoliceRegionAdmin(admin.ModelAdmin[PoliceRegion]):
    filter_horizontal = ["counties"]


@admin.register(PoliceDistrict)
class PoliceDistrictAdmin(admin.ModelAdmin[PoliceDistrict]):
    list_display = ["name", "region"]


@admin.register(PoliceArea)
class PoliceAreaAdmin(admin.ModelAdmin[PoliceArea]):
    list_display = ["name", "region", "district"]
    list_filter = ["region"]
    filter_horizontal = ["municipalities"]
    search_fields = ["name"]
