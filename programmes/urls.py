from django.urls import path

from . import hopin_views, network_views, views

app_name = "programmes"

urlpatterns = [
    path("work/", network_views.work_index, name="work_index"),
    # HOP-IN week planner
    path("municipalities/<slug:slug>/hop-in/", hopin_views.hopin_week_list, name="hopin_week_list"),
    path("municipalities/<slug:slug>/hop-in/new/", hopin_views.hopin_week_create, name="hopin_week_create"),
    path("weeks/<int:pk>/", hopin_views.hopin_week_detail, name="hopin_week_detail"),
    path("weeks/<int:pk>/edit/", hopin_views.hopin_week_update, name="hopin_week_update"),
    path("weeks/<int:pk>/classes/new/", hopin_views.schoolclass_create, name="schoolclass_create"),
    path("weeks/<int:pk>/classes/paste/", hopin_views.schoolclass_paste, name="schoolclass_paste"),
    path("weeks/<int:pk>/hosts/new/", hopin_views.host_create, name="host_create"),
    path("weeks/<int:pk>/hosts/add-approved/", hopin_views.host_add_approved, name="host_add_approved"),
    path("weeks/<int:pk>/tutors/new/", hopin_views.tutoroffer_create, name="tutoroffer_create"),
    path("weeks/<int:pk>/plan/", hopin_views.hopin_plan_run, name="hopin_plan_run"),
    path("weeks/<int:pk>/publish/", hopin_views.hopin_publish, name="hopin_publish"),
    path("weeks/<int:pk>/export.csv", hopin_views.hopin_export_csv, name="hopin_export_csv"),
    path("weeks/<int:pk>/export.xlsx", hopin_views.hopin_export_xlsx, name="hopin_export_xlsx"),
    path(
        "weeks/<int:pk>/print/schools/<int:school_pk>/",
        hopin_views.hopin_print_school,
        name="hopin_print_school",
    ),
    path("weeks/<int:pk>/print/hosts/<int:host_pk>/", hopin_views.hopin_print_host, name="hopin_print_host"),
    path("classes/<int:pk>/edit/", hopin_views.schoolclass_update, name="schoolclass_update"),
    path("classes/<int:pk>/delete/", hopin_views.schoolclass_delete, name="schoolclass_delete"),
    path("classes/<int:pk>/place/", hopin_views.placement_move, name="placement_move"),
    path("hosts/<int:pk>/edit/", hopin_views.host_update, name="host_update"),
    path("hosts/<int:pk>/delete/", hopin_views.host_delete, name="host_delete"),
    path("tutors/<int:pk>/edit/", hopin_views.tutoroffer_update, name="tutoroffer_update"),
    path("tutors/<int:pk>/delete/", hopin_views.tutoroffer_delete, name="tutoroffer_delete"),
    path("placements/<int:pk>/lock/", hopin_views.placement_lock, name="placement_lock"),
    path("placements/<int:pk>/unlock/", hopin_views.placement_unlock, name="placement_unlock"),
    path("placements/<int:pk>/delete/", hopin_views.placement_delete, name="placement_delete"),
    # Jet-Net outreach steps
    path("municipalities/<slug:slug>/jet-net/", network_views.outreach_list, name="outreach_list"),
    path("municipalities/<slug:slug>/jet-net/new/", network_views.outreach_create, name="outreach_create"),
    path("outreach/<int:pk>/edit/", network_views.outreach_update, name="outreach_update"),
    path("outreach/<int:pk>/delete/", network_views.outreach_delete, name="outreach_delete"),
    # "Sammen skaber vi fremtidens skole"
    path(
        "municipalities/<slug:slug>/fremtidens-skole/",
        network_views.network_overview,
        name="network_overview",
    ),
    path(
        "municipalities/<slug:slug>/fremtidens-skole/trainings/new/",
        network_views.training_create,
        name="training_create",
    ),
    path(
        "municipalities/<slug:slug>/fremtidens-skole/resource-persons/new/",
        network_views.resource_person_create,
        name="resource_person_create",
    ),
    path(
        "municipalities/<slug:slug>/fremtidens-skole/members/new/",
        network_views.network_member_create,
        name="network_member_create",
    ),
    path("trainings/<int:pk>/edit/", network_views.training_update, name="training_update"),
    path("trainings/<int:pk>/delete/", network_views.training_delete, name="training_delete"),
    path(
        "resource-persons/<int:pk>/edit/", network_views.resource_person_update, name="resource_person_update"
    ),
    path(
        "resource-persons/<int:pk>/export.json",
        network_views.resource_person_export,
        name="resource_person_export",
    ),
    path(
        "resource-persons/<int:pk>/erase/", network_views.resource_person_erase, name="resource_person_erase"
    ),
    path("members/<int:pk>/edit/", network_views.network_member_update, name="network_member_update"),
    path("members/<int:pk>/delete/", network_views.network_member_delete, name="network_member_delete"),
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
]
