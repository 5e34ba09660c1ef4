"""The profile (reminder preferences, calendar link), the calendar feed, and the hosts' yearly answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brasite.lib.calendar import to_ical
from brasite.lib.email import absolute_url
from brasite.lib.pages import form_page
from hosting.views.company_portal import company_required, get_own_company
from partnerships.access import get_agreement, role_required
from partnerships.models import User
from programmes.hopin.publication import coordinator_contact
from programmes.models import HopInHost, Placement

from .calendar import user_events
from .delivery import preferences_of
from .forms import AgreementReminderOptionForm, HostAnswerForm, PreferencesForm
from .hosts import answer_from_token, current_answer, record_answer
from .models import AgreementReminderOption, CalendarFeed
from .recipients import coordinators_by_municipality


@require_http_methods(["GET", "POST"])
@role_required(company=True)
def profile(request):
    """The user's email language, which reminders they get, and their secret calendar address."""
    preferences = preferences_of(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST, instance=preferences, user=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your preferences were saved."))
            return redirect("reminders:profile")
    else:
        form = PreferencesForm(instance=preferences, user=request.user)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "reminders/profile.html",
        {"form": form, "feed_url": absolute_url(feed.get_absolute_url()) if feed else ""},
    )


@require_POST
@role_required(company=True)
def calendar_feed_create(request):
    """A new secret calendar address; any earlier one stops working."""
    CalendarFeed.objects.filter(user=request.user).delete()
    CalendarFeed.objects.create(user=request.user)
    messages.success(
        request, _("Your calendar address was created. Add it to your calendar as a subscription.")
    )
    return redirect("reminders:profile")


@require_POST
@role_required(company=True)
def calendar_feed_revoke(request):
    CalendarFeed.objects.filter(user=request.user).delete()
    messages.success(
        request, _("Your calendar address was revoked: calendars that used it get nothing more.")
    )
    return redirect("reminders:profile")


@login_not_required
@require_GET
def calendar_feed(request, token):
    """The ICS feed behind a secret address (no login: calendar programs cannot log in)."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user__company"), token=token)
    if not feed.user.is_active:
        raise PermissionDenied
    response = HttpResponse(
        to_ical(user_events(feed.user), name=str(feed.user)), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def agreement_reminders(request, pk):
    """Whether the agreement's contact persons also hear that it ends (coordinators of the municipality)."""
    agreement = get_agreement(request, pk, edit=True)
    option = AgreementReminderOption.objects.filter(agreement=agreement).first() or AgreementReminderOption(
        agreement=agreement
    )
    form = AgreementReminderOptionForm(request.POST if request.method == "POST" else None, instance=option)
    return form_page(
        request,
        form,
        title=_("Reminders for %(title)s") % {"title": agreement.title},
        cancel_url=agreement.get_absolute_url(),
        saved=_("The reminder setting was saved."),
        redirect_to=agreement.get_absolute_url(),
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def host_answer(request, token):
    """The yearly question, answered from the signed link in the email (no login needed)."""
    answer, expired = answer_from_token(token)
    if expired:
        return render(request, "reminders/host_answer_expired.html", status=410)
    if answer is None:
        return render(request, "reminders/host_answer_invalid.html", status=400)
    if request.method == "POST":
        form = HostAnswerForm(request.POST, instance=answer)
        if form.is_valid():
            record_answer(form.save(commit=False), programmes=form.cleaned_data["programmes"])
            return redirect("reminders:host_answer_thanks", token=token)
    else:
        form = HostAnswerForm(instance=answer, initial=_initial(answer))
    return render(
        request, "reminders/host_answer.html", {"form": form, "answer": answer, "company": answer.company}
    )


@login_not_required
@require_GET
def host_answer_thanks(request, token):
    answer, expired = answer_from_token(token)
    if answer is None or not answer.answered_at:
        return render(request, "reminders/host_answer_invalid.html", status=400)
    return render(request, "reminders/host_answer_thanks.html", {"answer": answer})


def _initial(answer) -> dict:
    """A first answer starts from what the company said before: its capacity and programmes."""
    if answer.answered_at:
        return {}
    company = answer.company
    return {
        "classes": company.hosting_capacity or None,
        "programmes": list(company.programmes_of_interest.all()),
    }


@require_http_methods(["GET", "POST"])
@company_required
def company_hosting(request):
    """The company's upcoming HOP-IN weeks with their classes, its coordinators, and this year's answer."""
    company = get_own_company(request)
    answer = current_answer(company)
    if request.method == "POST":
        form = HostAnswerForm(request.POST, instance=answer)
        if form.is_valid():
            record_answer(form.save(commit=False), programmes=form.cleaned_data["programmes"])
            messages.success(request, _("Thank you: your answer was saved."))
            return redirect("reminders:company_hosting")
    else:
        form = HostAnswerForm(instance=answer, initial=_initial(answer))
    hosts = list(
        HopInHost.objects.visible_to(request.user)
        .filter(week__ends_on__gte=timezone.localdate())
        .select_related("week__municipality", "week__coordinator")
        .order_by("week__starts_on")
    )
    placements: dict[int, list] = {}
    for placement in Placement.objects.filter(host__in=hosts).select_related("school_class__school"):
        placements.setdefault(placement.host_id, []).append(placement)
    coordinators = coordinators_by_municipality(
        {company.municipality_id, *(h.week.municipality_id for h in hosts)}
    )
    return render(
        request,
        "reminders/company_hosting.html",
        {
            "company": company,
            "form": form,
            "answer": answer,
            "weeks": [(host, placements.get(host.pk, []), coordinator_contact(host.week)) for host in hosts],
            "coordinators": _distinct(
                coordinators[company.municipality_id]
                + [user for host in hosts for user in coordinators[host.week.municipality_id]]
            ),
        },
    )


def _distinct(users: list[User]) -> list[User]:
    seen, result = set(), []
    for user in users:
        if user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result
