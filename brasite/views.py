"""Project-level views: the health check, the language switch, the rate-limit error page."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST


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
@require_GET
@never_cache
def set_language(request):
    """The language switch is a link (`?language=en&next=/path`), not a form: a page then carries no CSRF
    token for it, so public pages can be served whole from the cache (reporting/page_cache.py). Sets the
    same cookie as Django's own view; `next` must be a page of this site."""
    language = request.GET.get("language", "")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@login_not_required
def bench_floor(request):
    """The floor of every page: base.html and nothing else, through the same middleware (BENCH_FLOOR only)."""
    return render(request, "bench_floor.html")


def rate_limited(request, exception=None):
    """The page shown when a client sent too many requests (for RATELIMIT_VIEW or a limiter's own use)."""
    return render(request, "429.html", status=429)


@login_not_required  # answers itself: 401 tells the page's script that the session has already ended
@require_POST
@never_cache
def session_keepalive(request):
    """ "Stay logged in": any request renews the idle timeout; 204 for the page's script, else back."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    request.session.modified = True  # asked for: renewed now, whenever the last renewal was
    if request.headers.get("X-Keepalive") == "1":
        return HttpResponse(status=204)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back)
