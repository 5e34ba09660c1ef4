"""A company's own pages: its profile, contact persons, hosting capacity and agreements (read only)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brasite.lib.pages import confirm_page
from brasite.lib.versioning import conflict_status, save_versioned
from partnerships.contacts import removal_losses, remove_contact_person
from partnerships.forms import ContactPersonForm
from partnerships.models import Company, ContactPerson, CooperationAgreement

from ..forms import CompanyProfileForm


def company_required(view):
    """Only the logins of a company (role company with a company set) may use these pages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_company_user:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def get_own_company(request) -> Company:
    companies = Company.objects.visible_to(request.user).select_related("municipality")
    return get_object_or_404(companies, pk=request.user.company_id)


def get_own_contact(request, pk: int) -> ContactPerson:
    return get_object_or_404(ContactPerson.objects.filter(company=request.user.company_id), pk=pk)


@require_GET
@company_required
def my_company(request):
    company = get_own_company(request)
    agreements = CooperationAgreement.objects.visible_to(request.user).select_related("school", "programme")
    return render(
        request,
        "hosting/my_company.html",
        {
            "company": company,
            "contacts": company.contacts.all(),
            "programmes": company.programmes_of_interest.all(),
            "agreements": agreements,
        },
    )


@require_http_methods(["GET", "POST"])
@company_required
def my_company_update(request):
    company = get_own_company(request)
    if request.method == "POST":
        form = CompanyProfileForm(request.POST, instance=company)
        if form.is_valid() and save_versioned(form):
            messages.success(request, _("Your company's details were saved."))
            return redirect("hosting:my_company")
    else:
        form = CompanyProfileForm(instance=company)
    return render(
        request,
        "hosting/my_company_form.html",
        {"form": form, "company": company},
        status=conflict_status(form),
    )


@require_http_methods(["GET", "POST"])
@company_required
def my_company_contact_create(request):
    company = get_own_company(request)
    if request.method == "POST":
        form = ContactPersonForm(request.POST)
        if form.is_valid():
            contact = form.save(commit=False)
            contact.company = company
            contact.save()
            messages.success(request, _("The contact person was added."))
            return redirect("hosting:my_company")
    else:
        form = ContactPersonForm()
    return render(request, "hosting/my_company_contact_form.html", {"form": form, "company": company})


@require_http_methods(["GET", "POST"])
@company_required
def my_company_contact_update(request, pk):
    contact = get_own_contact(request, pk)
    if request.method == "POST":
        form = ContactPersonForm(request.POST, instance=contact)
        if form.is_valid() and save_versioned(form):
            messages.success(request, _("The contact person was saved."))
            return redirect("hosting:my_company")
    else:
        form = ContactPersonForm(instance=contact)
    return render(
        request,
        "hosting/my_company_contact_form.html",
        {"form": form, "company": contact.company, "contact": contact},
        status=conflict_status(form),
    )


@require_http_methods(["GET", "POST"])
@company_required
def my_company_contact_delete(request, pk):
    contact = get_own_contact(request, pk)
    return confirm_page(
        request,
        title=_("Remove %(name)s") % {"name": contact.name},
        losses=removal_losses(contact),
        action=lambda: remove_contact_person(contact),
        done=_("The contact person was removed."),
        back_url=reverse("hosting:my_company"),
        button=_("Yes, remove the contact person"),
    )
