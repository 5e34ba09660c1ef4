"""Every export and erasure of personal data, one design.

What is held about a person is gathered once (`*.of(person, user=...)`), listed on the confirmation page
(`summary`), exported as JSON (`export`) and erased (`erase`). Only rows that the acting user may see and
that belong to this very person are ever touched: another account or another municipality's sign-up
that happens to share an email address is never included.
"""

from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hosting.models import HostSignup
from partnerships.contacts import forget_in_admin_log
from partnerships.models import ContactPerson, User
from programmes.models import ResourcePerson

LOGIN_MODELS = (AccessAttempt, AccessFailureLog, AccessLog)


def login_rows(accounts: list[User]) -> Q:
    """Login records (django-axes) of exactly these accounts; nothing when there are none."""
    condition = Q(pk__in=[])
    for account in accounts:
        condition |= Q(username__iexact=account.email)
    return condition


def history_lines(rows: int) -> str:
    return ngettext(
        "%(rows)s version in the record of changes.", "%(rows)s versions in the record of changes.", rows
    ) % {"rows": rows}


def history_export(records, fields: list[str]) -> list[dict]:
    return [
        {
            "date": record.history_date.isoformat(),
            "type": record.history_type,
            **{name: getattr(record, name) for name in fields},
        }
        for record in records.order_by("history_date", "history_id")
    ]


@dataclass
class ContactData:
    """A contact person of a school or company, with the sign-ups and the company login that are theirs."""

    erased_message = gettext_lazy("The contact person's personal data were erased.")

    person: ContactPerson
    signups: list[HostSignup]
    accounts: list[User]
    login_records: int
    history_rows: int

    @classmethod
    def of(cls, person: ContactPerson, *, user: User) -> "ContactData":
        accounts = list(_accounts_of(person))
        return cls(
            person=person,
            signups=list(_signups_of(person, user=user).order_by("pk")),
            accounts=accounts,
            login_records=sum(model.objects.filter(login_rows(accounts)).count() for model in LOGIN_MODELS),
            history_rows=person.history.count(),
        )

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def back_url(self) -> str:
        return self.person.organisation.get_absolute_url()

    @property
    def summary(self) -> list[str]:
        lines = [_("The name, job title, email address and phone number."), history_lines(self.history_rows)]
        for signup in self.signups:
            lines.append(
                _("The contact details in the host sign-up of %(company)s from %(day)s (%(status)s).")
                % {
                    "company": signup.name,
                    "day": date_format(timezone.localtime(signup.submitted_at), "SHORT_DATE_FORMAT"),
                    "status": signup.get_status_display(),
                }
            )
        for account in self.accounts:
            lines.append(
                _("The company login %(email)s: it is closed and its name and address removed.")
                % {"email": account.email}
            )
        if self.login_records:
            lines.append(
                ngettext(
                    "%(records)s login record of that login.",
                    "%(records)s login records of that login.",
                    self.login_records,
                )
                % {"records": self.login_records}
            )
        return lines

    def export(self) -> dict:
        person = self.person
        return {
            "exported_at": timezone.now().isoformat(),
            "contact_person": {
                "id": person.pk,
                "name": person.name,
                "role": person.role,
                "email": person.email,
                "phone": person.phone,
                "organisation": str(person.organisation),
                "organisation_type": "school" if person.school_id else "company",
                "created_at": person.created_at.isoformat(),
                "updated_at": person.updated_at.isoformat(),
            },
            "agreements": [
                {"id": agreement.pk, "title": agreement.title, "status": agreement.status}
                for agreement in person.agreements.order_by("pk")
            ],
            "history": history_export(person.history, ["name", "role", "email", "phone"]),
            "host_signups": [
                {
                    "id": signup.pk,
                    "company_name": signup.name,
                    "cvr": signup.cvr,
                    "contact_name": signup.contact_name,
                    "contact_role": signup.contact_role,
                    "contact_email": signup.contact_email,
                    "contact_phone": signup.contact_phone,
                    "status": signup.status,
                    "consented_at": signup.consented_at.isoformat(),
                    "submitted_at": signup.submitted_at.isoformat(),
                    "verified_at": signup.verified_at.isoformat() if signup.verified_at else None,
                }
                for signup in self.signups
            ],
            "user_accounts": [
                {
                    "email": account.email,
                    "first_name": account.first_name,
                    "last_name": account.last_name,
                    "role": account.role,
                    "date_joined": account.date_joined.isoformat(),
                    "last_login": account.last_login.isoformat() if account.last_login else None,
                }
                for account in self.accounts
            ],
            "login_records": self.login_records,
        }

    @transaction.atomic
    def erase(self, *, by: User) -> None:
        """Anonymise the person everywhere listed; the row stays so agreements and figures stay intact."""
        person = self.person
        erased_name = _("Erased contact person")
        for model in LOGIN_MODELS:
            model.objects.filter(login_rows(self.accounts)).delete()
        for account in self.accounts:
            account.email = f"erased-{account.pk}@erased.invalid"
            account.first_name = account.last_name = ""
            account.is_active = False
            account.set_unusable_password()
            account.save()
        HostSignup.objects.filter(pk__in=[signup.pk for signup in self.signups]).update(
            contact_name=erased_name, contact_role="", contact_email="", contact_phone=""
        )
        person.name = erased_name
        person.role = person.email = person.phone = ""
        person._change_reason = "Personoplysninger slettet"
        person._history_user = by
        person.save()
        latest = person.history.latest()
        person.history.exclude(history_id=latest.history_id).delete()
        forget_in_admin_log(person, label=erased_name)
        for account in self.accounts:
            forget_in_admin_log(account, label=account.email)


def _signups_of(person: ContactPerson, *, user: User):
    """Sign-ups of the person's own company that name the person, among those the user may see."""
    if not person.company_id:
        return HostSignup.objects.none()
    same_company = Q(company=person.company_id) | Q(company__isnull=True, cvr=person.company.cvr)
    condition = Q(contact=person)
    if person.email:
        condition |= Q(contact_email__iexact=person.email) & same_company
    return HostSignup.objects.visible_to(user).filter(condition)


def _accounts_of(person: ContactPerson):
    """The company login of the person's own company under the person's address, if there is one."""
    if not (person.email and person.company_id):
        return User.objects.none()
    return User.objects.filter(email__iexact=person.email, role=User.Role.COMPANY, company=person.company_id)


@dataclass
class ResourcePersonData:
    """A resource person of the Fremtidens skole network: the record and its history are deleted."""

    erased_message = gettext_lazy("The resource person and their history were erased.")

    person: ResourcePerson
    history_rows: int

    @classmethod
    def of(cls, person: ResourcePerson, *, user: User) -> "ResourcePersonData":
        return cls(person=person, history_rows=person.history.count())

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def back_url(self) -> str:
        return reverse("programmes:network_overview", args=[self.person.municipality.slug])

    @property
    def summary(self) -> list[str]:
        return [
            _("The resource person's name, organisation and role."),
            history_lines(self.history_rows),
        ]

    def export(self) -> dict:
        person = self.person
        return {
            "exported_at": timezone.now().isoformat(),
            "resource_person": {
                "name": person.name,
                "organisation": person.organisation,
                "role": person.role,
                "municipality": person.municipality.name,
            },
            "history": history_export(person.history, ["name", "organisation", "role"]),
        }

    @transaction.atomic
    def erase(self, *, by: User) -> None:
        person_id = self.person.pk
        forget_in_admin_log(self.person, label=_("Erased resource person"))
        self.person.delete()
        ResourcePerson.history.filter(id=person_id).delete()


@dataclass
class AccountData:
    """A login of any kind (coordinator, regional viewer, company login, administrator): the account
    stays, closed and nameless, so that the record of who changed what keeps pointing at one row."""

    erased_message = gettext_lazy("The account's personal data were erased and the account closed.")

    account: User
    login_records: int

    @classmethod
    def of(cls, account: User, *, user: User) -> "AccountData":
        return cls(
            account=account,
            login_records=sum(model.objects.filter(login_rows([account])).count() for model in LOGIN_MODELS),
        )

    @property
    def name(self) -> str:
        return str(self.account)

    @property
    def back_url(self) -> str:
        return reverse("admin:partnerships_user_changelist")

    @property
    def summary(self) -> list[str]:
        lines = [
            _("The login %(email)s: its name and address are removed and it can no longer log in.")
            % {"email": self.account.email},
            _("Its role (%(role)s) and the municipalities or company it belonged to.")
            % {"role": self.account.get_role_display() or "–"},
        ]
        if self.login_records:
            lines.append(
                ngettext(
                    "%(records)s login record of that login.",
                    "%(records)s login records of that login.",
                    self.login_records,
                )
                % {"records": self.login_records}
            )
        return lines

    def export(self) -> dict:
        account = self.account
        return {
            "exported_at": timezone.now().isoformat(),
            "user_account": {
                "email": account.email,
                "first_name": account.first_name,
                "last_name": account.last_name,
                "role": account.role,
                "municipalities": [m.name for m in account.municipalities.order_by("name")],
                "followed_groups": [g.name for g in account.viewer_groups.order_by("name")],
                "company": str(account.company) if account.company_id else None,
                "is_active": account.is_active,
                "date_joined": account.date_joined.isoformat(),
                "last_login": account.last_login.isoformat() if account.last_login else None,
            },
            "login_records": [
                {"kind": model.__name__, "time": row.attempt_time.isoformat(), "ip_address": row.ip_address}
                for model in LOGIN_MODELS
                for row in model.objects.filter(login_rows([account]))
            ],
        }

    @transaction.atomic
    def erase(self, *, by: User) -> None:
        account = self.account
        for model in LOGIN_MODELS:
            model.objects.filter(login_rows([account])).delete()
        account.email = f"erased-{account.pk}@erased.invalid"
        account.first_name = account.last_name = ""
        account.is_active = False
        account.role = User.Role.NONE
        account.company = None
        account.set_unusable_password()
        account.version += 1
        account.save()
        account.municipalities.clear()
        account.viewer_groups.clear()
        forget_in_admin_log(account, label=account.email)
