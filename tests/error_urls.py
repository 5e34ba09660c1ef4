"""The portal's URLs plus views that fail on purpose, for the error page tests."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from brasite.urls import urlpatterns as portal_urlpatterns
from brasite.views import rate_limited

SECRET_DETAIL = "internal-detail-that-must-not-leak"


@login_not_required
def bad_request(request):
    raise SuspiciousOperation(SECRET_DETAIL)


@login_not_required
def forbidden(request):
    raise PermissionDenied(SECRET_DETAIL)


@login_not_required
def server_error(request):
    raise RuntimeError(SECRET_DETAIL)


urlpatterns = [
    *portal_urlpatterns,
    path("test-errors/400/", bad_request),
    path("test-errors/403/", forbidden),
    path("test-errors/429/", login_not_required(rate_limited)),
    path("test-errors/500/", server_error),
]
