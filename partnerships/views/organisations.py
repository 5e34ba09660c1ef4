"""Schools and companies with their contact persons."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brasite.lib.exports import spreadsheet_response
from brasite.lib.history import change_log
from brasite.lib.pages import confirm_page
from brasite.lib.versioning import conflict_status, save_versioned

from .. import cvr, ratelimit
from ..access import get_company, get_contact, get_school, role_required
from ..contacts import removal_losses, remove_contact_person
from ..filters import in_municipality
from ..forms import CompanyForm, ContactPersonForm, SchoolForm
from ..models import Company, ContactPerson, CooperationAgreement, School
from ..schoolyears import SchoolYear


def agreement_count(field: str):
    """The number of agreements of each row, counted for the rows of the page only (not the whole table)."""
    counts = (
        CooperationAgreement.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def search_list(request, queryset, fields):
    query = request.GET.get("q", "").strip()[:100]
    if query:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": query})
        queryset = queryset.filter(condition)
    return query, queryset


def filtered_schools(request):
    schools = (
        School.objects.visible_to(request.user)
        .select_related("municipality")
        .annotate(agreement_count=agreement_count("school"))
        .order_by("municipality__name", "name", "pk")
    )
    schools, choice = in_municipality(request, schools)
    query, schools = search_list(request, schools, ["name", "institution_number", "address"])
    return query, schools, choice


@require_GET
@role_required()
def school_list(request):
    query, schools, choice = filtered_schools(request)
    page = Paginator(schools, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/school_list.html",
        {"page": page, "query": query, "can_create": request.user.may_edit, **choice},
    )


@require_GET
@role_required()
def school_export(request, fmt):
    """The school list as shown (same search) as a spreadsheet; headings in Danish, like every export."""
    _query, schools, _choice = filtered_schools(request)
    headers = ["Navn", "Kommune", "Type", "Institutionsnummer", "Adresse", "Postnummer", "Aktiv", "Aftaler"]
    with translation.override("da"):
        rows = [
            [s.name, s.municipality.name, str(s.get_kind_display()), s.institution_number, s.address,
             s.postcode, "Ja" if s.active else "Nej", s.agreement_count]
            for s in schools
        ]  # fmt: skip
    return spreadsheet_response(fmt, filename="skoler", title="Skoler", headers=headers, rows=rows)


@require_GET
@role_required()
def school_detail(request, pk):
    school = get_school(request, pk)
    return render(
        request,
        "partnerships/school_detail.html",
        {
            "school": school,
            "contacts": school.contacts.all(),
            "agreements": school.agreements.select_related("company", "programme"),
            "can_edit": school.is_editable_by(request.user),
            "history": change_log(school),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def school_create(request):
    if request.method == "POST":
        form = SchoolForm(request.POST, user=request.user)
        if form.is_valid():
            school = form.save()
            messages.success(request, _("The school was created."))
            return redirect(school)
    else:
        form = SchoolForm(user=request.user)
    return render(request, "partnerships/school_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def school_update(request, pk):
    school = get_school(request, pk, edit=True)
    if request.method == "POST":
        form = SchoolForm(request.POST, instance=school, user=request.user)
        if form.is_valid() and save_versioned(form):
            messages.success(request, _("The school was saved."))
            return redirect(school)
    else:
        form = SchoolForm(instance=school, user=request.user)
    return render(
        request,
        "partnerships/school_form.html",
        {"form": form, "school": school},
        status=conflict_status(form),
    )


def filtered_companies(request):
    companies = (
        Company.objects.visible_to(request.user)
        .select_related("municipality")
        .annotate(agreement_count=agreement_count("company"))
        .order_by("name", "pk")
    )
    status = request.GET.get("host_status", "")
    if status in Company.HostStatus.values:
        companies = companies.filter(host_status=status)
    else:
        status = ""
    companies, choice = in_municipality(request, companies)
    query, companies = search_list(
        request, companies.prefetch_related("yearly_host_answers"), ["name", "cvr", "address"]
    )
    return query, status, companies, choice


@require_GET
@role_required()
def company_list(request):
    query, status, companies, choice = filtered_companies(request)
    page = Paginator(companies, 25).get_page(request.GET.get("page"))
    school_year = SchoolYear.current().start_year
    for company in page:
        company.yearly_answer = company.answer_for(school_year)
    return render(
        request,
        "partnerships/company_list.html",
        {
            "page": page,
            "query": query,
            "host_status": status,
            "statuses": Company.HostStatus.choices,
            "can_create": request.user.may_edit,
            **choice,
        },
    )


@require_GET
@role_required()
def company_export(request, fmt):
    """The company list as shown (same search and host status) as a spreadsheet."""
    _query, _status, companies, _choice = filtered_companies(request)
    headers = ["Navn", "CVR-nummer", "Type", "Kommune", "Adresse", "Postnummer", "Branche", "Antal ansatte",
               "Hjemmeside", "Værtsstatus", "Værtskapacitet", "Aftaler"]  # fmt: skip
    with translation.override("da"):
        rows = [
            [c.name, c.cvr, str(c.get_kind_display()), c.municipality.name, c.address, c.postcode,
             str(c.get_sector_display()), str(c.get_employee_band_display()), c.website,
             str(c.get_host_status_display()), c.hosting_capacity, c.agreement_count]
            for c in companies
        ]  # fmt: skip
    return spreadsheet_response(
        fmt, filename="virksomheder", title="Virksomheder", headers=headers, rows=rows
    )


@require_GET
@role_required()
def contact_export(request, fmt):
    """Every contact person of the schools and companies the user may see: the coordinators' mailing list.

    Those of reklamebeskyttet companies are left out unless `?protected=1` asks for them (marked)."""
    contacts = (
        ContactPerson.objects.visible_to(request.user)
        .select_related("school__municipality", "company__municipality")
        .order_by("name", "pk")
    )
    if request.GET.get("protected") != "1":
        contacts = contacts.open_to_outreach()
    # Reklamebeskyttet: marked so in the CVR register, the company is not to get unsolicited outreach.
    headers = [
        "Navn", "Stilling", "E-mail", "Telefon", "Organisation", "Skole eller virksomhed", "Kommune",
        "Reklamebeskyttet",
    ]  # fmt: skip
    rows = [
        [p.name, p.role, p.email, str(p.phone or ""), p.organisation.name,
         "Skole" if p.school_id else "Virksomhed", p.organisation.municipality.name,
         "ja" if p.company_id and p.company.advertising_protected else "nej"]
        for p in contacts
    ]  # fmt: skip
    return spreadsheet_response(
        fmt, filename="kontaktpersoner", title="Kontaktpersoner", headers=headers, rows=rows
    )


@require_GET
@role_required(company=True)
def company_detail(request, pk):
    company = get_company(request, pk)
    agreements = CooperationAgreement.objects.visible_to(request.user).filter(company=company)
    return render(
        request,
        "partnerships/company_detail.html",
        {
            "company": company,
            "contacts": company.contacts.all(),
            "production_units": company.production_units.select_related("municipality"),
            "programmes": company.programmes_of_interest.all(),
            "agreements": agreements.select_related("school", "programme"),
            "hopin_hostings": company.hopin_hostings.visible_to(request.user)
            .select_related("week__municipality")
            .order_by("-week__school_year"),
            "can_edit": company.is_editable_by(request.user),
            "history": change_log(company),
        },
    )


# The no-JS form's "Fetch from the CVR register" button; with JS, company_cvr_lookup answers in place.
CVR_LOOKUP_BUTTON = "cvr_lookup"
CVR_LOOKUPS_PER_MINUTE = 30


def cvr_lookup_allowed(request) -> bool:
    return ratelimit.allow(
        request, "cvr-lookup", limit=CVR_LOOKUPS_PER_MINUTE, period=datetime.timedelta(minutes=1),
        key=f"user:{request.user.pk}",
    )  # fmt: skip


def cvr_lookup(request) -> cvr.FormLookup:
    """The register's answer for the CVR number in the request, for the municipalities the user may edit."""
    number = (request.POST if request.method == "POST" else request.GET).get("cvr", "")[:20]
    if not cvr_lookup_allowed(request):
        return cvr.FormLookup(
            cvr.LookupStatus.UNAVAILABLE,
            _("Too many look-ups in the CVR register. Wait a minute, or fill in the details by hand."),
            {},
        )
    return cvr.lookup_for_form(number, municipalities=request.user.editable_municipalities())


def company_form_page(request, company: Company | None = None):
    """The company form, new or edited: a look-up in the CVR register fills it in without saving (what was
    typed in the other fields stays); a save may first ask to confirm a company like one already there."""
    user, lookup = request.user, None
    if request.method == "POST" and CVR_LOOKUP_BUTTON in request.POST:
        lookup = cvr_lookup(request)
        data = request.POST.copy()
        for key, value in lookup.values.items():
            if value is False:
                data.pop(key, None)  # an unticked checkbox
            else:
                data[key] = "on" if value is True else str(value)
        typed = CompanyForm(data, instance=company, user=user, register_units=lookup.production_units)
        form = CompanyForm(
            # A new look-up offers every unit of the register ticked.
            initial={name: typed[name].data for name in typed.fields if name != "production_units"},
            instance=company,
            user=user,
            register_units=lookup.production_units,
        )
    elif request.method == "POST":
        units = ()
        if request.POST.getlist("production_units"):  # offered after a look-up: the answer is cached
            units = cvr.lookup_for_form(request.POST.get("cvr", "")).production_units
        form = CompanyForm(request.POST, instance=company, user=user, register_units=units)
        if form.is_valid() and (saved := save_versioned(form)):
            messages.success(
                request, _("The company was saved.") if company else _("The company was created.")
            )
            return redirect(saved)
    elif company is None:
        form = CompanyForm(user=user, initial={"host_status": Company.HostStatus.APPROVED})
    else:
        form = CompanyForm(instance=company, user=user)
    return render(
        request,
        "partnerships/company_form.html",
        {"form": form, "company": company, "lookup": lookup, "lookup_enabled": cvr.is_enabled()},
        status=conflict_status(form),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def company_create(request):
    return company_form_page(request)


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def company_update(request, pk):
    return company_form_page(request, get_company(request, pk, edit=True))


@require_GET
@role_required(edit=True)
def company_cvr_lookup(request):
    """The CVR register's answer for `?cvr=` as JSON, for static/js/cvr-lookup.js on the company forms."""
    lookup = cvr_lookup(request)
    return JsonResponse(lookup.as_json())


def contact_create(request, organisation):
    if request.method == "POST":
        form = ContactPersonForm(request.POST)
        if form.is_valid():
            contact = form.save(commit=False)
            setattr(contact, organisation._meta.model_name, organisation)
            contact.save()
            messages.success(request, _("The contact person was added."))
            return redirect(organisation)
    else:
        form = ContactPersonForm()
    return render(request, "partnerships/contact_form.html", {"form": form, "organisation": organisation})


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def school_contact_create(request, pk):
    return contact_create(request, get_school(request, pk, edit=True))


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def company_contact_create(request, pk):
    return contact_create(request, get_company(request, pk, edit=True))


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def contact_update(request, pk):
    contact = get_contact(request, pk, edit=True)
    if request.method == "POST":
        form = ContactPersonForm(request.POST, instance=contact)
        if form.is_valid() and save_versioned(form):
            messages.success(request, _("The contact person was saved."))
            return redirect(contact.organisation)
    else:
        form = ContactPersonForm(instance=contact)
    return render(
        request,
        "partnerships/contact_form.html",
        {"form": form, "organisation": contact.organisation, "contact": contact},
        status=conflict_status(form),
    )


@require_http_methods(["GET", "POST"])
@role_required(edit=True)
def contact_delete(request, pk):
    """Asks first, listing the agreements that name the person; removal purges their history too."""
    contact = get_contact(request, pk, edit=True)
    return confirm_page(
        request,
        title=_("Remove %(name)s") % {"name": contact.name},
        losses=removal_losses(contact),
        action=lambda: remove_contact_person(contact),
        done=_("The contact person was removed."),
        back_url=contact.organisation.get_absolute_url(),
        button=_("Yes, remove the contact person"),
    )
