"""Jet-Net outreach steps and the "Sammen skaber vi fremtidens skole" network, per municipality."""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnerships.history import change_log
from partnerships.models import Municipality
from partnerships.views.access import role_required

from .access import (
    get_municipality_for,
    get_network_member,
    get_outreach,
    get_resource_person,
    get_training,
)
from .figures import FREMTIDENS, JETNET, fremtidens_figures, jetnet_progress, latest_hopin_weeks
from .forms import NetworkMemberForm, OutreachActivityForm, ResourcePersonForm, TeacherTrainingForm
from .models import Programme
from .network_models import NetworkMember, OutreachActivity, ResourcePerson, TeacherTraining
from .work import form_page


@require_GET
@role_required()
def work_index(request):
    """Every municipality the user may see, with its programmes' work pages."""
    municipalities = list(
        Municipality.objects.visible_to(request.user).prefetch_related("participations__programme")
    )
    weeks = {week.municipality_id: week for week in latest_hopin_weeks(municipalities)}
    for municipality in municipalities:
        slugs = {p.programme.slug for p in municipality.participations.all()}
        municipality.in_jetnet = JETNET in slugs
        municipality.in_fremtidens = FREMTIDENS in slugs
        municipality.hopin_week = weeks.get(municipality.pk)
    return render(request, "programmes/work_index.html", {"municipalities": municipalities})


def jetnet_url(municipality) -> str:
    return reverse("programmes:outreach_list", args=[municipality.slug])


@role_required()
def outreach_list(request, slug):
    municipality = get_municipality_for(request, slug)
    return render(
        request,
        "programmes/outreach_list.html",
        {
            "municipality": municipality,
            "progress": jetnet_progress([municipality])[0],
            "activities": OutreachActivity.objects.filter(municipality=municipality),
            "can_edit": request.user.can_edit_in(municipality.pk),
        },
    )


@role_required(edit=True)
def outreach_create(request, slug):
    municipality = get_municipality_for(request, slug, edit=True)
    return form_page(
        request,
        OutreachActivityForm(
            request.POST if request.method == "POST" else None,
            instance=OutreachActivity(municipality=municipality),
            initial={"date": timezone.localdate()},
        ),
        title=_("New outreach activity in %(name)s") % {"name": municipality.name},
        cancel_url=jetnet_url(municipality),
        saved=_("The outreach activity was added."),
        redirect_to=jetnet_url(municipality),
    )


@role_required(edit=True)
def outreach_update(request, pk):
    activity = get_outreach(request, pk, edit=True)
    return form_page(
        request,
        OutreachActivityForm(request.POST if request.method == "POST" else None, instance=activity),
        title=_("Edit outreach activity"),
        cancel_url=jetnet_url(activity.municipality),
        saved=_("The outreach activity was saved."),
        redirect_to=jetnet_url(activity.municipality),
        history=change_log(activity),
    )


@role_required(edit=True)
def outreach_delete(request, pk):
    activity = get_outreach(request, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    activity.delete()
    messages.success(request, _("The outreach activity was removed."))
    return redirect(jetnet_url(activity.municipality))


def network_url(municipality) -> str:
    return reverse("programmes:network_overview", args=[municipality.slug])


@role_required()
def network_overview(request, slug):
    municipality = get_municipality_for(request, slug)
    programme = Programme.objects.filter(slug=FREMTIDENS).first()
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


@role_required(edit=True)
def training_create(request, slug):
    municipality = get_municipality_for(request, slug, edit=True)
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


@role_required(edit=True)
def training_delete(request, pk):
    training = get_training(request, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    training.delete()
    messages.success(request, _("The teacher training session was removed."))
    return redirect(network_url(training.school.municipality))


@role_required(edit=True)
def resource_person_create(request, slug):
    municipality = get_municipality_for(request, slug, edit=True)
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


@role_required(edit=True)
def resource_person_export(request, pk):
    """Everything stored about a resource person, with its change history, as JSON (a data access request)."""
    person = get_resource_person(request, pk, edit=True)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    data = {
        "resource_person": {
            "name": person.name,
            "organisation": person.organisation,
            "role": person.role,
            "municipality": person.municipality.name,
        },
        "history": [
            {
                "date": record.history_date,
                "change": record.get_history_type_display(),
                "name": record.name,
                "organisation": record.organisation,
                "role": record.role,
            }
            for record in person.history.order_by("history_date", "history_id")
        ],
    }
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="resource-person-{person.pk}.json"'
    return response


@role_required(edit=True)
def resource_person_erase(request, pk):
    """Delete a resource person and every history row that holds a copy of their data."""
    person = get_resource_person(request, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    with transaction.atomic():
        person_id, municipality = person.pk, person.municipality
        person.delete()
        ResourcePerson.history.filter(id=person_id).delete()
    messages.success(request, _("The resource person and their history were erased."))
    return redirect(network_url(municipality))


@role_required(edit=True)
def network_member_create(request, slug):
    municipality = get_municipality_for(request, slug, edit=True)
    return form_page(
        request,
        NetworkMemberForm(request.POST if request.method == "POST" else None, municipality=municipality),
        title=_("New network member"),
        cancel_url=network_url(municipality),
        saved=_("The network member was added."),
        redirect_to=network_url(municipality),
    )


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


@role_required(edit=True)
def network_member_delete(request, pk):
    member = get_network_member(request, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member.delete()
    messages.success(request, _("%(name)s was removed from the network.") % {"name": member.company.name})
    return redirect(network_url(member.municipality))
