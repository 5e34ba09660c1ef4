"""The public host sign-up, its email confirmation, and the coordinators' approval queue."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from programmes.models import Programme

from ..hosting import (
    approve_signup,
    confirm_signup,
    reject_signup,
    send_confirmation_email,
    send_new_link,
    signup_from_token,
    waiting_signups,
)
from ..models import Company, HostSignup
from ..ratelimit import count_hit, limit_reached
from ..signup_forms import HostSignupForm, NewLinkForm, RejectSignupForm
from .access import role_required

HOUR = datetime.timedelta(hours=1)

# What hosting means in each programme; programmes added later show their own description.
HOSTING_ROLES = {
    "hop-in": gettext_lazy(
        "For one week, a 7th-grade class works with production at your company, with students from a local "
        "youth education as tutors. You tell us how many classes you can host in a HOP-IN week."
    ),
    "jet-net": gettext_lazy(
        "You enter a concrete cooperation agreement with a school or youth education nearby: visits, "
        "projects, internships or guest teaching, as you agree together."
    ),
    "fremtidens-skole": gettext_lazy(
        "Teachers plan cross-subject science teaching around real problems from your company, and pupils "
        "visit you and work on them; you join a local network of companies and schools."
    ),
}


def rate_limited(request):
    return render(request, "partnerships/rate_limited.html", status=429)


@login_not_required
def host_signup(request):
    """The public "Become a host" page and form."""
    if request.method == "POST":
        if limit_reached(request, "host_signup", limit=settings.HOST_SIGNUP_RATE_LIMIT, period=HOUR):
            return rate_limited(request)
        form = HostSignupForm(request.POST)
        if form.is_valid():
            count_hit(request, "host_signup")
            if not form.is_spam:
                signup = form.save()
                send_confirmation_email(signup)
                if Company.objects.filter(cvr=signup.cvr).exists():
                    messages.info(
                        request,
                        _(
                            "A company with this CVR number is already registered in the portal, so no new "
                            "company is created. Confirm your email address, and the municipality's "
                            "coordinator will get in touch with you."
                        ),
                    )
            return redirect("partnerships:host_signup_sent")
    else:
        form = HostSignupForm()
    programmes = [
        (programme, HOSTING_ROLES.get(programme.slug, programme.description))
        for programme in Programme.objects.order_by("name")
    ]
    return render(
        request,
        "partnerships/host_signup.html",
        {"form": form, "programmes": programmes, "days": settings.HOST_SIGNUP_LINK_DAYS},
    )


@login_not_required
@require_GET
def host_signup_sent(request):
    return render(request, "partnerships/host_signup_sent.html", {"days": settings.HOST_SIGNUP_LINK_DAYS})


@login_not_required
def host_signup_confirm(request, token):
    """GET shows a button (mail scanners open links); POST confirms the address."""
    signup, expired = signup_from_token(token)
    if signup is None:
        form = NewLinkForm()
        return render(request, "partnerships/host_signup_link_invalid.html", {"form": form}, status=400)
    if signup.status != HostSignup.Status.UNVERIFIED:
        return render(request, "partnerships/host_signup_confirmed.html", {"signup": signup})
    if expired:
        form = NewLinkForm(initial={"email": signup.contact_email})
        context = {"form": form, "signup": signup}
        return render(request, "partnerships/host_signup_link_expired.html", context, status=410)
    if request.method == "POST":
        confirm_signup(signup)
        return redirect("partnerships:host_signup_confirm", token=token)
    return render(request, "partnerships/host_signup_confirm.html", {"signup": signup})


@login_not_required
def host_signup_new_link(request):
    """Ask for a new confirmation link; the answer is the same whether the address is known or not."""
    if request.method == "POST":
        if limit_reached(request, "host_signup", limit=settings.HOST_SIGNUP_RATE_LIMIT, period=HOUR):
            return rate_limited(request)
        form = NewLinkForm(request.POST)
        if form.is_valid():
            count_hit(request, "host_signup")
            send_new_link(form.cleaned_data["email"])
            messages.success(
                request,
                _(
                    "If a sign-up with this email address is waiting for confirmation, we have sent a new "
                    "link to it. Please check your inbox."
                ),
            )
            return redirect("partnerships:host_signup_sent")
    else:
        form = NewLinkForm()
    return render(request, "partnerships/host_signup_new_link.html", {"form": form})


def get_signup(request, pk: int, *, edit: bool = False) -> HostSignup:
    signups = HostSignup.objects.visible_to(request.user).select_related("company", "municipality", "contact")
    signup = get_object_or_404(signups, pk=pk)
    if edit and not request.user.can_edit_in(signup.municipality_id):
        raise PermissionDenied
    return signup


@require_GET
@role_required()
def host_signup_queue(request):
    user = request.user
    return render(
        request,
        "partnerships/host_signup_queue.html",
        {"signups": waiting_signups(user), "can_decide": user.is_staff or user.is_coordinator},
    )


def already_decided(request):
    messages.info(request, _("This sign-up has already been decided."))
    return redirect("partnerships:host_signup_queue")


@role_required(edit=True)
def host_signup_approve(request, pk):
    signup = get_signup(request, pk, edit=True)
    if request.method == "POST":
        try:
            approve_signup(signup, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is now an approved host. The contact person has been emailed a link to log in.")
                % {"name": signup.company.name},
            )
        return redirect("partnerships:host_signup_queue")
    if signup.status != HostSignup.Status.WAITING:
        return already_decided(request)
    return render(request, "partnerships/host_signup_approve.html", {"signup": signup})


@role_required(edit=True)
def host_signup_reject(request, pk):
    signup = get_signup(request, pk, edit=True)
    if signup.status != HostSignup.Status.WAITING:
        return already_decided(request)
    if request.method == "POST":
        form = RejectSignupForm(request.POST)
        if form.is_valid():
            try:
                reject_signup(signup, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("The sign-up of %(name)s was rejected and the contact person told why.")
                    % {"name": signup.company.name},
                )
            return redirect("partnerships:host_signup_queue")
    else:
        form = RejectSignupForm()
    return render(request, "partnerships/host_signup_reject.html", {"signup": signup, "form": form})


class HostPasswordSetView(PasswordResetConfirmView):
    """A new company login sets its password from the link in the approval email."""

    template_name = "partnerships/host_password_set.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        messages.success(
            self.request, _("Your password is set. Log in with your email address and the new password.")
        )
        return super().form_valid(form)


@login_not_required
@require_GET
def privacy_notice(request):
    return render(request, "partnerships/privacy_notice.html", {"link_days": settings.HOST_SIGNUP_LINK_DAYS})
