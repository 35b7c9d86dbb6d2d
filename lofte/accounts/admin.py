from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from lofte.accounts.models import ApiToken, User


@admin.register(User)
class LofteUserAdmin(UserAdmin):  # type: ignore[type-arg]
    fieldsets = (*UserAdmin.fieldsets, ("Löfte", {"fields": ("title", "phone")}))  # type: ignore[misc]
    search_fields = ["username", "email", "first_name", "last_name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "is_revoked"]
    readonly_fields = ["prefix", "token_hash", "created_at", "last_used_at"]
