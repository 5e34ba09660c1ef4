"""The main pages whole from the cache: a repeat view costs about what an empty page costs.

A page is kept under the version of the data (figures_cache.py: it moves on in the same transaction as any
change to a record a page shows), today's date, the language, the address asked for (path and query), the
account and the CSRF cookie (a kept form's token is valid for that cookie only). So a save shows at once on
every page, in every worker and on every app server, and nobody is ever given somebody else's page.

Not kept: anything but a plain 200 answer to GET; a page with messages to show (they are shown once); a
page with a draft put back into it; a page whose view set cookies or forbade caching; and a page that made
a new CSRF token for a visitor without the cookie (the next visitor would get a token that is not theirs).
"""

import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation

from brasite.lib.drafts import PARAMETER as DRAFT_PARAMETER

from .figures_cache import TIMEOUT, figures_version

# The pages people open again and again (issue 12's main pages, and the public ones).
CACHED_PAGES = {
    "reporting:home",
    "reporting:public_progress",
    "reporting:public_progress_csv",
    "reporting:public_progress_json",
    "reporting:public_trend_csv",
    "reporting:public_trend_json",
    "reporting:public_municipality",
    "reporting:region_overview",
    "reporting:municipality_detail",
    "reporting:annual_report",
    "reporting:annual_report_xlsx",
    "reporting:annual_report_csv",
    "reporting:workspace",
    "reporting:workspace_municipality",
    "programmes:programme_detail",
    "partnerships:agreement_list",
    "partnerships:agreement_detail",
    "partnerships:agreement_create",
    "partnerships:agreement_update",
    "partnerships:school_list",
    "partnerships:school_detail",
    "partnerships:school_create",
    "partnerships:school_update",
    "partnerships:company_list",
    "partnerships:company_detail",
    "partnerships:company_create",
    "partnerships:company_update",
}


def page_key(request) -> str:
    parts = [
        figures_version(),
        timezone.localdate().isoformat(),
        translation.get_language(),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        request.user.pk or 0,
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
    ]
    return "page:" + hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


def keepable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "no-store" in response.get("Cache-Control", ""):
        return False
    without_cookie = settings.CSRF_COOKIE_NAME not in request.COOKIES
    new_token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and without_cookie
    return not new_token and not len(get_messages(request))


class PageCacheMiddleware:
    """Last in MIDDLEWARE: it answers for the view, and the middleware above still adds its headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_key", None)
        if key is not None and keepable(request, response):
            cache.set(key, (response.status_code, list(response.items()), response.content), TIMEOUT)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "GET" or match is None or match.view_name not in CACHED_PAGES:
            return None
        if DRAFT_PARAMETER in request.GET or len(get_messages(request)):
            return None
        request._page_key = page_key(request)
        kept = cache.get(request._page_key)
        if kept is None:
            return None
        request._page_key = None  # already kept
        status, headers, content = kept
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response
