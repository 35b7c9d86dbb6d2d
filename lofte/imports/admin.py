from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lofte.imports.models import CrimeStatistic, ImportRun, PoliceEvent, SurveyResult


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Imported data changes only through imports (which record runs and audit entries)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "source", "status", "actor", "collaboration", "read",
                    "created", "updated", "unchanged", "skipped", "errors"]
    list_filter = ["source", "status"]
    date_hierarchy = "started_at"


@admin.register(PoliceEvent)
class PoliceEventAdmin(ReadOnlyAdmin):
    list_display = ["external_id", "occurred_at", "event_type", "category", "municipality",
                    "location_level", "is_summary"]
    list_filter = ["category", "is_summary", "location_level"]
    search_fields = ["title", "external_id"]


@admin.register(CrimeStatistic)
class CrimeStatisticAdmin(ReadOnlyAdmin):
    list_display = ["source", "area_name", "indicator", "period", "gender", "unit", "value",
                    "per_100k"]
    list_filter = ["source", "area_level", "unit"]
    search_fields = ["area_name", "indicator", "label"]


@admin.register(SurveyResult)
class SurveyResultAdmin(ReadOnlyAdmin):
    list_display = ["source", "municipality_code", "police_area_name", "period", "indicator",
                    "measure", "value", "is_demo"]
    list_filter = ["source", "measure", "is_demo"]
