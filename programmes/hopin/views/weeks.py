"""The HOP-IN week: list, create, edit, the planner page, the automatic plan and publishing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brasite.lib.history import change_log
from brasite.lib.pages import form_page
from partnerships.access import get_municipality, role_required
from partnerships.models import School

from .. import publication, services
from ..access import get_week
from ..forms import HopInWeekForm
from ..models import HopInHost, HopInWeek, Placement
from ..placement_forms import PlanRunForm


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
    if request.user.role == request.user.Role.COORDINATOR:
        week.coordinator = request.user
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
    return publication.week_placement_rows(week)


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
    explanation = services.explain_week(week)
    placements = list(week_placements(week))
    for item in unplaced + [p.school_class for p in placements]:
        item.reason = explanation.texts.get(item.pk, "")
    can_edit = week.is_editable_by(request.user)
    has_classes = bool(unplaced or placements)
    return render(
        request,
        "programmes/hopin_week_detail.html",
        {
            "week": week,
            "coverage": week_with_coverage,
            "hosts": hosts,
            "placements": placements,
            "unplaced": unplaced,
            "has_classes": has_classes,
            "free_total": sum(host.free for host in hosts),
            "profile": explanation.row if has_classes else None,
            "policies": services.policy_profiles(week) if can_edit and has_classes else [],
            "plan_form": PlanRunForm(week=week) if can_edit else None,
            "changes": publication.plan_changes(week),
            "coordinator": publication.coordinator_contact(week),
            "sent_on": publication.sent_on(week),
            "tutor_offers": week.tutor_offers.select_related("school"),
            "tutor_gaps": services.tutor_gaps(week),
            "schools": School.objects.filter(
                Q(classes__placement__host__week=week) | Q(tutor_offers__week=week)
            ).distinct(),
            "can_edit": can_edit,
            "history": change_log(week),
        },
    )


@require_POST
@role_required(edit=True)
def hopin_plan_run(request, pk):
    """Run the plan with the chosen policy; a published plan is shown changed-to-be and confirmed first."""
    week = get_week(request, pk, edit=True)
    form = PlanRunForm(request.POST, week=week)
    if not form.is_valid():
        messages.error(request, _("Choose how the plan should be made."))
        return redirect(week)
    options = form.planner_options()
    if week.published_at and not form.cleaned_data["confirmed"]:
        preview = services.plan_week(week, dry_run=True, **options)
        current = dict(Placement.objects.filter(host__week=week).values_list("school_class", "host"))
        moved = [
            c
            for c in week.classes().select_related("school")
            if current.get(c.pk) != preview.placements.get(c.pk)
        ]
        hosts = {h.pk: h for h in week.hosts.select_related("company")}
        return render(
            request,
            "programmes/hopin_plan_confirm.html",
            {
                "week": week,
                "form": form,
                "sent_on": publication.sent_on(week),
                "moved": [
                    (c, hosts.get(current.get(c.pk)), hosts.get(preview.placements.get(c.pk))) for c in moved
                ],
                "preview": preview,
                "options": options,
            },
        )
    summary = services.plan_week(week, **options)
    level = messages.SUCCESS if not summary.unplaced else messages.WARNING
    messages.add_message(request, level, services.plan_message(summary))
    return redirect(week)


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def hopin_send_correction(request, pk):
    """Confirm, then email the changed plan to the hosts and schools whose part changed, and only them."""
    week = get_week(request, pk, edit=True)
    changes = publication.plan_changes(week)
    if request.method == "POST":
        try:
            result = publication.send_correction(week)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(week)
        messages.success(
            request,
            ngettext(
                "The correction was sent; %(count)s email.",
                "The correction was sent; %(count)s emails.",
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
    host_ids, removed = publication.concerned_hosts(changes)
    hosts = list(week.hosts.filter(pk__in=host_ids).select_related("company")) + removed
    schools = {change.school_class.school for change in changes}
    return render(
        request,
        "programmes/hopin_correction.html",
        {
            "week": week,
            "changes": changes,
            "sent_on": publication.sent_on(week),
            "hosts": sorted(hosts, key=lambda h: h.company.name),
            "schools": sorted(schools, key=lambda s: s.name),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def hopin_publish(request, pk):
    """Confirm, then publish the plan: mark it published and email every host and school their part."""
    week = get_week(request, pk, edit=True)
    if request.method == "POST":
        try:
            result = publication.publish_plan(week)
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
            "profile": services.explain_week(week).row,
            "changes": publication.plan_changes(week),
        },
    )
