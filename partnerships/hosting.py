"""Business actions of the host sign-up (confirmation, approval, rejection, emails) and of a contact
person's data (export and erasure)."""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import Company, ContactPerson, HostSignup, Municipality, User

Status = HostSignup.Status
SIGNUP_SALT = "partnerships.host-signup.confirm"


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def send_templated_email(template: str, *, to: list[str], context: dict, language: str) -> None:
    """Send the text email `partnerships/email/<template>.txt` (subject from `<template>_subject.txt`)."""
    if not to:
        return
    with translation.override(language):
        subject = " ".join(render_to_string(f"partnerships/email/{template}_subject.txt", context).split())
        body = render_to_string(f"partnerships/email/{template}.txt", context)
    send_mail(subject, body, None, to)


def coordinator_emails(municipality: Municipality) -> list[str]:
    """The active coordinators of the municipality; the administrators when it has none."""
    users = User.objects.filter(is_active=True)
    emails = list(
        users.filter(role=User.Role.COORDINATOR, municipalities=municipality).values_list("email", flat=True)
    )
    return emails or list(users.filter(is_staff=True).values_list("email", flat=True))


def signup_token(signup: HostSignup) -> str:
    return signing.dumps(signup.pk, salt=SIGNUP_SALT)


def signup_from_token(token: str) -> tuple[HostSignup | None, bool]:
    """The sign-up a confirmation link points to (None when the link was altered), and whether it expired."""
    max_age = datetime.timedelta(days=settings.HOST_SIGNUP_LINK_DAYS)
    try:
        pk, expired = signing.loads(token, salt=SIGNUP_SALT, max_age=max_age), False
    except signing.SignatureExpired:
        pk, expired = signing.loads(token, salt=SIGNUP_SALT), True
    except signing.BadSignature:
        return None, False
    return HostSignup.objects.filter(pk=pk).select_related("company__municipality").first(), expired


def send_confirmation_email(signup: HostSignup) -> None:
    """Email the contact a signed link that confirms the address (valid `HOST_SIGNUP_LINK_DAYS` days)."""
    link = absolute_url(reverse("partnerships:host_signup_confirm", args=[signup_token(signup)]))
    send_templated_email(
        "host_signup_confirm",
        to=[signup.contact_email],
        context={"signup": signup, "link": link, "days": settings.HOST_SIGNUP_LINK_DAYS},
        language=signup.language,
    )


def send_new_link(email: str) -> None:
    """Send a fresh confirmation link for the latest unconfirmed sign-up of this address, if any."""
    signup = (
        HostSignup.objects.filter(contact_email__iexact=email, status=Status.UNVERIFIED)
        .order_by("-submitted_at")
        .first()
    )
    if signup is not None:
        send_confirmation_email(signup)


@transaction.atomic
def confirm_signup(signup: HostSignup) -> HostSignup:
    """The contact confirmed the email address: the sign-up now reaches the coordinators.

    A CVR number already registered creates no second company; the coordinator of that company hears
    from whom instead. Otherwise the company is created as pending host with the contact person.
    """
    signup = HostSignup.objects.select_for_update().get(pk=signup.pk)
    if signup.status != Status.UNVERIFIED:
        return signup
    signup.verified_at = timezone.now()
    company = _create_company(signup)
    if company is None:
        signup.company = Company.objects.select_related("municipality").get(cvr=signup.cvr)
        signup.status = Status.KNOWN
        signup.save()
        transaction.on_commit(lambda: _notify_coordinators("host_signup_known", signup))
        return signup
    signup.company = company
    signup.contact = ContactPerson.objects.create(
        company=company,
        name=signup.contact_name,
        role=signup.contact_role,
        email=signup.contact_email,
        phone=signup.contact_phone,
    )
    signup.status = Status.WAITING
    signup.save()
    transaction.on_commit(lambda: _notify_coordinators("host_signup_waiting", signup))
    return signup


def _create_company(signup: HostSignup) -> Company | None:
    """A pending host made from the sign-up; None when a company with the CVR number exists."""
    if Company.objects.filter(cvr=signup.cvr).exists():
        return None
    company = Company(
        name=signup.name,
        cvr=signup.cvr,
        kind=signup.kind,
        municipality=signup.municipality,
        address=signup.address,
        postcode=signup.postcode,
        sector=signup.sector,
        employee_band=signup.employee_band,
        website=signup.website,
        hosting_capacity=signup.hosting_capacity,
        host_status=Company.HostStatus.PENDING,
    )
    company._change_reason = "Oprettet fra bekræftet værtstilmelding"
    try:
        with transaction.atomic():
            company.save()
    except IntegrityError:  # registered by someone else a moment ago
        return None
    company.programmes_of_interest.set(signup.programmes_of_interest.all())
    return company


def _notify_coordinators(template: str, signup: HostSignup) -> None:
    company = signup.company
    send_templated_email(
        template,
        to=coordinator_emails(company.municipality),
        context={
            "signup": signup,
            "company": company,
            "queue_link": absolute_url(reverse("partnerships:host_signup_queue")),
            "company_link": absolute_url(company.get_absolute_url()),
        },
        language=settings.LANGUAGE_CODE,
    )


def _locked_waiting(signup: HostSignup) -> HostSignup:
    signup = (
        HostSignup.objects.select_for_update(of=("self",))
        .select_related("company__municipality", "contact")
        .get(pk=signup.pk)
    )
    if signup.status != Status.WAITING:
        raise ValidationError(_("This sign-up has already been decided."))
    return signup


def _contact_email(signup: HostSignup) -> str:
    return signup.contact.email if signup.contact else signup.contact_email


@transaction.atomic
def approve_signup(signup: HostSignup, *, by: User) -> User:
    """The company becomes an approved host; its contact gets a company login and a link to set a password."""
    signup = _locked_waiting(signup)
    company = signup.company
    email = _contact_email(signup).lower()
    if not email:
        raise ValidationError(_("The contact person has no email address, so no login can be created."))
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.has_role and not (user.is_company_user and user.company_id == company.pk):
        raise ValidationError(
            _("%(email)s already has a login with another role. Ask the administrators to sort it out first.")
            % {"email": email}
        )
    company.host_status = Company.HostStatus.APPROVED
    company._change_reason = "Værtstilmelding godkendt; login oprettet til kontaktpersonen"
    company._history_user = by
    company.save()
    if user is None:
        parts = signup.contact_name.split()
        user = User.objects.create_user(
            email=email,
            first_name=" ".join(parts[:-1])[:150],
            last_name=(parts[-1] if parts else "")[:150],
        )
    user.role = User.Role.COMPANY
    user.company = company
    user.is_active = True
    user.save()
    signup.status = Status.APPROVED
    signup.decided_at = timezone.now()
    signup.decided_by = by
    signup.save()
    transaction.on_commit(lambda: send_password_email(user, signup))
    return user


def send_password_email(user: User, signup: HostSignup) -> None:
    """Email a link (Django's password-reset token) where the new company login sets its password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    send_templated_email(
        "host_signup_approved",
        to=[user.email],
        context={
            "signup": signup,
            "user": user,
            "link": absolute_url(reverse("partnerships:host_password_set", args=[uid, token])),
            "login_link": absolute_url(reverse("login")),
            "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
        },
        language=signup.language,
    )


@transaction.atomic
def reject_signup(signup: HostSignup, *, by: User, reason: str) -> HostSignup:
    """The sign-up is turned down; the contact is told why by email."""
    signup = _locked_waiting(signup)
    company = signup.company
    company.host_status = Company.HostStatus.REJECTED
    company._change_reason = "Værtstilmelding afvist"
    company._history_user = by
    company.save()
    signup.status = Status.REJECTED
    signup.rejection_reason = reason
    signup.decided_at = timezone.now()
    signup.decided_by = by
    signup.save()
    email = _contact_email(signup)
    transaction.on_commit(
        lambda: send_templated_email(
            "host_signup_rejected",
            to=[email] if email else [],
            context={"signup": signup, "company": company, "reason": reason},
            language=signup.language,
        )
    )
    return signup


def waiting_signups(user: User):
    """Confirmed sign-ups awaiting a decision in the user's municipalities, oldest first."""
    return (
        HostSignup.objects.visible_to(user)
        .waiting()
        .select_related("company", "municipality", "contact")
        .order_by("submitted_at")
    )


@dataclass
class PersonalData:
    """What the portal holds about one contact person that the acting user may reach.

    Only the person's own rows: sign-ups of the person's own organisation that the user may see, and the
    company login of that organisation under the person's address (with its login records). Another
    account or another municipality's sign-up that shares the address is never included.
    """

    person: ContactPerson
    signups: list[HostSignup]
    accounts: list[User]
    login_records: int
    history_rows: int

    @classmethod
    def of(cls, person: ContactPerson, *, user: User) -> "PersonalData":
        accounts = list(_accounts_of(person))
        return cls(
            person=person,
            signups=list(_signups_of(person, user=user).order_by("pk")),
            accounts=accounts,
            login_records=sum(model.objects.filter(_login_rows(accounts)).count() for model in LOGIN_MODELS),
            history_rows=person.history.count(),
        )


LOGIN_MODELS = (AccessAttempt, AccessFailureLog, AccessLog)


def _login_rows(accounts: list[User]) -> Q:
    """Login records (django-axes) of exactly these accounts; nothing when there are none."""
    condition = Q(pk__in=[])
    for account in accounts:
        condition |= Q(username__iexact=account.email)
    return condition


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
    if not (person.email and person.company_id):
        return User.objects.none()
    return User.objects.filter(email__iexact=person.email, role=User.Role.COMPANY, company=person.company_id)


def contact_data(person: ContactPerson, *, user: User) -> dict:
    """Everything the portal holds about one contact person, for a data-subject access request."""
    held = PersonalData.of(person, user=user)
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
        "history": [
            {
                "date": record.history_date.isoformat(),
                "type": record.history_type,
                "name": record.name,
                "role": record.role,
                "email": record.email,
                "phone": record.phone,
            }
            for record in person.history.order_by("history_date", "history_id")
        ],
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
            for signup in held.signups
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
            for account in held.accounts
        ],
        "login_records": held.login_records,
    }


@transaction.atomic
def erase_contact(person: ContactPerson, *, by: User) -> ContactPerson:
    """Anonymise a contact person everywhere the acting user may reach (`PersonalData`).

    The row itself stays, so agreements, figures and the organisation's history remain intact.
    """
    held = PersonalData.of(person, user=by)
    erased_name = _("Erased contact person")
    for model in LOGIN_MODELS:
        model.objects.filter(_login_rows(held.accounts)).delete()
    for account in held.accounts:
        account.email = f"erased-{account.pk}@erased.invalid"
        account.first_name = account.last_name = ""
        account.is_active = False
        account.set_unusable_password()
        account.save()
    HostSignup.objects.filter(pk__in=[signup.pk for signup in held.signups]).update(
        contact_name=erased_name, contact_role="", contact_email="", contact_phone=""
    )
    person.name = erased_name
    person.role = person.email = person.phone = ""
    person._change_reason = "Personoplysninger slettet"
    person._history_user = by
    person.save()
    latest = person.history.latest()
    person.history.exclude(history_id=latest.history_id).delete()
    return person
