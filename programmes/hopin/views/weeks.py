"""The HOP-IN week: list, create, edit, the planner page, the automatic plan and publishing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brasite.lib.history import change_log
from brasite.lib.pages import form_page
from partnerships.access import get_municipality, role_required
from partnerships.models import School

from .. import planning, services
from ..access import get_week
from ..forms import HopInWeekForm
from ..models import HopInHost, HopInWeek, Placement


@require_GET
@role_required()
def hopin_week_list(request, slug):
    municipality = get_municipality(request, slug)
    weeks = HopInWeek.objects.filter(municipality=municipality).with_coverage()
    return render(
        request,
        "programmes/hopin_week_list.html",
        {"municipality": municipality, "weeks": weeks, "can_edit": request.user.can_edit_in(municipality.pk)},
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def hopin_week_create(request, slug):
    municipality = get_municipality(request, slug, edit=True)
    week = HopInWeek(municipality=municipality)
    return form_page(
        request,
        HopInWeekForm(request.POST if request.method == "POST" else None, instance=week),
        title=_("New HOP-IN week in %(name)s") % {"name": municipality.name},
        cancel_url=reverse("programmes:hopin_week_list", args=[municipality.slug]),
        saved=_("The HOP-IN week was created. Now add classes, hosts and tutors."),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def hopin_week_update(request, pk):
    week = get_week(request, pk, edit=True)
    return form_page(
        request,
        HopInWeekForm(request.POST if request.method == "POST" else None, instance=week),
        title=_("Edit %(week)s") % {"week": week},
        cancel_url=week.get_absolute_url(),
        saved=_("The HOP-IN week was saved."),
    )


def week_placements(week: HopInWeek):
    return (
        Placement.objects.filter(host__week=week)
        .select_related("school_class__school", "host__company", "tutor_school")
        .order_by("school_class__school__name", "school_class__name")
    )


def with_match(placements, week: HopInWeek) -> list[Placement]:
    """Attach how well each placement fits its class (wish, preference, distance) for display."""
    placements = list(placements)
    preferred = {
        host.pk: frozenset(school.pk for school in host.preferred_schools.all())
        for host in week.hosts.prefetch_related("preferred_schools")
    }
    labels = dict(MATCH_LABELS)
    for p in placements:
        c, company = p.school_class, p.host.company
        # Wishes name companies, so the company id stands in for the host id here.
        level = planning.match(
            planning.ClassInput(c.pk, c.school_id, c.school.postcode, tuple(c.wish_ids)),
            planning.HostInput(company.pk, p.host.capacity, company.postcode, preferred[p.host_id]),
        )
        p.match = labels[level]
    return placements


# Lazy: the labels are shown in the language of each request, not the one at import time.
MATCH_LABELS = [
    (planning.Match.WISH_1, gettext_lazy("first wish")),
    (planning.Match.WISH_2, gettext_lazy("second wish")),
    (planning.Match.WISH_3, gettext_lazy("third wish")),
    (planning.Match.PREFERRED_SCHOOL, gettext_lazy("host prefers the school")),
    (planning.Match.SAME_POSTCODE, gettext_lazy("same postcode")),
    (planning.Match.SAME_AREA, gettext_lazy("same postcode area")),
    (planning.Match.OTHER, gettext_lazy("free place elsewhere")),
]


@require_GET
@role_required()
def hopin_week_detail(request, pk):
    week = get_week(request, pk)
    week_with_coverage = HopInWeek.objects.with_coverage().get(pk=week.pk)
    hosts = list(
        week.hosts.with_load()
        .select_related("company")
        .prefetch_related("company__yearly_host_answers")
        .order_by("company__name")
    )
    for host in hosts:
        host.yearly_answer = host.company.answer_for(week.school_year)
    previous = week.previous()
    if previous is not None:
        answers = dict(previous.hosts.values_list("company", "will_host_again"))
        labels = dict(HopInHost.Answer.choices)
        for host in hosts:
            host.last_answer = labels[answers[host.company_id]] if host.company_id in answers else None
    unplaced = list(
        week.classes()
        .unplaced()
        .select_related("school", "wish_1", "wish_2", "wish_3")
        .order_by("school__name", "name")
    )
    free_total = sum(host.free for host in hosts)
    reason = services.unplaced_reason(
        planning.Reason.NO_HOSTS if not any(h.capacity for h in hosts) else planning.Reason.NO_CAPACITY, []
    )
    for school_class in unplaced:
        school_class.reason = (
            reason if not free_total else _("Not placed yet: run the plan or place it by hand.")
        )
    return render(
        request,
        "programmes/hopin_week_detail.html",
        {
            "week": week,
            "coverage": week_with_coverage,
            "hosts": hosts,
            "placements": with_match(week_placements(week), week),
            "unplaced": unplaced,
            "free_total": free_total,
            "tutor_offers": week.tutor_offers.select_related("school"),
            "schools": School.objects.filter(
                Q(classes__placement__host__week=week) | Q(tutor_offers__week=week)
            ).distinct(),
            "can_edit": week.is_editable_by(request.user),
            "history": change_log(week),
        },
    )


@require_POST
@role_required(edit=True)
def hopin_plan_run(request, pk):
    week = get_week(request, pk, edit=True)
    summary = services.plan_week(week)
    level = messages.SUCCESS if not summary.unplaced else messages.WARNING
    messages.add_message(request, level, services.plan_message(summary))
    return redirect(week)


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def hopin_publish(request, pk):
    """Confirm, then publish the plan: mark it published and email every host and school their part."""
    week = get_week(request, pk, edit=True)
    if request.method == "POST":
        try:
            result = services.publish_plan(week)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(week)
        messages.success(
            request,
            ngettext(
                "The plan is published; %(count)s email was sent.",
                "The plan is published; %(count)s emails were sent.",
                result.sent,
            )
            % {"count": result.sent},
        )
        missing = result.hosts_without_email + result.schools_without_email
        if missing:
            messages.warning(
                request,
                _("No contact person with an email address for: %(names)s. Send them their part yourself.")
                % {"names": ", ".join(missing)},
            )
        return redirect(week)
    placements = week_placements(week)
    return render(
        request,
        "programmes/hopin_publish.html",
        {
            "week": week,
            "host_count": len({p.host_id for p in placements}),
            "school_count": len({p.school_class.school_id for p in placements}),
        },
    )
