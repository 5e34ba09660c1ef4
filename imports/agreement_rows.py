"""The plan of importing coordinators' own spreadsheets of cooperation agreements (templates.py has their
columns), every cell checked as the portal's forms check it.

A row names its school (by institution number, else by name, the user's own schools first), its company
(by CVR number, else by name, the school's municipality first), its programme and its contact persons,
all already in the portal; agreements are matched by school, company and start date. An empty cell
changes nothing. Rows of a school in a municipality the user does not coordinate are "outside".
"""

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partnerships.models import Company, CooperationAgreement

from .files import Table
from .plans import Plan, Planned, RowErrors
from .spreadsheets import optional
from .values import ChoiceLookup, clean_field, parse_date, single_line

CONTACT_SEPARATORS = re.compile(r"[;,\n]")


def plan_agreement_import(
    table: Table,
    *,
    allowed_municipality_codes: Collection[str],
    schools: Iterable[Mapping[str, Any]],
    companies: Iterable[Mapping[str, Any]],
    programmes: Iterable[Mapping[str, Any]],
    existing: Iterable[Mapping[str, Any]],
) -> Plan:
    """What importing a spreadsheet of cooperation agreements would do.

    `schools` (pk, name, institution_number, municipality_code, contacts) and `companies` (pk, cvr, name,
    host_status, contacts) are all the portal's, each contact with pk, name and email; `programmes` have
    pk, name and slug; `existing` agreements have pk, school, company (pks), start_date, title, programme
    (pk or None), status, activities, signed_on, end_date and contact_persons (a frozenset of pks).
    Values name the school, company, programme and contact persons by pk.
    """
    allowed = frozenset(allowed_municipality_codes)
    schools, companies, programmes = (
        _Index(schools, "institution_number"),
        _Index(companies, "cvr"),
        list(programmes),
    )
    statuses = ChoiceLookup(CooperationAgreement.Status.choices)
    by_parties: dict[tuple, list] = {}
    for agreement in existing:
        key = (agreement["school"], agreement["company"], agreement["start_date"])
        by_parties.setdefault(key, []).append(agreement)
    plan = Plan()
    seen: dict[tuple, int] = {}
    for row in table.rows:
        text, errors = row.values, RowErrors(row.number, table.headers)
        school = _school(errors, schools, allowed, text)
        company = _company(errors, companies, school, text)
        if school is not None and school["municipality_code"] not in allowed:
            plan.outside.append(Planned(row.number, None, {"school": school["pk"]}, current=school))
            continue
        values = {
            "school": school and school["pk"],
            "company": company and company["pk"],
            "title": errors.check(
                "title", clean_field, CooperationAgreement, "title", single_line(text["title"])
            ),
            "start_date": errors.check("start_date", _required_date, text["start_date"]),
        }
        optional(errors, values, text, "end_date", parse_date)
        optional(errors, values, text, "signed_on", parse_date)
        optional(errors, values, text, "status", statuses.value)
        optional(errors, values, text, "activities", clean_field, CooperationAgreement, "activities")
        optional(errors, values, text, "programme", _programme, programmes)
        if values["start_date"] and values.get("end_date") and values["end_date"] < values["start_date"]:
            errors.add("end_date", _("The end date cannot be before the start date."))
        if values.get("status") == CooperationAgreement.Status.ENDED and not values.get("end_date"):
            errors.add("end_date", _("An ended agreement needs its end date."))
        if school and company and text.get("contact_persons"):
            values["contact_persons"] = _contact_persons(errors, school, company, text["contact_persons"])
        if errors:
            plan.errors.extend(errors.errors)
            continue
        key = (school["pk"], company["pk"], values["start_date"])
        matches = by_parties.get(key, [])
        if len(matches) > 1:
            message = _(
                "Several agreements of this school and company start on this date: change them in the portal."
            )
            errors.add("start_date", message)
        elif not matches and company["host_status"] != Company.HostStatus.APPROVED:
            message = _("%(name)s is not an approved host yet. Approve it first.")
            errors.add("company", message % {"name": company["name"]})
        if key in seen:
            errors.add("start_date", _("This agreement is also in row %(row)s.") % {"row": seen[key]})
        if errors:
            plan.errors.extend(errors.errors)
            continue
        seen[key] = row.number
        plan.add(Planned(row.number, key, values), matches[0] if matches else None)
    return plan


class _Index:
    """Schools or companies by their number (institution or CVR) and by their name, in any case."""

    def __init__(self, items: Iterable[Mapping[str, Any]], number: str):
        self.by_number: dict[str, list] = {}
        self.by_name: dict[str, list] = {}
        for item in items:
            if item.get(number):
                self.by_number.setdefault(item[number], []).append(item)
            self.by_name.setdefault(single_line(item["name"]).casefold(), []).append(item)


def _required_date(text: str):
    if not text:
        raise ValidationError(forms.Field.default_error_messages["required"], code="required")
    return parse_date(text)


def _school(
    errors: RowErrors, schools: _Index, allowed: frozenset, text: Mapping[str, str]
) -> Mapping | None:
    """The school a row names: by its institution number, else by its name (the user's own first)."""
    number, name = text.get("institution_number", ""), single_line(text["school"])
    if number:
        found = schools.by_number.get(number, [])
        if not found:
            message = _("No school in the portal has the institution number %(value)s.")
            errors.add("institution_number", message % {"value": number})
    else:
        found = schools.by_name.get(name.casefold(), [])
        found = [school for school in found if school["municipality_code"] in allowed] or found
        if not found:
            message = _("There is no school “%(value)s” in the portal. Import the schools first.")
            errors.add("school", message % {"value": name})
    if len(found) > 1:
        message = _("Several schools are called “%(name)s”: give the institution number.")
        errors.add("school", message % {"name": name})
    return found[0] if len(found) == 1 else None


def _company(
    errors: RowErrors, companies: _Index, school: Mapping | None, text: Mapping[str, str]
) -> Mapping | None:
    """The company a row names: by its CVR number, else by its name (in the school's municipality first,
    as the company import matches associations and organisations without a CVR number)."""
    name = single_line(text["company"])
    if text.get("cvr"):
        cvr = errors.check("cvr", clean_field, Company, "cvr", text["cvr"])
        found = companies.by_number.get(cvr, [])
        if cvr and not found:
            message = _("No company in the portal has the CVR number %(value)s. Import the companies first.")
            errors.add("cvr", message % {"value": cvr})
    else:
        found = companies.by_name.get(name.casefold(), [])
        if school is not None:
            here = [c for c in found if c.get("municipality_code") == school["municipality_code"]]
            found = here or found
        if not found:
            message = _("There is no company “%(value)s” in the portal. Import the companies first.")
            errors.add("company", message % {"value": name})
    if len(found) > 1:
        if all(company["cvr"] for company in found):
            message = _("Several companies are called “%(name)s”: give the CVR number.")
        else:
            message = _(
                "Several companies are called “%(name)s”, and not all have a CVR number: "
                "give them different names in the portal."
            )
        errors.add("company", message % {"name": name})
    return found[0] if len(found) == 1 else None


def _programme(programmes: list, text: str) -> int:
    key, slug = single_line(text).casefold(), slugify(text)
    for programme in programmes:
        if programme["name"].casefold() == key or programme["slug"] == slug:
            return programme["pk"]
    raise ValidationError(
        _("“%(value)s” is not one of the programmes: %(choices)s."),
        code="programme",
        params={"value": text, "choices": ", ".join(programme["name"] for programme in programmes)},
    )


def _contact_persons(errors: RowErrors, school: Mapping, company: Mapping, text: str) -> frozenset:
    contacts = [*school.get("contacts", ()), *company.get("contacts", ())]
    found = set()
    for wanted in filter(None, (single_line(part) for part in CONTACT_SEPARATORS.split(text))):
        matches = [
            contact
            for contact in contacts
            if wanted.casefold()
            in (single_line(contact["name"]).casefold(), (contact.get("email") or "").casefold())
        ]
        if matches:
            found.add(matches[0]["pk"])
        else:
            message = _("%(name)s works at neither the chosen school nor the chosen company.")
            errors.add("contact_persons", message % {"name": wanted})
    return frozenset(found)
