"""The HOP-IN week planner: classes, hosts, tutors, the automatic plan, hand moves, print, export, publish."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partnerships.exports import csv_response, xlsx_response
from partnerships.history import change_log
from partnerships.models import School
from partnerships.views.access import role_required

from . import planning, services
from .access import get_host, get_municipality_for, get_placement, get_school_class, get_tutor_offer, get_week
from .forms import (
    ClassPasteForm,
    HopInHostForm,
    HopInWeekForm,
    MoveClassForm,
    SchoolClassForm,
    TutorOfferForm,
)
from .hopin_models import HopInHost, HopInWeek, Placement
from .work import form_page


@role_required()
def hopin_week_list(request, slug):
    municipality = get_municipality_for(request, slug)
    weeks = HopInWeek.objects.filter(municipality=municipality).with_coverage()
    return render(
        request,
        "programmes/hopin_week_list.html",
        {"municipality": municipality, "weeks": weeks, "can_edit": request.user.can_edit_in(municipality.pk)},
    )


@role_required(edit=True)
def hopin_week_create(request, slug):
    municipality = get_municipality_for(request, slug, edit=True)
    week = HopInWeek(municipality=municipality)
    return form_page(
        request,
        HopInWeekForm(request.POST if request.method == "POST" else None, instance=week),
        title=_("New HOP-IN week in %(name)s") % {"name": municipality.name},
        cancel_url=reverse("programmes:hopin_week_list", args=[municipality.slug]),
        saved=_("The HOP-IN week was created. Now add classes, hosts and tutors."),
    )


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


@role_required()
def hopin_week_detail(request, pk):
    week = get_week(request, pk)
    week_with_coverage = HopInWeek.objects.with_coverage().get(pk=week.pk)
    hosts = list(week.hosts.with_load().select_related("company").order_by("company__name"))
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


@role_required(edit=True)
def schoolclass_create(request, pk):
    week = get_week(request, pk, edit=True)
    return form_page(
        request,
        SchoolClassForm(request.POST if request.method == "POST" else None, week=week),
        title=_("New class"),
        cancel_url=week.get_absolute_url(),
        saved=_("The class was added."),
        redirect_to=week.get_absolute_url(),
    )


@role_required(edit=True)
def schoolclass_paste(request, pk):
    week = get_week(request, pk, edit=True)
    if request.method == "POST":
        form = ClassPasteForm(request.POST, week=week)
        if form.is_valid():
            created = form.save()
            messages.success(
                request,
                ngettext("%(count)s class was added.", "%(count)s classes were added.", len(created))
                % {"count": len(created)},
            )
            return redirect(week)
    else:
        form = ClassPasteForm(week=week)
    return render(request, "programmes/schoolclass_paste.html", {"form": form, "week": week})


def week_of_class(school_class) -> HopInWeek:
    return get_object_or_404(
        HopInWeek,
        municipality=school_class.school.municipality_id,
        school_year=school_class.school_year,
    )


@role_required(edit=True)
def schoolclass_update(request, pk):
    school_class = get_school_class(request, pk, edit=True)
    week = week_of_class(school_class)
    return form_page(
        request,
        SchoolClassForm(request.POST if request.method == "POST" else None, instance=school_class, week=week),
        title=_("Edit class %(name)s") % {"name": school_class},
        cancel_url=week.get_absolute_url(),
        saved=_("The class was saved."),
        redirect_to=week.get_absolute_url(),
        history=change_log(school_class),
    )


@role_required(edit=True)
def schoolclass_delete(request, pk):
    school_class = get_school_class(request, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    week = week_of_class(school_class)
    school_class.delete()
    messages.success(request, _("The class %(name)s was removed.") % {"name": school_class})
    return redirect(week)


@role_required(edit=True)
def host_create(request, pk):
    week = get_week(request, pk, edit=True)
    return form_page(
        request,
        HopInHostForm(request.POST if request.method == "POST" else None, week=week),
        title=_("New host"),
        cancel_url=week.get_absolute_url(),
        saved=_("The host was added."),
        redirect_to=week.get_absolute_url(),
    )


@role_required(edit=True)
def host_add_approved(request, pk):
    week = get_week(request, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    added = services.add_approved_hosts(week)
    messages.success(
        request,
        ngettext("%(count)s host was added.", "%(count)s hosts were added.", added) % {"count": added},
    )
    return redirect(week)


@role_required(edit=True)
def host_update(request, pk):
    host = get_host(request, pk, edit=True)
    return form_page(
        request,
        HopInHostForm(request.POST if request.method == "POST" else None, instance=host, week=host.week),
        title=_("Edit host %(name)s") % {"name": host.company.name},
        cancel_url=host.week.get_absolute_url(),
        saved=_("The host was saved."),
        redirect_to=host.week.get_absolute_url(),
        history=change_log(host),
    )


@role_required(edit=True)
def host_delete(request, pk):
    host = get_host(request, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    host.delete()
    messages.success(request, _("%(name)s is no longer a host; its classes are unplaced.") % {"name": host})
    return redirect(host.week)


@role_required(edit=True)
def tutoroffer_create(request, pk):
    week = get_week(request, pk, edit=True)
    return form_page(
        request,
        TutorOfferForm(request.POST if request.method == "POST" else None, week=week),
        title=_("New tutor offer"),
        cancel_url=week.get_absolute_url(),
        saved=_("The tutor offer was added. Run the plan to share the tutors over the classes."),
        redirect_to=week.get_absolute_url(),
    )


@role_required(edit=True)
def tutoroffer_update(request, pk):
    offer = get_tutor_offer(request, pk, edit=True)
    return form_page(
        request,
        TutorOfferForm(request.POST if request.method == "POST" else None, instance=offer, week=offer.week),
        title=_("Edit tutor offer"),
        cancel_url=offer.week.get_absolute_url(),
        saved=_("The tutor offer was saved. Run the plan to share the tutors over the classes."),
        redirect_to=offer.week.get_absolute_url(),
    )


@role_required(edit=True)
def tutoroffer_delete(request, pk):
    offer = get_tutor_offer(request, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    offer.delete()
    messages.success(request, _("The tutor offer was removed."))
    return redirect(offer.week)


@role_required(edit=True)
def hopin_plan_run(request, pk):
    week = get_week(request, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    summary = services.plan_week(week)
    level = messages.SUCCESS if not summary.unplaced else messages.WARNING
    messages.add_message(request, level, services.plan_message(summary))
    return redirect(week)


@role_required(edit=True)
def placement_move(request, pk):
    """Place one class with a host chosen by hand (the placement is locked)."""
    school_class = get_school_class(request, pk, edit=True)
    week = week_of_class(school_class)
    if request.method == "POST":
        form = MoveClassForm(request.POST, week=week)
        if form.is_valid():
            try:
                services.move_class(school_class, form.cleaned_data["host"])
            except ValidationError as error:
                form.add_error("host", error)
            else:
                messages.success(
                    request,
                    _("%(cls)s is placed with %(host)s and locked.")
                    % {"cls": school_class, "host": form.cleaned_data["host"]},
                )
                return redirect(week)
    else:
        current = Placement.objects.filter(school_class=school_class).first()
        form = MoveClassForm(week=week, initial={"host": current.host_id if current else None})
    return render(
        request, "programmes/placement_move.html", {"form": form, "week": week, "school_class": school_class}
    )


@role_required(edit=True)
def placement_lock(request, pk):
    placement = get_placement(request, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.set_locked(placement, True)
    messages.success(request, _("%(placement)s is locked.") % {"placement": placement})
    return redirect(placement.host.week)


@role_required(edit=True)
def placement_unlock(request, pk):
    placement = get_placement(request, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.set_locked(placement, False)
    messages.success(request, _("%(placement)s is unlocked.") % {"placement": placement})
    return redirect(placement.host.week)


@role_required(edit=True)
def placement_delete(request, pk):
    placement = get_placement(request, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    placement.delete()
    messages.success(request, _("%(cls)s is no longer placed.") % {"cls": placement.school_class})
    return redirect(placement.host.week)


@role_required(edit=True)
def hopin_publish(request, pk):
    """Confirm, then publish the plan: mark it published and email every host and school their part."""
    week = get_week(request, pk, edit=True)
    if request.method == "POST":
        try:
            result = services.publish_plan(week, base_url=request.build_absolute_uri("/"))
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


@role_required()
def hopin_print_school(request, pk, school_pk):
    week = get_week(request, pk)
    school = get_object_or_404(School, pk=school_pk, municipality=week.municipality_id)
    placements = week_placements(week).filter(Q(school_class__school=school) | Q(tutor_school=school))
    return render(
        request,
        "programmes/hopin_print_school.html",
        {"week": week, "school": school, "placements": placements},
    )


@role_required(company=True)
def hopin_print_host(request, pk, host_pk):
    host = get_host(request, host_pk, week_pk=pk)
    week = host.week
    return render(
        request,
        "programmes/hopin_print_host.html",
        {
            "week": week,
            "host": host,
            "placements": week_placements(week).filter(host=host),
            "contacts": host.company.contacts.all(),
        },
    )


EXPORT_HEADERS = [
    "Skole",
    "Klasse",
    "Elever",
    "Vært",
    "CVR-nummer",
    "Postnummer",
    "Låst",
    "Tutorer fra",
    "Tutorer",
]


def export_rows(week: HopInWeek):
    with translation.override("da"):
        for p in week_placements(week):
            yield [
                p.school_class.school.name,
                p.school_class.name,
                p.school_class.pupils,
                p.host.company.name,
                p.host.company.cvr,
                p.host.company.postcode,
                "ja" if p.locked else "nej",
                p.tutor_school.name if p.tutor_school else "",
                p.tutors,
            ]


def export_filename(week: HopInWeek, extension: str) -> str:
    return f"hop-in-{week.municipality.slug}-{week.school_year}.{extension}"


@role_required()
def hopin_export_csv(request, pk):
    week = get_week(request, pk)
    return csv_response(export_filename(week, "csv"), EXPORT_HEADERS, export_rows(week))


@role_required()
def hopin_export_xlsx(request, pk):
    week = get_week(request, pk)
    unplaced = [
        [c.school.name, c.name, c.pupils]
        for c in week.classes().unplaced().select_related("school").order_by("school__name", "name")
    ]
    free = [
        [h.company.name, h.capacity, h.free]
        for h in week.hosts.with_load().select_related("company").order_by("company__name")
    ]
    return xlsx_response(
        export_filename(week, "xlsx"),
        [
            ("Placeringer", EXPORT_HEADERS, export_rows(week)),
            ("Ikke placeret", ["Skole", "Klasse", "Elever"], unplaced),
            ("Værter", ["Vært", "Kapacitet", "Ledige pladser"], free),
        ],
    )
