from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from brasite.lib.versioning import VersionedAdminMixin

from .models import (
    ClassCount,
    HopInHost,
    HopInWeek,
    NetworkMember,
    OutreachActivity,
    Placement,
    ResourcePerson,
    SchoolClass,
    TeacherTraining,
    TutorOffer,
)


@admin.register(HopInWeek)
class HopInWeekAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["municipality", "school_year", "starts_on", "ends_on", "grade", "published_at"]
    autocomplete_fields = ["coordinator"]
    list_filter = ["school_year", "municipality"]
    search_fields = ["municipality__name"]


@admin.register(ClassCount)
class ClassCountAdmin(SimpleHistoryAdmin):
    list_display = ["school", "school_year", "grade", "classes"]
    list_filter = ["school_year", "grade", "school__municipality"]
    search_fields = ["school__name"]
    autocomplete_fields = ["school"]


@admin.register(SchoolClass)
class SchoolClassAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "school", "school_year", "grade", "pupils"]
    list_filter = ["school_year", "grade", "school__municipality"]
    search_fields = ["name", "school__name"]
    autocomplete_fields = ["school", "wish_1", "wish_2", "wish_3"]


@admin.register(HopInHost)
class HopInHostAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["company", "week", "capacity", "will_host_again"]
    list_filter = ["will_host_again", "week__school_year"]
    search_fields = ["company__name"]
    autocomplete_fields = ["company"]
    filter_horizontal = ["preferred_schools"]


@admin.register(TutorOffer)
class TutorOfferAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["school", "week", "tutors"]
    search_fields = ["school__name"]
    autocomplete_fields = ["school"]


@admin.register(Placement)
class PlacementAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["school_class", "host", "locked", "tutors"]
    list_filter = ["locked", "host__week__school_year"]
    search_fields = ["school_class__name", "school_class__school__name", "host__company__name"]
    raw_id_fields = ["school_class", "host"]
    autocomplete_fields = ["tutor_school"]


@admin.register(OutreachActivity)
class OutreachActivityAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["audience", "municipality", "step", "date", "reached"]
    list_filter = ["step", "municipality"]
    search_fields = ["audience", "notes"]


@admin.register(TeacherTraining)
class TeacherTrainingAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["school", "date", "teachers_trained", "subject_focus"]
    search_fields = ["school__name", "subject_focus"]
    autocomplete_fields = ["school"]


@admin.register(ResourcePerson)
class ResourcePersonAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "organisation", "municipality", "role"]
    list_filter = ["municipality"]
    search_fields = ["name", "organisation", "role"]


@admin.register(NetworkMember)
class NetworkMemberAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["company", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["company__name"]
    autocomplete_fields = ["company"]
    filter_horizontal = ["schools"]
