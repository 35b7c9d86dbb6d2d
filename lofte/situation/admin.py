from __future__ import annotations

from django.contrib import admin

from lofte.situation.models import PeakReminder, Problem, ReportSection, SituationReport


class SectionInline(admin.TabularInline[ReportSection, SituationReport]):
    model = ReportSection
    extra = 0
    fields = ["kind", "is_police_only"]
    readonly_fields = ["kind", "is_police_only"]


@admin.register(SituationReport)
class SituationReportAdmin(admin.ModelAdmin[SituationReport]):
    list_display = ["title", "collaboration", "period_start", "period_end", "version", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    readonly_fields = ["snapshot", "public_snapshot"]
    inlines = [SectionInline]


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin[Problem]):
    list_display = ["title", "report", "priority", "is_police_only"]


@admin.register(PeakReminder)
class PeakReminderAdmin(admin.ModelAdmin[PeakReminder]):
    list_display = ["collaboration", "peak_key", "peak_date", "recipients", "sent_at"]
