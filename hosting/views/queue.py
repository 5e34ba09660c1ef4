"""The coordinators' queue of confirmed host sign-ups: approve or reject each one, or move it to a registered
company it turns out to be."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brasite.lib.exports import spreadsheet_response
from partnerships.access import get_company, get_visible, role_required
from partnerships.filters import in_municipality
from partnerships.models import Company

from ..forms import RejectSignupForm
from ..models import HostSignup
from ..services import (
    approve_signup,
    attach_signup,
    reject_signup,
    similar_companies_by_signup,
    waiting_signups,
)


def get_signup(request, pk: int, *, edit: bool = False) -> HostSignup:
    signups = HostSignup.objects.select_related("company", "municipality", "contact")
    return get_visible(signups, request, edit=edit, pk=pk)


@require_GET
@role_required()
def host_signup_queue(request):
    user = request.user
    signups, choice = in_municipality(request, waiting_signups(user))
    signups = list(signups)
    similar = similar_companies_by_signup(signups)
    pks = {company.pk for companies in similar.values() for company in companies}
    visible = (
        set(Company.objects.visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))
        if pks
        else set()
    )
    for signup in signups:
        signup.similar = [
            {
                "company": company,
                "visible": company.pk in visible,
                "can_attach": user.may_edit and company.is_editable_by(user) and signup.is_editable_by(user),
            }
            for company in similar[signup.pk]
        ]
    return render(
        request,
        "hosting/host_signup_queue.html",
        {"signups": signups, "can_decide": user.may_edit, **choice},
    )


@require_GET
@role_required()
def host_signup_export(request, fmt):
    """The waiting sign-ups with their contact persons, as a spreadsheet (headings in Danish)."""
    headers = ["Virksomhed", "CVR-nummer", "Kommune", "Postnummer", "Værtskapacitet", "Kontaktperson",
               "Stilling", "E-mail", "Telefon", "Indsendt", "E-mail bekræftet"]  # fmt: skip
    rows = [
        [s.name, s.cvr, s.municipality.name, s.postcode, s.hosting_capacity, s.contact_name, s.contact_role,
         s.contact_email, str(s.contact_phone or ""), timezone.localtime(s.submitted_at).date(),
         timezone.localtime(s.verified_at).date() if s.verified_at else None]
        for s in waiting_signups(request.user)
    ]  # fmt: skip
    return spreadsheet_response(
        fmt, filename="vaertstilmeldinger", title="Værtstilmeldinger", headers=headers, rows=rows
    )


def already_decided(request):
    messages.info(request, _("This sign-up has already been decided."))
    return redirect("hosting:host_signup_queue")


@require_http_methods(["GET", "POST"])
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
        return redirect("hosting:host_signup_queue")
    if signup.status != HostSignup.Status.WAITING:
        return already_decided(request)
    return render(request, "hosting/host_signup_approve.html", {"signup": signup})


@require_http_methods(["GET", "POST"])
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
            return redirect("hosting:host_signup_queue")
    else:
        form = RejectSignupForm()
    return render(request, "hosting/host_signup_reject.html", {"signup": signup, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def host_signup_attach(request, pk, company_pk):
    """GET asks; POST moves the sign-up to a registered company and deletes the pending one made from it."""
    signup = get_signup(request, pk, edit=True)
    company = get_company(request, company_pk, edit=True)
    if request.method == "POST":
        try:
            attach_signup(signup, company, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The sign-up now belongs to %(name)s. Approve or reject it as usual.")
                % {"name": company.name},
            )
        return redirect("hosting:host_signup_queue")
    if signup.status != HostSignup.Status.WAITING:
        return already_decided(request)
    return render(request, "hosting/host_signup_attach.html", {"signup": signup, "company": company})
