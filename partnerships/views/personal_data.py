"""A contact person's data for coordinators: export everything as JSON, and erase it."""

import json

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..hosting import PersonalData, contact_data, erase_contact
from .access import get_contact, role_required


@role_required(edit=True)
def contact_export(request, pk):
    person = get_contact(request, pk, edit=True)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    body = json.dumps(contact_data(person, user=request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contact-person-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(edit=True)
def contact_erase(request, pk):
    person = get_contact(request, pk, edit=True)
    organisation = person.organisation
    if request.method == "POST":
        erase_contact(person, by=request.user)
        messages.success(request, _("The contact person's personal data were erased."))
        return redirect(organisation)
    context = {
        "person": person,
        "organisation": organisation,
        "held": PersonalData.of(person, user=request.user),
    }
    return render(request, "partnerships/contact_erase.html", context)
