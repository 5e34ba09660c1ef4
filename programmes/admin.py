from django.contrib import admin

from .models import Programme, ProgrammeParticipation


class ParticipationInline(admin.TabularInline):
    model = ProgrammeParticipation
    autocomplete_fields = ["municipality"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "coordinator", "start_year", "end_year"]
    search_fields = ["name", "coordinator", "funder"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ParticipationInline]


@admin.register(ProgrammeParticipation)
class ProgrammeParticipationAdmin(admin.ModelAdmin):
    list_display = ["programme", "municipality", "status", "from_year", "to_year"]
    list_filter = ["programme", "status", "municipality"]
    search_fields = ["programme__name", "municipality__name"]
    autocomplete_fields = ["programme", "municipality"]
