from django.urls import path

from .views import agreements, choices, organisations

app_name = "partnerships"

urlpatterns = [
    path("agreements/", agreements.agreement_list, name="agreement_list"),
    path("agreements/export.csv", agreements.agreement_export_csv, name="agreement_export_csv"),
    path("agreements/export.xlsx", agreements.agreement_export_xlsx, name="agreement_export_xlsx"),
    path("agreements/choices/<slug:kind>/", choices.agreement_choices, name="agreement_choices"),
    path("agreements/new/", agreements.agreement_create, name="agreement_create"),
    path("agreements/new/activate/", agreements.agreement_create_active, name="agreement_create_active"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", agreements.agreement_update, name="agreement_update"),
    path("agreements/<int:pk>/activate/", agreements.agreement_activate, name="agreement_activate"),
    path("agreements/<int:pk>/end/", agreements.agreement_end, name="agreement_end"),
    path("agreements/<int:pk>/cancel/", agreements.agreement_cancel, name="agreement_cancel"),
    path("agreements/<int:pk>/reopen/", agreements.agreement_reopen, name="agreement_reopen"),
    path("agreements/<int:pk>/undo/", agreements.agreement_undo, name="agreement_undo"),
    path("schools/", organisations.school_list, name="school_list"),
    path("schools/new/", organisations.school_create, name="school_create"),
    path("schools/export.<slug:fmt>", organisations.school_export, name="school_export"),
    path("schools/<int:pk>/", organisations.school_detail, name="school_detail"),
    path("schools/<int:pk>/edit/", organisations.school_update, name="school_update"),
    path("schools/<int:pk>/contacts/new/", organisations.school_contact_create, name="school_contact_create"),
    path("companies/", organisations.company_list, name="company_list"),
    path("companies/new/", organisations.company_create, name="company_create"),
    path("companies/cvr-lookup/", organisations.company_cvr_lookup, name="company_cvr_lookup"),
    path("companies/export.<slug:fmt>", organisations.company_export, name="company_export"),
    path("contacts/export.<slug:fmt>", organisations.contact_export, name="contact_export"),
    path("companies/<int:pk>/", organisations.company_detail, name="company_detail"),
    path("companies/<int:pk>/edit/", organisations.company_update, name="company_update"),
    path(
        "companies/<int:pk>/contacts/new/",
        organisations.company_contact_create,
        name="company_contact_create",
    ),
    path("contacts/<int:pk>/edit/", organisations.contact_update, name="contact_update"),
    path("contacts/<int:pk>/delete/", organisations.contact_delete, name="contact_delete"),
]
