"""Admin: reading and support only; changes go through the app (services and audit log)."""

from __future__ import annotations

from django.contrib import admin

from lofte.promises.models import Activity, ActivityRecord, FollowUp, Promise


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Promise)
class PromiseAdmin(ReadOnlyAdmin):
    list_display = ("title", "collaboration", "kind", "status", "version", "period_start",
                    "period_end")
    list_filter = ("kind", "status")
    search_fields = ("title",)


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ("description", "promise", "actor", "target_kind", "target_count")
    list_filter = ("actor", "target_kind")
    search_fields = ("description",)


@admin.register(ActivityRecord)
class ActivityRecordAdmin(ReadOnlyAdmin):
    list_display = ("performed_on", "activity", "quantity", "recorded_by")
    date_hierarchy = "performed_on"


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("promise", "period_kind", "year", "number", "status", "published_at")
    list_filter = ("status", "period_kind")
