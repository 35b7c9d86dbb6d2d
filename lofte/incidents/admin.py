from __future__ import annotations

from django.contrib import admin

from lofte.incidents.models import (
    ChecklistReport,
    Decision,
    Incident,
    IncidentCategory,
    Meeting,
    Open311Key,
    Place,
)


@admin.register(IncidentCategory)
class IncidentCategoryAdmin(admin.ModelAdmin[IncidentCategory]):
    list_display = ("name", "code", "collaboration", "is_active", "sort_order")
    list_filter = ("collaboration", "is_active")


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin[Place]):
    list_display = ("name", "collaboration", "lat", "lon")
    list_filter = ("collaboration",)


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin[Incident]):
    list_display = ("id", "collaboration", "category", "occurred_from", "status", "source",
                    "moderation")
    list_filter = ("collaboration", "status", "source", "moderation")
    raw_id_fields = ("merged_into", "reporter", "reviewed_by", "place", "category",
                     "organisation")
    list_select_related = ("collaboration", "category")
    show_full_result_count = False


@admin.register(ChecklistReport)
class ChecklistReportAdmin(admin.ModelAdmin[ChecklistReport]):
    list_display = ("week_start", "collaboration", "reporter", "is_nothing_to_report")
    list_filter = ("collaboration",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ("title", "collaboration", "held_on", "status")


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin[Decision]):
    list_display = ("what", "collaboration", "owner", "due_on", "status")
    raw_id_fields = ("incidents",)


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin[Open311Key]):
    list_display = ("name", "collaboration", "is_active", "created_at")
    readonly_fields = ("key_hash",)
