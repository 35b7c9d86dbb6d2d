from __future__ import annotations

from django.contrib import admin

from lofte.organisations.models import Collaboration, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "municipality", "police_area"]
    list_filter = ["kind"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline[Membership, Collaboration]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin[Collaboration]):
    list_display = ["name", "municipality", "police_area", "is_active"]
    search_fields = ["name", "municipality__name"]
    filter_horizontal = ["organisations"]
    inlines = [MembershipInline]
