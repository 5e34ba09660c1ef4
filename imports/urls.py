from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.import_index, name="import_index"),
    path("imports/<slug:kind>/upload/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/discard/", views.import_discard, name="import_discard"),
    path("imports/templates/<slug:kind>.<str:extension>", views.template_download, name="template_download"),
]
