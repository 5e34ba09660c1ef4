"""Project-level views: the health check for load balancers and the rate-limit error page."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@login_not_required
@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not; for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
def bench_floor(request):
    """The floor of every page: base.html and nothing else, through the same middleware (BENCH_FLOOR only)."""
    return render(request, "bench_floor.html")


def rate_limited(request, exception=None):
    """The page shown when a client sent too many requests (for RATELIMIT_VIEW or a limiter's own use)."""
    return render(request, "429.html", status=429)
