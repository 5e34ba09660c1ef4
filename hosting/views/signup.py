"""The public host sign-up (with its look-up in the CVR register), its email confirmation, and the new
company login's first password."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from partnerships import cvr
from partnerships.groups import current_group, group_municipalities
from partnerships.models import Programme
from partnerships.ratelimit import allow

from ..forms import HostSignupForm, NewLinkForm
from ..models import HostSignup
from ..services import confirm_signup, send_confirmation_email, send_new_link, signup_from_token

HOUR = datetime.timedelta(hours=1)

# What hosting means for a company, by the programme's kind of work (whatever the programme is called).
HOSTING_ROLES = {
    Programme.WorkKind.HOPIN: gettext_lazy(
        "For one week, a 7th-grade class works with production at your company, with students from a local "
        "youth education as tutors. You tell us how many classes you can host in a HOP-IN week."
    ),
    Programme.WorkKind.JETNET: gettext_lazy(
        "You enter a concrete cooperation agreement with a school or youth education nearby: visits, "
        "projects, internships or guest teaching, as you agree together."
    ),
    Programme.WorkKind.FREMTIDENS: gettext_lazy(
        "Teachers plan cross-subject science teaching around real problems from your company, and pupils "
        "visit you and work on them; you join a local network of companies and schools."
    ),
}


def hosting_role(programme: Programme) -> str:
    """What hosting in the programme means for a company: the text for its kind of work, written for
    companies; a programme whose kind of work has none shows its own description (its page has both)."""
    return HOSTING_ROLES.get(programme.work_kind) or programme.description


# Posts (with typing errors) allowed per counted sign-up: typos are fine, a flood of posts is not.
POSTS_PER_SIGNUP = 10


def rate_limited(request):
    return render(request, "hosting/rate_limited.html", status=429)


def posts_allowed(request) -> bool:
    """Every post of the public forms counts, valid or not, toward a generous hourly limit."""
    limit = settings.HOST_SIGNUP_RATE_LIMIT * POSTS_PER_SIGNUP
    return allow(request, "host_signup_post", limit=limit, period=HOUR)


def submission_allowed(request) -> bool:
    """A sign-up (or request for a new link) that would be acted on counts toward the hourly limit."""
    return allow(request, "host_signup", limit=settings.HOST_SIGNUP_RATE_LIMIT, period=HOUR)


# The "Fetch from the CVR register" button without JS; with JS, host_signup_cvr_lookup answers in place.
CVR_LOOKUP_BUTTON = "cvr_lookup"
CVR_LOOKUPS_PER_HOUR = 20
TOO_MANY_LOOKUPS = gettext_lazy(
    "You have fetched many companies from the CVR register in a short time. Please fill in the details by "
    "hand, or try again in an hour."
)
# What the public learns from a look-up: the register's own data, never whether the portal knows the company.
PUBLIC_LOOKUP_VALUES = ("name", "cvr", "address", "postcode", "municipality", "advertising_protected")


def cvr_lookup_allowed(request) -> bool:
    """Look-ups with JS and without count together, per client address."""
    return allow(request, "host_signup_cvr_lookup", limit=CVR_LOOKUPS_PER_HOUR, period=HOUR)


def signup_filled_from_register(request) -> tuple[HostSignupForm, str, list[str]]:
    """The sign-up form as typed, with what the CVR register holds for the typed CVR number filled in
    (a municipality only if the page's group has it), what to tell the person and the register's
    production units in the group's municipalities (added when the address is confirmed). Nothing is
    saved."""
    group = current_group(request)
    typed = HostSignupForm(request.POST, group=group)
    units = []
    if typed.is_spam:
        message = ""  # a robot filled in the honeypot: the register is not asked
    elif not cvr_lookup_allowed(request):
        message = str(TOO_MANY_LOOKUPS)
    else:
        offered = group_municipalities(request)
        lookup = cvr.lookup_for_form(request.POST.get("cvr", "")[:20], municipalities=offered)
        data = request.POST.copy()
        for key, value in lookup.values.items():
            if key in typed.fields:
                data[key] = str(value)
        typed, message = HostSignupForm(data, group=group), lookup.message
        in_group = set(group_municipalities(request).values_list("pk", flat=True))
        units = [
            cvr.unit_label(unit) for unit, municipality in lookup.production_units if municipality in in_group
        ]
    # Unbound, so that the form shows no errors for what is still to be filled in.
    form = HostSignupForm(initial={name: typed[name].data for name in typed.fields}, group=group)
    return form, message, units


@login_not_required
@require_http_methods(["GET", "POST"])
def host_signup(request):
    """The public "Become a host" page and form."""
    lookup_message, lookup_units = "", []
    if request.method == "POST":
        if not posts_allowed(request):
            return rate_limited(request)
        if CVR_LOOKUP_BUTTON in request.POST:
            form, lookup_message, lookup_units = signup_filled_from_register(request)
        else:
            form = HostSignupForm(request.POST, group=current_group(request))
        if form.is_valid():  # a look-up's form is unbound: never valid
            if not submission_allowed(request):
                return rate_limited(request)
            if not form.is_spam:
                # Known CVR number or not, the answer is the same: the public learns nothing of the
                # register's contents (the coordinator sees the match in the queue).
                send_confirmation_email(form.save())
            return redirect("hosting:host_signup_sent")
    else:
        form = HostSignupForm(group=current_group(request))
    programmes = [(programme, hosting_role(programme)) for programme in Programme.objects.order_by("name")]
    return render(
        request,
        "hosting/host_signup.html",
        {
            "form": form,
            "programmes": programmes,
            "days": settings.HOST_SIGNUP_LINK_DAYS,
            "lookup_enabled": cvr.is_enabled(),
            "lookup_message": lookup_message,
            "lookup_units": lookup_units,
        },
    )


@login_not_required
@require_GET
def host_signup_cvr_lookup(request):
    """The CVR register's answer for `?cvr=` as JSON, for static/js/cvr-lookup.js on the sign-up form."""
    if not cvr.is_enabled():
        raise Http404
    if not cvr_lookup_allowed(request):
        return JsonResponse(
            {"status": "rate_limited", "message": str(TOO_MANY_LOOKUPS), "values": {}}, status=429
        )
    lookup = cvr.lookup_for_form(
        request.GET.get("cvr", "")[:20], municipalities=group_municipalities(request)
    )
    values = {key: value for key, value in lookup.values.items() if key in PUBLIC_LOOKUP_VALUES}
    return JsonResponse({"status": lookup.status.value, "message": lookup.message, "values": values})


@login_not_required
@require_GET
def host_signup_sent(request):
    return render(request, "hosting/host_signup_sent.html", {"days": settings.HOST_SIGNUP_LINK_DAYS})


@login_not_required
@require_http_methods(["GET", "POST"])
def host_signup_confirm(request, token):
    """GET shows a button (mail scanners open links); POST confirms the address."""
    signup, expired = signup_from_token(token)
    if signup is None:
        form = NewLinkForm()
        return render(request, "hosting/host_signup_link_invalid.html", {"form": form}, status=400)
    if signup.status != HostSignup.Status.UNVERIFIED:
        return render(request, "hosting/host_signup_confirmed.html", {"signup": signup})
    if expired:
        form = NewLinkForm(initial={"email": signup.contact_email})
        context = {"form": form, "signup": signup}
        return render(request, "hosting/host_signup_link_expired.html", context, status=410)
    if request.method == "POST":
        confirm_signup(signup)
        return redirect("hosting:host_signup_confirm", token=token)
    return render(request, "hosting/host_signup_confirm.html", {"signup": signup})


@login_not_required
@require_http_methods(["GET", "POST"])
def host_signup_new_link(request):
    """Ask for a new confirmation link; the answer is the same whether the address is known or not."""
    if request.method == "POST":
        if not posts_allowed(request):
            return rate_limited(request)
        form = NewLinkForm(request.POST)
        if form.is_valid():
            if not submission_allowed(request):
                return rate_limited(request)
            send_new_link(form.cleaned_data["email"])
            messages.success(
                request,
                _(
                    "If a sign-up with this email address is waiting for confirmation, we have sent a new "
                    "link to it. Please check your inbox."
                ),
            )
            return redirect("hosting:host_signup_sent")
    else:
        form = NewLinkForm()
    return render(request, "hosting/host_signup_new_link.html", {"form": form})


class HostPasswordSetView(PasswordResetConfirmView):
    """A new company login sets its password from the link in the approval email."""

    template_name = "hosting/host_password_set.html"
    # Logged in at once: having just chosen a password, nobody should have to type it again.
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("hosting:my_company")

    def form_valid(self, form):
        messages.success(
            self.request,
            _(
                "Your password is set and you are logged in. Next time, log in with your email address "
                "and this password."
            ),
        )
        return super().form_valid(form)
