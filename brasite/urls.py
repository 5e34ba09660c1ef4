from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from partnerships.views import accounts

from . import views

urlpatterns = [
    path("", include("reporting.urls")),
    path("", include("partnerships.urls")),
    path("", include("hosting.urls")),
    path("", include("imports.urls")),
    path("", include("privacy.urls")),
    path("", include("reminders.urls")),
    path("programmes/", include("programmes.urls")),
    path("accounts/password_reset/", accounts.LimitedPasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.UnlockingPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("session/keepalive/", views.session_keepalive, name="session_keepalive"),
]

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))
