"""Choosing a new password: the request is limited per client and per address, its link comes from
SITE_URL like every emailed link, its email is sent in the name of the person's group, and a new password
lifts the account's login lockout."""

import datetime

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetConfirmView, PasswordResetView
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation

from brasite.lib.email import send_templated_email

from ..groups import own_group
from ..models import MunicipalityGroup, normalize_login
from ..ratelimit import allow

HOUR = datetime.timedelta(hours=1)


class GroupPasswordResetForm(PasswordResetForm):
    """Sends the link through the one email helper, in the name of the person's own group."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        group = own_group(context["user"]) or MunicipalityGroup.objects.default()
        send_templated_email(
            "registration/password_reset",
            to=[to_email],
            context={**context, "site_url": settings.SITE_URL, "group": group},
            language=translation.get_language(),
        )


class LimitedPasswordResetView(PasswordResetView):
    form_class = GroupPasswordResetForm

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
        return super().form_valid(form)


class UnlockingPasswordResetConfirmView(PasswordResetConfirmView):
    """A locked-out person can always choose a new password and then log in with it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_lockout(username=normalize_login(form.user.email))
        return response
