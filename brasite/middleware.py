"""Project-wide middleware: the Permissions-Policy header and one log line per request."""

import logging
import time

from django.conf import settings
from django.core.exceptions import SuspiciousOperation

request_logger = logging.getLogger("brasite.requests")


class PermissionsPolicyMiddleware:
    """Switch off browser features the portal never uses (camera, geolocation, …) for every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class SessionKeepAliveMiddleware:
    """Sessions end after SESSION_COOKIE_AGE without a request; a request renews a session at most once per
    SESSION_RENEW_SECONDS, so most requests of a logged-in user write nothing to the session store (Django's
    SESSION_SAVE_EVERY_REQUEST would write on each). Goes right after SessionMiddleware."""

    key = "_renewed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.key, 0) >= settings.SESSION_RENEW_SECONDS:
                session[self.key] = now
        return response


class RejectNullCharactersMiddleware:
    """A NUL character in the query string is never typed by a person, and PostgreSQL refuses it in text:
    answer 400 before it reaches a search. (Form fields refuse it themselves, with a message.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", ""):
            raise SuspiciousOperation("NUL character in the query string")
        return self.get_response(request)


class RequestLogMiddleware:
    """Log method, path, status, duration and user id of every request as one structured line.

    The query string is left out: searches can contain names of people.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response
