from django.urls import path

from . import views
from .fremtidens import views as fremtidens
from .hopin.views import printing, records, weeks
from .jetnet import views as jetnet

app_name = "programmes"

urlpatterns = [
    path("work/", views.work_index, name="work_index"),
    # HOP-IN week planner
    path("municipalities/<slug:slug>/hop-in/", weeks.hopin_week_list, name="hopin_week_list"),
    path("municipalities/<slug:slug>/hop-in/new/", weeks.hopin_week_create, name="hopin_week_create"),
    path("weeks/<int:pk>/", weeks.hopin_week_detail, name="hopin_week_detail"),
    path("weeks/<int:pk>/edit/", weeks.hopin_week_update, name="hopin_week_update"),
    path("weeks/<int:pk>/classes/new/", records.schoolclass_create, name="schoolclass_create"),
    path("weeks/<int:pk>/classes/paste/", records.schoolclass_paste, name="schoolclass_paste"),
    path("weeks/<int:pk>/hosts/new/", records.host_create, name="host_create"),
    path("weeks/<int:pk>/hosts/add-approved/", records.host_add_approved, name="host_add_approved"),
    path("weeks/<int:pk>/tutors/new/", records.tutoroffer_create, name="tutoroffer_create"),
    path("weeks/<int:pk>/plan/", weeks.hopin_plan_run, name="hopin_plan_run"),
    path("weeks/<int:pk>/publish/", weeks.hopin_publish, name="hopin_publish"),
    path("weeks/<int:pk>/correction/", weeks.hopin_send_correction, name="hopin_send_correction"),
    path("weeks/<int:pk>/class-counts/", records.classcount_update, name="hopin_classcounts"),
    path("weeks/<int:pk>/export.csv", printing.hopin_export_csv, name="hopin_export_csv"),
    path("weeks/<int:pk>/export.xlsx", printing.hopin_export_xlsx, name="hopin_export_xlsx"),
    path(
        "weeks/<int:pk>/print/schools/<int:school_pk>/",
        printing.hopin_print_school,
        name="hopin_print_school",
    ),
    path("weeks/<int:pk>/print/hosts/<int:host_pk>/", printing.hopin_print_host, name="hopin_print_host"),
    path("classes/<int:pk>/edit/", records.schoolclass_update, name="schoolclass_update"),
    path("classes/<int:pk>/delete/", records.schoolclass_delete, name="schoolclass_delete"),
    path("classes/<int:pk>/place/", records.placement_move, name="placement_move"),
    path("hosts/<int:pk>/edit/", records.host_update, name="host_update"),
    path("hosts/<int:pk>/delete/", records.host_delete, name="host_delete"),
    path("tutors/<int:pk>/edit/", records.tutoroffer_update, name="tutoroffer_update"),
    path("tutors/<int:pk>/delete/", records.tutoroffer_delete, name="tutoroffer_delete"),
    path("placements/<int:pk>/lock/", records.placement_lock, name="placement_lock"),
    path("placements/<int:pk>/unlock/", records.placement_unlock, name="placement_unlock"),
    path("placements/<int:pk>/delete/", records.placement_delete, name="placement_delete"),
    # Jet-Net outreach steps
    path("municipalities/<slug:slug>/jet-net/", jetnet.outreach_list, name="outreach_list"),
    path("municipalities/<slug:slug>/jet-net/new/", jetnet.outreach_create, name="outreach_create"),
    path("outreach/<int:pk>/edit/", jetnet.outreach_update, name="outreach_update"),
    path("outreach/<int:pk>/delete/", jetnet.outreach_delete, name="outreach_delete"),
    # "Sammen skaber vi fremtidens skole"
    path(
        "municipalities/<slug:slug>/fremtidens-skole/",
        fremtidens.network_overview,
        name="network_overview",
    ),
    path(
        "municipalities/<slug:slug>/fremtidens-skole/trainings/new/",
        fremtidens.training_create,
        name="training_create",
    ),
    path(
        "municipalities/<slug:slug>/fremtidens-skole/resource-persons/new/",
        fremtidens.resource_person_create,
        name="resource_person_create",
    ),
    path(
        "municipalities/<slug:slug>/fremtidens-skole/members/new/",
        fremtidens.network_member_create,
        name="network_member_create",
    ),
    path("trainings/<int:pk>/edit/", fremtidens.training_update, name="training_update"),
    path("trainings/<int:pk>/delete/", fremtidens.training_delete, name="training_delete"),
    path("resource-persons/<int:pk>/edit/", fremtidens.resource_person_update, name="resource_person_update"),
    path("members/<int:pk>/edit/", fremtidens.network_member_update, name="network_member_update"),
    path("members/<int:pk>/delete/", fremtidens.network_member_delete, name="network_member_delete"),
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
]
