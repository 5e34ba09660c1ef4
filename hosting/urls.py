from django.urls import path

from .views import company_portal, queue, signup

app_name = "hosting"

urlpatterns = [
    path("hosts/", signup.host_signup, name="host_signup"),
    path("hosts/cvr-lookup/", signup.host_signup_cvr_lookup, name="host_signup_cvr_lookup"),
    path("hosts/sent/", signup.host_signup_sent, name="host_signup_sent"),
    path("hosts/new-link/", signup.host_signup_new_link, name="host_signup_new_link"),
    path("hosts/confirm/<str:token>/", signup.host_signup_confirm, name="host_signup_confirm"),
    path("hosts/password/<uidb64>/<token>/", signup.HostPasswordSetView.as_view(), name="host_password_set"),
    path("hosts/queue/", queue.host_signup_queue, name="host_signup_queue"),
    path("hosts/queue/export.<slug:fmt>", queue.host_signup_export, name="host_signup_export"),
    path("hosts/<int:pk>/approve/", queue.host_signup_approve, name="host_signup_approve"),
    path("hosts/<int:pk>/reject/", queue.host_signup_reject, name="host_signup_reject"),
    path("hosts/<int:pk>/attach/<int:company_pk>/", queue.host_signup_attach, name="host_signup_attach"),
    path("my-company/", company_portal.my_company, name="my_company"),
    path("my-company/edit/", company_portal.my_company_update, name="my_company_update"),
    path(
        "my-company/contacts/new/",
        company_portal.my_company_contact_create,
        name="my_company_contact_create",
    ),
    path(
        "my-company/contacts/<int:pk>/edit/",
        company_portal.my_company_contact_update,
        name="my_company_contact_update",
    ),
    path(
        "my-company/contacts/<int:pk>/delete/",
        company_portal.my_company_contact_delete,
        name="my_company_contact_delete",
    ),
]
