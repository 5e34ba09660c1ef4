"""Sammen skaber vi fremtidens skole: a municipality's trainings, resource persons and network."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brasite.lib.history import change_log
from brasite.lib.pages import confirm_page, form_page
from partnerships.access import get_municipality, role_required
from partnerships.models import Municipality, Programme

from ..figures import FREMTIDENS
from .access import get_network_member, get_resource_person, get_training
from .figures import fremtidens_figures
from .forms import NetworkMemberForm, ResourcePersonForm, TeacherTrainingForm
from .models import NetworkMember, ResourcePerson, TeacherTraining


def network_url(municipality) -> str:
    return reverse("programmes:network_overview", args=[municipality.slug])


@require_GET
@role_required()
def network_overview(request, slug):
    municipality = get_municipality(request, slug)
    programme = Programme.objects.of_kind(FREMTIDENS)
    return render(
        request,
        "programmes/network_overview.html",
        {
            "municipality": municipality,
            "figures": fremtidens_figures(Municipality.objects.filter(pk=municipality.pk), programme).get(),
            "trainings": TeacherTraining.objects.filter(school__municipality=municipality).select_related(
                "school"
            ),
            "persons": ResourcePerson.objects.filter(municipality=municipality),
            "members": NetworkMember.objects.filter(municipality=municipality)
            .select_related("company")
            .prefetch_related("schools"),
            "can_edit": request.user.can_edit_in(municipality.pk),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def training_create(request, slug):
    municipality = get_municipality(request, slug, edit=True)
    return form_page(
        request,
        TeacherTrainingForm(
            request.POST if request.method == "POST" else None,
            municipality=municipality,
            initial={"date": timezone.localdate()},
        ),
        title=_("New teacher training session"),
        cancel_url=network_url(municipality),
        saved=_("The teacher training session was added."),
        redirect_to=network_url(municipality),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def training_update(request, pk):
    training = get_training(request, pk, edit=True)
    municipality = training.school.municipality
    return form_page(
        request,
        TeacherTrainingForm(
            request.POST if request.method == "POST" else None, instance=training, municipality=municipality
        ),
        title=_("Edit teacher training session"),
        cancel_url=network_url(municipality),
        saved=_("The teacher training session was saved."),
        redirect_to=network_url(municipality),
        history=change_log(training),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def training_delete(request, pk):
    training = get_training(request, pk, edit=True)
    return confirm_page(
        request,
        title=_("Remove the teacher training session"),
        losses=[
            _("The session of %(date)s at %(school)s: %(teachers)s teachers trained in %(focus)s.")
            % {
                "date": date_format(training.date, "SHORT_DATE_FORMAT"),
                "school": training.school,
                "teachers": training.teachers_trained,
                "focus": training.subject_focus or "–",
            },
            _("It no longer counts in the network's figures."),
        ],
        action=training.delete,
        done=_("The teacher training session was removed."),
        back_url=network_url(training.school.municipality),
        button=_("Yes, remove it"),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def resource_person_create(request, slug):
    municipality = get_municipality(request, slug, edit=True)
    return form_page(
        request,
        ResourcePersonForm(
            request.POST if request.method == "POST" else None,
            instance=ResourcePerson(municipality=municipality),
        ),
        title=_("New resource person"),
        cancel_url=network_url(municipality),
        saved=_("The resource person was added."),
        redirect_to=network_url(municipality),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def resource_person_update(request, pk):
    person = get_resource_person(request, pk, edit=True)
    return form_page(
        request,
        ResourcePersonForm(request.POST if request.method == "POST" else None, instance=person),
        title=_("Edit resource person"),
        cancel_url=network_url(person.municipality),
        saved=_("The resource person was saved."),
        redirect_to=network_url(person.municipality),
        history=change_log(person),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def network_member_create(request, slug):
    municipality = get_municipality(request, slug, edit=True)
    return form_page(
        request,
        NetworkMemberForm(request.POST if request.method == "POST" else None, municipality=municipality),
        title=_("New network member"),
        cancel_url=network_url(municipality),
        saved=_("The network member was added."),
        redirect_to=network_url(municipality),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def network_member_update(request, pk):
    member = get_network_member(request, pk, edit=True)
    return form_page(
        request,
        NetworkMemberForm(
            request.POST if request.method == "POST" else None,
            instance=member,
            municipality=member.municipality,
        ),
        title=_("Edit network member %(name)s") % {"name": member.company.name},
        cancel_url=network_url(member.municipality),
        saved=_("The network member was saved."),
        redirect_to=network_url(member.municipality),
        history=change_log(member),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def network_member_delete(request, pk):
    member = get_network_member(request, pk, edit=True)
    schools = ", ".join(str(school) for school in member.schools.all())
    losses = [_("%(name)s's membership of the network.") % {"name": member.company.name}]
    if schools:
        losses.append(_("Its ties to these schools: %(schools)s.") % {"schools": schools})
    if member.notes:
        losses.append(_("The notes: %(notes)s") % {"notes": member.notes})
    return confirm_page(
        request,
        title=_("Remove %(name)s from the network") % {"name": member.company.name},
        losses=losses,
        action=member.delete,
        done=_("%(name)s was removed from the network.") % {"name": member.company.name},
        back_url=network_url(member.municipality),
        button=_("Yes, remove it"),
    )
