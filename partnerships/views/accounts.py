"""Choosing a new password: the request is limited per client and per address, its link comes from
SITE_URL like every emailed link, and a new password lifts the account's login lockout."""

import datetime

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib.auth.views import PasswordResetConfirmView, PasswordResetView
from django.http import HttpResponseRedirect
from django.shortcuts import render

from ..groups import current_group
from ..models import normalize_login
from ..ratelimit import allow

HOUR = datetime.timedelta(hours=1)


class LimitedPasswordResetView(PasswordResetView):
    def form_valid(self, form):
        limits = settings.PASSWORD_RESET_LIMITS
        if not allow(self.request, "password_reset", limit=limits["client"], period=HOUR):
            return render(self.request, "429.html", status=429)
        address = normalize_login(form.cleaned_data["email"])
        if not allow(
            self.request, "password_reset_address", limit=limits["address"], period=HOUR, key=address
        ):
            # The same answer as always, so nobody learns whether the address has an account.
            return HttpResponseRedirect(self.get_success_url())
        group = current_group(self.request)
        self.extra_email_context = {
            "site_url": settings.SITE_URL,
            "portal_name": settings.PORTAL_NAME,
            "signature": getattr(group, "email_signature", "") or settings.PORTAL_NAME,
        }
        return super().form_valid(form)


class UnlockingPasswordResetConfirmView(PasswordResetConfirmView):
    """A locked-out person can always choose a new password and then log in with it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_lockout(username=normalize_login(form.user.email))
        return response
