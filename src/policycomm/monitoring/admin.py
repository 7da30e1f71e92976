from django.contrib import admin

from .models import CoverageTarget


@admin.register(CoverageTarget)
class CoverageTargetAdmin(admin.ModelAdmin):
    list_display = ("year", "percent", "basis")
    ordering = ("year",)
