"""No typing lost to the idle timeout: a form sent after the session expired is kept until its author
logs in again, then put back into the same form (by static/js/session.js) for them to save.

The draft is kept server-side (in the cache) under a random one-time key; only a signed form of the key
travels in the login link. A signed cookie set while someone is logged in says whose browser it is, so
a draft is only ever offered to that same account; file uploads and the CSRF token are never kept.
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.cache import cache
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

OWNER_COOKIE = "draft_owner"
PARAMETER = "draft"
SALT = "brasite.drafts"
KEPT_SECONDS = 60 * 60
NOT_KEPT = {"csrfmiddlewaretoken", "password", "password1", "password2", "old_password", "new_password1"}


def keep_draft(request, owner_id: int) -> str:
    """Store the POST data of `request` for `owner_id`; the signed one-time key to ask for it again."""
    data = {name: values for name, values in request.POST.lists() if name not in NOT_KEPT}
    key = secrets.token_urlsafe(24)
    cache.set(f"draft:{key}", {"owner": owner_id, "path": request.path, "data": data}, KEPT_SECONDS)
    return signing.dumps(key, salt=SALT)


def take_draft(request) -> dict | None:
    """The draft named in the URL if it belongs to the logged-in user and this page; gone once taken."""
    try:
        key = signing.loads(request.GET.get(PARAMETER, ""), salt=SALT, max_age=KEPT_SECONDS)
    except signing.BadSignature:
        return None
    draft = cache.get(f"draft:{key}")
    if not draft or draft["owner"] != request.user.pk or draft["path"] != request.path:
        return None
    cache.delete(f"draft:{key}")
    return draft["data"]


def owner_of(request) -> int | None:
    try:
        return int(request.get_signed_cookie(OWNER_COOKIE, salt=SALT))
    except (KeyError, ValueError, signing.BadSignature):
        return None


class DraftKeepingLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a login (Django's LoginRequiredMiddleware); a form sent by someone whose session
    ran out is kept for them, and after the login they land on the same form, filled in again."""

    def __call__(self, request):
        response = super().__call__(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and owner_of(request) != user.pk:
            response.set_signed_cookie(
                OWNER_COOKIE,
                str(user.pk),
                salt=SALT,
                max_age=settings.SESSION_COOKIE_AGE * 48,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "GET" and PARAMETER in request.GET and request.user.is_authenticated:
            request.restored_draft = take_draft(request)
            if request.restored_draft:
                messages.info(request, _("What you typed before your session expired is filled in again."))
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        owner = owner_of(request)
        if request.method != "POST" or owner is None:
            return super().handle_no_permission(request, view_func)
        back = request.get_full_path()
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = request.path
        separator = "&" if "?" in back else "?"
        messages.warning(request, _("Your session had expired; log in to save what you typed."))
        return redirect_to_login(
            f"{back}{separator}{PARAMETER}={keep_draft(request, owner)}",
            self.get_login_url(view_func),
            self.get_redirect_field_name(view_func),
        )


def draft_context(request) -> dict:
    """For base.html: the restored draft (if any) and the idle timeout the warning counts down from."""
    return {
        "restored_draft": getattr(request, "restored_draft", None),
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "session_warn_seconds": min(180, settings.SESSION_COOKIE_AGE // 3),
    }
