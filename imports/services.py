"""Imports against the database: the plan of a file for a user (what it would do, nothing written), and
carrying a plan out, all rows in one transaction, every record saved through its model so that its history
says who imported it. The command and the upload pages share these functions.
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from partnerships.models import (
    Company,
    ContactPerson,
    CooperationAgreement,
    Municipality,
    Programme,
    School,
    User,
)
from partnerships.signals import bulk_saved

from .agreement_rows import plan_agreement_import
from .files import read_table
from .institutions import InstitutionPlan, plan_institution_import, read_register
from .plans import Plan
from .spreadsheets import CompanyPlan, plan_company_import, plan_school_import
from .templates import TEMPLATES

KINDS = ("institutions", "schools", "companies", "agreements")
SCHOOL_FIELDS = (
    "institution_number", "name", "kind", "address", "postcode", "latitude", "longitude", "active"
)  # fmt: skip
COMPANY_FIELDS = (
    "cvr",
    "name",
    "kind",
    "address",
    "postcode",
    "sector",
    "employee_band",
    "website",
    "host_status",
    "hosting_capacity",
)
AGREEMENT_FIELDS = ("title", "start_date", "end_date", "signed_on", "status", "activities")


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def kind_label(kind: str) -> str:
    return {
        "institutions": _("Schools from the institution register"),
        "schools": _("Schools"),
        "companies": _("Companies and contact persons"),
        "agreements": _("Cooperation agreements"),
    }[kind]


def allowed_codes(user: User | None, only: Collection[str] = ()) -> frozenset[str]:
    """The kommunekoder the user may import into (every municipality for the command, without a user)."""
    municipalities = Municipality.objects.all() if user is None else user.editable_municipalities()
    codes = frozenset(municipalities.values_list("code", flat=True))
    return codes & frozenset(code.zfill(4) for code in only) if only else codes


def _municipality_names() -> dict[str, str]:
    return dict(Municipality.objects.values_list("code", "name"))


def _school_values(school: School) -> dict:
    return {
        "pk": school.pk,
        "municipality_code": school.municipality.code,
        **{name: getattr(school, name) for name in SCHOOL_FIELDS},
    }


def plan_file(kind: str, content: bytes, *, user: User | None, only: Collection[str] = ()) -> Plan:
    """What importing the file would do for the user; raises ImportFileError when it cannot be read."""
    allowed = allowed_codes(user, only)
    if kind == "institutions":
        table = read_register(content)
        schools = [_school_values(s) for s in School.objects.select_related("municipality")]
        return plan_institution_import(
            table,
            existing={s["institution_number"]: s for s in schools if s["institution_number"]},
            unnumbered=[s for s in schools if not s["institution_number"]],
            allowed_municipality_codes=allowed,
            municipalities=_municipality_names(),
        )
    table = read_table(content, columns=TEMPLATES[kind].columns)
    if kind == "schools":
        return plan_school_import(
            table,
            municipalities=_municipality_names(),
            allowed_municipality_codes=allowed,
            existing=[_school_values(s) for s in School.objects.select_related("municipality")],
        )
    if kind == "companies":
        return plan_company_import(
            table,
            municipalities=_municipality_names(),
            allowed_municipality_codes=allowed,
            existing=_companies(),
        )
    return plan_agreement_import(
        table,
        allowed_municipality_codes=allowed,
        schools=_schools_with_contacts(),
        companies=_companies(),
        programmes=Programme.objects.values("pk", "name", "slug"),
        existing=_agreements(),
    )


def _contacts_by(field: str) -> dict[int, list[dict]]:
    contacts: dict[int, list[dict]] = {}
    for contact in ContactPerson.objects.filter(**{f"{field}__isnull": False}).values(
        "pk", "name", "role", "email", "phone", field
    ):
        contact["phone"] = str(contact["phone"] or "")
        contacts.setdefault(contact.pop(field), []).append(contact)
    return contacts


def _companies() -> list[dict]:
    contacts = _contacts_by("company")
    return [
        {
            "pk": company.pk,
            "municipality_code": company.municipality.code,
            **{name: getattr(company, name) for name in COMPANY_FIELDS},
            "contacts": contacts.get(company.pk, []),
        }
        for company in Company.objects.select_related("municipality")
    ]


def _schools_with_contacts() -> list[dict]:
    contacts = _contacts_by("school")
    return [
        {**_school_values(school), "contacts": contacts.get(school.pk, [])}
        for school in School.objects.select_related("municipality")
    ]


def _agreements() -> list[dict]:
    people: dict[int, set[int]] = {}
    through = CooperationAgreement.contact_persons.through.objects.values_list(
        "cooperationagreement_id", "contactperson_id"
    )
    for agreement, contact in through:
        people.setdefault(agreement, set()).add(contact)
    return [
        {**values, "school": values.pop("school_id"), "company": values.pop("company_id"),
         "programme": values.pop("programme_id"), "contact_persons": frozenset(people.get(values["pk"], ()))}
        for values in CooperationAgreement.objects.values(
            "pk", "school_id", "company_id", "programme_id", *AGREEMENT_FIELDS
        )
    ]  # fmt: skip


BATCH = 500


def _save(obj, *, user: User | None, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _bulk_save(model, created: list, updated: list, fields: set[str], *, user, reason) -> None:
    """Insert and update in batches, each row with its history row (who and why), as save() would;
    `updated_at` is set by hand because bulk updates skip auto_now."""
    if created:
        bulk_create_with_history(
            created, model, batch_size=BATCH, default_user=user, default_change_reason=reason
        )
    if updated:
        now = timezone.now()
        for obj in updated:
            obj.updated_at = now
        bulk_update_with_history(
            updated,
            model,
            sorted(fields | {"updated_at"}),
            batch_size=BATCH,
            default_user=user,
            default_change_reason=reason,
        )
    if created or updated:
        bulk_saved.send(sender=model)


@transaction.atomic
def apply_plan(kind: str, plan: Plan, *, user: User | None, reason: str = "") -> Outcome:
    """Create and update the planned records (errors and rows outside the user's municipalities are left
    out), in one transaction; each saved through its model, with `user` in its history."""
    reason = reason or _("Import")
    outcome = Outcome()
    if kind in ("institutions", "schools"):
        _apply_schools(plan, outcome, user=user, reason=reason)
    elif kind == "companies":
        _apply_companies(plan, outcome, user=user, reason=reason)
    else:
        _apply_agreements(plan, outcome, user=user, reason=reason)
    return outcome


def _apply_schools(plan: Plan, outcome: Outcome, *, user, reason) -> None:
    municipalities = {m.code: m for m in Municipality.objects.all()}
    current = {s.pk: s for s in School.objects.filter(pk__in=[p.current["pk"] for p in plan.update])}
    created, updated, fields = [], [], {"municipality"}
    for planned in plan.create + plan.update:
        values = dict(planned.values)
        municipality = municipalities[values.pop("municipality_code")]
        if planned.current is None:
            created.append(School(municipality=municipality, **values))
        else:
            school = current[planned.current["pk"]]
            school.municipality = municipality
            for name, value in values.items():
                setattr(school, name, value)
            fields.update(values)
            updated.append(school)
    _bulk_save(School, created, updated, fields, user=user, reason=reason)
    outcome.created, outcome.updated = len(created), len(updated)
    if isinstance(plan, InstitutionPlan):
        left = list(School.objects.filter(pk__in=[s["pk"] for s in plan.missing], active=True))
        for school in left:
            school.active = False
        _bulk_save(School, [], left, {"active"}, user=user, reason=_("No longer in the institution register"))
        outcome.deactivated = len(left)


def _apply_companies(plan: CompanyPlan, outcome: Outcome, *, user, reason) -> None:
    municipalities = {m.code: m for m in Municipality.objects.all()}
    known = [planned.current["pk"] for planned in plan.update + plan.unchanged]
    by_pk = {c.pk: c for c in Company.objects.filter(pk__in=known)}
    companies = {planned.key: by_pk[planned.current["pk"]] for planned in plan.unchanged}  # by plan key
    created, updated, fields = [], [], {"municipality"}
    for planned in plan.create + plan.update:
        values = dict(planned.values)
        municipality = municipalities[values.pop("municipality_code")]
        company = by_pk[planned.current["pk"]] if planned.current else Company(municipality=municipality)
        (updated if company.pk else created).append(company)
        company.municipality = municipality
        for name, value in values.items():
            setattr(company, name, value)
        fields.update(values)
        companies[planned.key] = company
    _bulk_save(Company, created, updated, fields, user=user, reason=reason)
    outcome.created, outcome.updated = len(created), len(updated)
    known = [planned.current["pk"] for planned in plan.contacts.update]
    contacts = {c.pk: c for c in ContactPerson.objects.filter(pk__in=known)}
    created, updated, fields = [], [], set()
    for planned in plan.contacts.create + plan.contacts.update:
        if planned.current is None:
            created.append(ContactPerson(company=companies[planned.key[0]], **planned.values))
        else:
            contact = contacts[planned.current["pk"]]
            for name, value in planned.values.items():
                setattr(contact, name, value)
            fields.update(planned.values)
            updated.append(contact)
    _bulk_save(ContactPerson, created, updated, fields, user=user, reason=reason)
    outcome.contacts_created, outcome.contacts_updated = len(created), len(updated)


def _apply_agreements(plan: Plan, outcome: Outcome, *, user, reason) -> None:
    """Agreements as their form saves them (created_by, updated_by, version). In batches while the model
    keeps the plain save(); should it ever fill a column in save(), each agreement goes through it."""
    current = {
        a.pk: a for a in CooperationAgreement.objects.filter(pk__in=[p.current["pk"] for p in plan.update])
    }
    created, updated, fields, people = [], [], {"version", "updated_by"}, []
    for planned in plan.create + plan.update:
        values = dict(planned.values)
        contacts = values.pop("contact_persons", None)
        school, company = values.pop("school"), values.pop("company")
        programme = values.pop("programme", None)
        if planned.current is None:
            agreement = CooperationAgreement(
                school_id=school, company_id=company, programme_id=programme, created_by=user, **values
            )
            created.append(agreement)
        else:
            agreement = current[planned.current["pk"]]
            if "programme" in planned.values:
                agreement.programme_id = programme
                fields.add("programme")
            for name, value in values.items():
                setattr(agreement, name, value)
            fields.update(values)
            agreement.version += 1
            updated.append(agreement)
        agreement.updated_by = user
        if contacts:
            people.append((agreement, contacts))
    if CooperationAgreement.save is models.Model.save:
        _bulk_save(CooperationAgreement, created, updated, fields, user=user, reason=reason)
    else:  # pragma: no cover - only if the model grows its own save()
        for agreement in created + updated:
            _save(agreement, user=user, reason=reason)
    for agreement, contacts in people:
        agreement._history_user = user
        agreement.contact_persons.add(*contacts)
    outcome.created, outcome.updated = len(created), len(updated)
