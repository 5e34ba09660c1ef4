"""The plan of importing coordinators' own spreadsheets of schools and of companies with their contact
persons (templates.py has their columns), every cell checked as the portal's forms check it.

Schools are matched by institution number, else by name and municipality; companies by CVR number, else
(associations and organisations without one) by name and municipality. An empty cell changes nothing.
Rows of a municipality the user does not coordinate, and rows that match a record of one, are "outside".
Agreements, which name the schools and companies already in the portal, are planned in agreement_rows.py.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext as _

from partnerships.models import Company, ContactPerson, School, same_name_key

from .files import Table
from .plans import Plan, Planned, RowError, RowErrors
from .templates import COMPANIES
from .values import ChoiceLookup, MunicipalityLookup, clean_field, name_key, pad_postcode, single_line

SCHOOL_KIND_ALIASES = {
    "privatskole": School.Kind.FRISKOLE,
    "fri grundskole": School.Kind.FRISKOLE,
    "10. klasse": School.Kind.TENTH_GRADE,
    "gymnasium": School.Kind.STX,
    "handelsgymnasium": School.Kind.HHX,
    "teknisk gymnasium": School.Kind.HTX,
    "erhvervsskole": School.Kind.VOCATIONAL,
    "eud": School.Kind.VOCATIONAL,
    "eux": School.Kind.VOCATIONAL,
    "fgu": School.Kind.PRODUCTION,
}
KIND_HEADER = next(column.header for column in COMPANIES.columns if column.key == "kind")


@dataclass
class CompanyPlan(Plan):
    # Contact persons, each keyed by (its company's key, its email address or else its name).
    contacts: Plan = field(default_factory=Plan)
    # New companies whose name or address is already a registered company's: imported, but worth a look.
    warnings: list[RowError] = field(default_factory=list)


def optional(errors: RowErrors, values: dict, text: Mapping[str, str], key: str, parse, *args) -> None:
    """Put the parsed cell into `values` when the file fills it (an empty cell changes nothing)."""
    if text.get(key):
        values[key] = errors.check(key, parse, *args, text[key])


def plan_school_import(
    table: Table,
    *,
    municipalities: Mapping[str, str],
    allowed_municipality_codes: Collection[str],
    existing: Iterable[Mapping[str, Any]],
) -> Plan:
    """What importing a spreadsheet of schools would do.

    `municipalities` maps every municipality's code to its name; `existing` are all the portal's schools,
    their values (institution_number, name, municipality_code, kind, address, postcode, and e.g. pk).
    """
    lookup = MunicipalityLookup(municipalities)
    kinds = ChoiceLookup(School.Kind.choices, SCHOOL_KIND_ALIASES)
    allowed = frozenset(allowed_municipality_codes)
    existing = list(existing)
    by_number = {
        school["institution_number"]: school for school in existing if school.get("institution_number")
    }
    by_name = {name_key(school["municipality_code"], school["name"]): school for school in existing}
    plan = Plan()
    seen: dict[tuple, int] = {}  # institution numbers and names the file has planned -> row
    for row in table.rows:
        text, errors = row.values, RowErrors(row.number, table.headers)
        name = single_line(text["name"])
        code = errors.check("municipality", lookup.code, text["municipality"])
        values = {"name": errors.check("name", clean_field, School, "name", name), "municipality_code": code}
        optional(errors, values, text, "institution_number", clean_field, School, "institution_number")
        number = values.get("institution_number")
        current = None if errors else by_number.get(number) or by_name.get(name_key(code, name))
        if not errors and (code not in allowed or (current and current["municipality_code"] not in allowed)):
            plan.outside.append(Planned(row.number, number or (code, name), values, current=current))
            continue
        optional(errors, values, text, "kind", kinds.value)
        optional(errors, values, text, "address", _address, School)
        optional(errors, values, text, "postcode", _postcode, School)
        if current is not None and number and current.get("institution_number") not in ("", number):
            errors.add(
                "institution_number",
                _("A school of this name in the municipality has the institution number %(number)s.")
                % {"number": current["institution_number"]},
            )
        if by_name.get(name_key(code, name), current) is not current:
            errors.add("name", _("Another school in the municipality already has this name."))
        by_number_key, by_name_key = ("number", number), ("name", *name_key(code, name))
        if number and by_number_key in seen:
            errors.add(
                "institution_number", _("This school is also in row %(row)s.") % {"row": seen[by_number_key]}
            )
        elif by_name_key in seen:
            errors.add("name", _("This school is also in row %(row)s.") % {"row": seen[by_name_key]})
        if errors:
            plan.errors.extend(errors.errors)
            continue
        seen[by_name_key] = row.number
        if number:
            seen[by_number_key] = row.number
        plan.add(Planned(row.number, number or (code, name), values), current)
    return plan


def plan_company_import(
    table: Table,
    *,
    municipalities: Mapping[str, str],
    allowed_municipality_codes: Collection[str],
    existing: Iterable[Mapping[str, Any]],
) -> CompanyPlan:
    """What importing a spreadsheet of companies and their contact persons would do.

    `existing` are all the portal's companies (cvr, name, kind, municipality_code, address, postcode,
    sector, employee_band, website, host_status, hosting_capacity, e.g. pk) with their `contacts`
    (name, role, email, phone, e.g. pk). A company's later rows add further contact persons. A planned
    company's key is its CVR number, or ("name", municipality code, name in any case) without one.
    """
    lookup = MunicipalityLookup(municipalities)
    choices = {key: ChoiceLookup(COMPANIES.choices[key].choices) for key in COMPANIES.choices}
    allowed = frozenset(allowed_municipality_codes)
    existing = list(existing)
    by_cvr = {company["cvr"]: company for company in existing if company["cvr"]}
    by_name: dict[tuple[str, str], list] = {}
    for company in existing:
        by_name.setdefault(name_key(company["municipality_code"], company["name"]), []).append(company)
    look_alikes = LookAlikes(existing, municipalities)
    plan = CompanyPlan()
    first_rows: dict[Any, tuple[int, dict]] = {}  # company key -> the row that gave the company, its values
    contact_rows: dict[tuple[Any, str], int] = {}
    for row in table.rows:
        text, errors = row.values, RowErrors(row.number, table.headers)
        values = {}
        optional(errors, values, text, "cvr", clean_field, Company, "cvr")
        values["name"] = errors.check("name", clean_field, Company, "name", single_line(text["name"]))
        values["municipality_code"] = errors.check("municipality", lookup.code, text["municipality"])
        current = None if errors else _current_company(errors, values, by_cvr, by_name)
        if not errors and (
            values["municipality_code"] not in allowed
            or (current is not None and current["municipality_code"] not in allowed)
        ):
            plan.outside.append(Planned(row.number, _company_key(values, current), values, current=current))
            continue
        _company_details(errors, values, text, choices)
        _check_cvr_needed(errors, values, current)
        contact = _contact_values(errors, text)
        key = None if errors else _company_key(values, current)
        if key in first_rows:
            _check_same_details(errors, values, *first_rows[key])
        contact_key = (
            (key, (contact.get("email") or contact["name"]).casefold()) if contact and not errors else None
        )
        if contact_key in contact_rows:
            errors.add(
                "contact_name",
                _("This contact person is also in row %(row)s.") % {"row": contact_rows[contact_key]},
            )
        if errors:
            plan.errors.extend(errors.errors)
            continue
        if key not in first_rows:
            first_rows[key] = (row.number, values)
            plan.add(Planned(row.number, key, values), current)
            if current is None:
                plan.warnings.extend(look_alikes.warnings(errors, values))
        if contact:
            contact_rows[contact_key] = row.number
            known = _matching_contact((current or {}).get("contacts", ()), contact)
            plan.contacts.add(Planned(row.number, contact_key, contact), known)
    return plan


def _current_company(errors: RowErrors, values: dict, by_cvr: Mapping, by_name: Mapping) -> Mapping | None:
    """The registered company a row means: the one with its CVR number, else the one of its name in the
    municipality (an association or organisation without a CVR number)."""
    if values.get("cvr"):
        return by_cvr.get(values["cvr"])
    found = by_name.get(name_key(values["municipality_code"], values["name"]), [])
    if len(found) > 1:
        errors.add(
            "name",
            _("Several companies in the municipality are called “%(name)s”: give the CVR number.")
            % {"name": values["name"]},
        )
    return found[0] if len(found) == 1 else None


def _company_key(values: Mapping, current: Mapping | None):
    cvr = values.get("cvr") or (current or {}).get("cvr")
    return cvr or ("name", *name_key(values["municipality_code"], values["name"]))


def _check_cvr_needed(errors: RowErrors, values: dict, current: Mapping | None) -> None:
    """A company needs its CVR number (as in the portal's form); an association or organisation may go
    without one. An empty cell keeps what the portal has."""
    kind = values.get("kind") or (current or {}).get("kind") or Company.Kind.COMPANY
    if kind == Company.Kind.COMPANY and "cvr" not in values and not (current or {}).get("cvr"):
        errors.add(
            "cvr",
            _(
                "A company needs its CVR number. For an association or organisation without one, "
                "write so in the column “%(column)s”."
            )
            % {"column": errors.headers.get("kind") or KIND_HEADER},
        )


class LookAlikes:
    """The registered companies by the keys of the look-alike rule (`similarity_q`, in Python by
    `same_name_key`): a new company's warnings cost a lookup, not a pass over every company."""

    def __init__(self, existing: Iterable[Mapping[str, Any]], municipalities: Mapping[str, str]):
        self.municipalities = municipalities
        self.by_name: dict[str, list] = {}
        self.by_address: dict[tuple[str, str], list] = {}
        for company in existing:
            self.by_name.setdefault(same_name_key(company["name"]), []).append(company)
            if address := same_name_key(company.get("address") or ""):
                self.by_address.setdefault((address, company.get("postcode") or ""), []).append(company)

    def warnings(self, errors: RowErrors, values: Mapping) -> list[RowError]:
        """Warnings for a new company whose name, or address in the same postcode, a registered one has."""
        warnings = RowErrors(errors.row, errors.headers)
        same_name = self.by_name.get(same_name_key(values["name"]), [])
        address = same_name_key(values.get("address") or "")
        same_address = self.by_address.get((address, values.get("postcode") or ""), []) if address else []
        for company in same_name:
            warnings.add("name", _("%(name)s in %(municipality)s has the same name.") % self._where(company))
        for company in same_address:
            if company not in same_name:
                message = _("%(name)s in %(municipality)s has the same address.")
                warnings.add("address", message % self._where(company))
        return warnings.errors

    def _where(self, company: Mapping) -> dict:
        return {
            "name": company["name"],
            "municipality": self.municipalities.get(company["municipality_code"], ""),
        }


def _company_details(errors: RowErrors, values: dict, text: Mapping[str, str], choices: Mapping) -> None:
    for key in ("kind", "sector", "employee_band", "host_status"):
        optional(errors, values, text, key, choices[key].value)
    optional(errors, values, text, "address", _address, Company)
    optional(errors, values, text, "postcode", _postcode, Company)
    optional(errors, values, text, "website", clean_field, Company, "website")
    optional(errors, values, text, "hosting_capacity", _hosting_capacity)


def _check_same_details(errors: RowErrors, values: dict, first_row: int, first_values: dict) -> None:
    """A company's later row may repeat its details, not change them: one row must not silently win."""
    for key, value in values.items():
        if first_values.get(key) != value:
            message = _("Row %(row)s gives this company other details: give them the same in every row.")
            errors.add("municipality" if key == "municipality_code" else key, message % {"row": first_row})


def _address(model: type[models.Model], text: str) -> str:
    return clean_field(model, "address", single_line(text))


def _postcode(model: type[models.Model], text: str) -> str:
    return clean_field(model, "postcode", pad_postcode(text))


def _hosting_capacity(text: str) -> int:
    capacity = clean_field(Company, "hosting_capacity", text)
    MaxValueValidator(50)(capacity)
    return capacity


def _contact_values(errors: RowErrors, text: Mapping[str, str]) -> dict:
    keys = ("contact_name", "contact_role", "contact_email", "contact_phone")
    if not any(text.get(key) for key in keys):
        return {}
    contact = {}
    for key, name in zip(keys, ("name", "role", "email", "phone"), strict=True):
        if text.get(key):
            contact[name] = errors.check(key, clean_field, ContactPerson, name, single_line(text[key]))
    if "name" not in contact:
        errors.add("contact_name", _("A contact person needs a name."))
    return contact


def _matching_contact(contacts: Iterable[Mapping[str, Any]], contact: Mapping[str, Any]) -> Mapping | None:
    """The existing contact person the row means: the one with its email address, else its name."""
    for known in contacts:
        if contact.get("email") and (known.get("email") or "").casefold() == contact["email"].casefold():
            return known
    if not contact.get("email"):
        for known in contacts:
            if single_line(known["name"]).casefold() == contact["name"].casefold():
                return known
    return None
