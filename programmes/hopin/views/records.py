"""The records of a HOP-IN week: classes (typed or pasted), hosts, tutor offers and placements."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from brasite.lib.history import change_log
from brasite.lib.pages import confirm_page, form_page
from partnerships.access import role_required

from .. import publication, services
from ..access import get_host, get_placement, get_school_class, get_tutor_offer, get_week
from ..forms import ClassCountForm, ClassPasteForm, SchoolClassForm
from ..models import HopInWeek, Placement
from ..placement_forms import HopInHostForm, MoveClassForm, TutorOfferForm


@require_http_methods(["GET", "POST"])
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


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def schoolclass_paste(request, pk):
    week = get_week(request, pk, edit=True)
    if request.method == "POST":
        form = ClassPasteForm(request.POST, request.FILES, week=week)
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


@require_http_methods(["GET", "POST"])
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


def week_confirm_page(request, *, week, title, question, losses, action, button):
    """The one-step-back page before a removal: what will be lost, a button that does it, and a way back."""
    return render(
        request,
        "programmes/hopin_confirm.html",
        {
            "week": week,
            "title": title,
            "question": question,
            "losses": losses,
            "action": action,
            "button": button,
            "sent_on": publication.sent_on(week) if week.published_at else None,
        },
    )


def placement_losses(week, placements) -> list[str]:
    """What removing these placements loses, in sentences: locked ones and a plan that was sent."""
    placements = list(placements)
    losses = []
    if placements:
        losses.append(
            ngettext(
                "%(count)s placed class loses its place.",
                "%(count)s placed classes lose their place.",
                len(placements),
            )
            % {"count": len(placements)}
        )
    locked = [p for p in placements if p.locked]
    if locked:
        losses.append(
            ngettext(
                "%(count)s of them is locked (%(names)s); the plan will not bring it back.",
                "%(count)s of them are locked (%(names)s); the plan will not bring them back.",
                len(locked),
            )
            % {"count": len(locked), "names": ", ".join(str(p.school_class) for p in locked)}
        )
    if placements and week.published_at:
        losses.append(
            _(
                "The plan was sent on %(date)s; the hosts and schools concerned must be told "
                "(you can send them a correction)."
            )
            % {"date": date_format(timezone.localtime(publication.sent_on(week)), "SHORT_DATETIME_FORMAT")}
        )
    return losses


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def schoolclass_delete(request, pk):
    school_class = get_school_class(request, pk, edit=True)
    week = week_of_class(school_class)
    if request.method == "POST":
        school_class.delete()
        messages.success(request, _("The class %(name)s was removed.") % {"name": school_class})
        return redirect(week)
    placements = Placement.objects.filter(school_class=school_class).select_related("school_class__school")
    return week_confirm_page(
        request,
        week=week,
        title=_("Remove the class %(name)s?") % {"name": school_class},
        question=_("The class and its wishes are removed from the week."),
        losses=placement_losses(week, placements),
        action=reverse("programmes:schoolclass_delete", args=[school_class.pk]),
        button=_("Remove the class"),
    )


@require_http_methods(["GET", "POST"])
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


@require_POST
@role_required(edit=True)
def host_add_approved(request, pk):
    week = get_week(request, pk, edit=True)
    added = services.add_approved_hosts(week)
    messages.success(
        request,
        ngettext("%(count)s host was added.", "%(count)s hosts were added.", added) % {"count": added},
    )
    return redirect(week)


@require_http_methods(["GET", "POST"])
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


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def host_delete(request, pk):
    """Ask first (what is lost: placed and locked classes, a sent plan), then remove the host."""
    host = get_host(request, pk, edit=True)
    if request.method == "POST":
        host.delete()
        messages.success(
            request, _("%(name)s is no longer a host; its classes are unplaced.") % {"name": host}
        )
        return redirect(host.week)
    placements = host.placements.select_related("school_class__school")
    return week_confirm_page(
        request,
        week=host.week,
        title=_("Remove %(name)s as a host?") % {"name": host},
        question=_("The company is no longer a host in this week; its capacity and preferences are removed."),
        losses=placement_losses(host.week, placements),
        action=reverse("programmes:host_delete", args=[host.pk]),
        button=_("Remove the host"),
    )


@require_http_methods(["GET", "POST"])
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


@require_http_methods(["GET", "POST"])
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


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def tutoroffer_delete(request, pk):
    offer = get_tutor_offer(request, pk, edit=True)
    return confirm_page(
        request,
        title=_("Remove the tutor offer of %(school)s") % {"school": offer.school},
        losses=[
            _("%(school)s's offer of %(tutors)s tutors for the week.")
            % {"school": offer.school, "tutors": offer.tutors},
            _("Tutors already shared over the classes stay until the plan is run again."),
        ],
        action=offer.delete,
        done=_("The tutor offer was removed."),
        back_url=offer.week.get_absolute_url(),
        button=_("Yes, remove it"),
    )


@require_http_methods(["GET", "POST"])
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
        request,
        "programmes/placement_move.html",
        {
            "form": form,
            "week": week,
            "school_class": school_class,
            "sent_on": publication.sent_on(week) if week.published_at else None,
        },
    )


@require_POST
@role_required(edit=True)
def placement_lock(request, pk):
    placement = get_placement(request, pk, edit=True)
    services.set_locked(placement, True)
    messages.success(request, _("%(placement)s is locked.") % {"placement": placement})
    return redirect(placement.host.week)


@require_POST
@role_required(edit=True)
def placement_unlock(request, pk):
    placement = get_placement(request, pk, edit=True)
    services.set_locked(placement, False)
    messages.success(request, _("%(placement)s is unlocked.") % {"placement": placement})
    return redirect(placement.host.week)


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def placement_delete(request, pk):
    placement = get_placement(request, pk, edit=True)
    week = placement.host.week
    if request.method == "POST":
        placement.delete()
        messages.success(request, _("%(cls)s is no longer placed.") % {"cls": placement.school_class})
        return redirect(week)
    return week_confirm_page(
        request,
        week=week,
        title=_("Unplace %(cls)s?") % {"cls": placement.school_class},
        question=_("%(cls)s will no longer be placed with %(host)s.")
        % {"cls": placement.school_class, "host": placement.host},
        losses=placement_losses(week, [placement]),
        action=reverse("programmes:placement_delete", args=[placement.pk]),
        button=_("Unplace the class"),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def classcount_update(request, pk):
    """The number of classes of the week's grade at each school: what the coverage is measured against."""
    week = get_week(request, pk, edit=True)
    if request.method == "POST":
        form = ClassCountForm(request.POST, week=week)
        if form.is_valid():
            form.save()
            messages.success(request, _("The numbers of classes were saved."))
            return redirect(week)
    else:
        form = ClassCountForm(week=week)
    return render(request, "programmes/hopin_classcounts.html", {"form": form, "week": week})
