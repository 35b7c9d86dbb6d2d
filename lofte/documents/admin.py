"""The register is written only by `lofte promises import`; the admin shows it read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lofte.documents.models import RegisteredActivity, RegisteredPromise

ACTIVITY_FIELDS = ["position", "text", "actor", "count", "count_max", "per", "unit",
                   "confidence"]


class RegisteredActivityInline(admin.TabularInline[RegisteredActivity, RegisteredPromise]):
    model = RegisteredActivity
    fields = tuple(ACTIVITY_FIELDS)
    readonly_fields = ACTIVITY_FIELDS
    extra = 0
    can_delete = False


@admin.register(RegisteredPromise)
class RegisteredPromiseAdmin(admin.ModelAdmin[RegisteredPromise]):
    list_display = ["title", "police_area_name", "start_year", "end_year", "source_name",
                    "imported_at"]
    list_filter = ["start_year"]
    search_fields = ["title", "source_name", "municipalities__name"]
    exclude = ["theme_key", "actor_key"]
    inlines = [RegisteredActivityInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
