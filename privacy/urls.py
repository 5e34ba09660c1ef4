from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("account/", views.my_account, name="my_account"),
    path("account/export.json", views.my_account_export, name="my_account_export"),
    path("users/<int:pk>/export.json", views.account_export, name="account_export"),
    path("users/<int:pk>/erase/", views.account_erase, name="account_erase"),
    path("contacts/<int:pk>/export.json", views.contact_export, name="contact_export"),
    path("contacts/<int:pk>/erase/", views.contact_erase, name="contact_erase"),
    path(
        "programmes/resource-persons/<int:pk>/export.json",
        views.resource_person_export,
        name="resource_person_export",
    ),
    path(
        "programmes/resource-persons/<int:pk>/erase/",
        views.resource_person_erase,
        name="resource_person_erase",
    ),
]
