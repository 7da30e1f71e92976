from django.contrib import admin

from policycomm.adminsite.search import FoldedSearchAdmin

from .models import CoverageTarget


@admin.register(CoverageTarget)
class CoverageTargetAdmin(FoldedSearchAdmin):
    list_display = ("year", "percent", "basis")
    ordering = ("year",)
