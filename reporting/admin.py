from django.contrib import admin

from .models import FrozenFigure, FrozenProgrammeFigure


class FrozenProgrammeInline(admin.TabularInline):
    model = FrozenProgrammeFigure
    fields = ["programme", "counting_at_start", "counting_at_end"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FrozenFigure)
class FrozenFigureAdmin(admin.ModelAdmin):
    """Read only: frozen figures are what was reported; corrections show beside them on the reports."""

    list_display = [
        "municipality",
        "school_year",
        "goal",
        "counting_at_start",
        "counting_at_end",
        "frozen_at",
    ]
    list_filter = ["school_year", "municipality"]
    readonly_fields = [f.name for f in FrozenFigure._meta.fields]
    inlines = [FrozenProgrammeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
