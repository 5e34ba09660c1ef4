"""Business actions of the host sign-up: confirmation, approval, rejection and their emails."""

import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from brasite.lib.email import absolute_url, send_templated_email
from partnerships import cvr
from partnerships.groups import group_of
from partnerships.models import Company, ContactPerson, Municipality, User, similarity_q
from partnerships.services import save_register_units

from .models import HostSignup

Status = HostSignup.Status
SIGNUP_SALT = "partnerships.host-signup.confirm"


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
    link = absolute_url(reverse("hosting:host_signup_confirm", args=[signup_token(signup)]))
    send_templated_email(
        "hosting/email/host_signup_confirm",
        to=[signup.contact_email],
        context={
            "signup": signup,
            "link": link,
            "days": settings.HOST_SIGNUP_LINK_DAYS,
            "group": group_of(signup.municipality),
        },
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
    from whom instead. Otherwise (always, without a CVR number: names are not unique enough to match on)
    the company is created as pending host with the contact person; the queue shows look-alikes.
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
        transaction.on_commit(lambda: _notify_coordinators("hosting/email/host_signup_known", signup))
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
    if company.cvr and cvr.is_enabled():  # after the commit: the register is not asked inside the lock
        transaction.on_commit(lambda: add_register_units(company))
    transaction.on_commit(lambda: _notify_coordinators("hosting/email/host_signup_waiting", signup))
    return signup


def add_register_units(company: Company) -> None:
    """The production units the CVR register lists for a company made from a sign-up (the sign-up page
    showed them after a look-up), so that it is present where it works; nothing when the register fails."""
    save_register_units(company, cvr.lookup_for_form(company.cvr).production_units)


def _create_company(signup: HostSignup) -> Company | None:
    """A pending host made from the sign-up; None when a company with its CVR number exists."""
    if signup.cvr and Company.objects.filter(cvr=signup.cvr).exists():
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
            "queue_link": absolute_url(reverse("hosting:host_signup_queue")),
            "company_link": absolute_url(company.get_absolute_url()),
            "group": group_of(signup.municipality),
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
        "hosting/email/host_signup_approved",
        to=[user.email],
        context={
            "signup": signup,
            "user": user,
            "link": absolute_url(reverse("hosting:host_password_set", args=[uid, token])),
            "login_link": absolute_url(reverse("login")),
            "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
            "group": group_of(signup.municipality),
        },
        language=signup.language,
    )


@transaction.atomic
def reject_signup(signup: HostSignup, *, by: User, reason: str) -> HostSignup:
    """The sign-up is turned down; the contact is told why by email."""
    signup = _locked_waiting(signup)
    company = signup.company
    if company.host_status == Company.HostStatus.PENDING:  # not a company the sign-up was attached to
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
            "hosting/email/host_signup_rejected",
            to=[email] if email else [],
            context={
                "signup": signup,
                "company": company,
                "reason": reason,
                "group": group_of(signup.municipality),
            },
            language=signup.language,
        )
    )
    return signup


def similar_companies_by_signup(signups) -> dict[int, list[Company]]:
    """For each sign-up's pk the companies other than its own that look like it (one query for all)."""
    conditions = {
        f"like_{signup.pk}": similarity_q(
            name=signup.name, address=signup.address, postcode=signup.postcode, cvr=signup.cvr
        )
        & ~Q(pk=signup.company_id)
        for signup in signups
    }
    found = {signup.pk: [] for signup in signups}
    if not conditions:
        return found
    alike = Q()
    for condition in conditions.values():
        alike |= condition
    companies = Company.objects.filter(alike).annotate(**conditions).select_related("municipality")
    for company in companies:
        for signup in signups:
            if getattr(company, f"like_{signup.pk}"):
                found[signup.pk].append(company)
    return found


@transaction.atomic
def attach_signup(signup: HostSignup, company: Company, *, by: User) -> HostSignup:
    """The sign-up is about a company already registered: it moves there with its contact person, and the
    pending company made from it when the address was confirmed is deleted; approval then goes on as usual.
    """
    signup = _locked_waiting(signup)
    duplicate = signup.company
    if company.pk == duplicate.pk:
        raise ValidationError(_("The sign-up already belongs to this company."))
    if duplicate.host_status != Company.HostStatus.PENDING:
        raise ValidationError(
            _("%(name)s is no longer a pending host, so it is not deleted. Merge the companies by hand.")
            % {"name": duplicate.name}
        )
    if duplicate.host_signups.exclude(pk=signup.pk).exists() or duplicate.users.exists():
        raise ValidationError(
            _(
                "Other sign-ups or logins belong to %(name)s, so it is not deleted. "
                "Merge the companies by hand."
            )
            % {"name": duplicate.name}
        )
    contact = signup.contact
    if contact is not None and contact.company_id == duplicate.pk:
        known = company.contacts.filter(email__iexact=contact.email).first() if contact.email else None
        if known is None:
            contact.company = company
            contact._change_reason = "Flyttet med værtstilmeldingen til en registreret virksomhed"
            contact._history_user = by
            contact.save()
        else:
            contact = known
    signup.company, signup.contact = company, contact
    signup.save()
    duplicate._history_user = by
    duplicate._change_reason = "Slettet: værtstilmeldingen hører til en registreret virksomhed"
    try:
        with transaction.atomic():
            duplicate.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(
            _("%(name)s already has agreements or other records, so it is not deleted. Merge them by hand.")
            % {"name": duplicate.name}
        ) from error
    return signup


def waiting_signups(user: User):
    """Confirmed sign-ups awaiting a decision in the user's municipalities, oldest first."""
    return (
        HostSignup.objects.visible_to(user)
        .waiting()
        .select_related("company", "municipality", "contact")
        .order_by("submitted_at")
    )


def expired_signups(now: datetime.datetime | None = None):
    """Sign-ups past the retention period the privacy notice states: unconfirmed ones that many days
    after they were sent, rejected ones that many days after the decision."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.HOST_SIGNUP_RETENTION_DAYS)
    return HostSignup.objects.filter(
        Q(status=Status.UNVERIFIED, submitted_at__lt=cutoff)
        | Q(status=Status.REJECTED, decided_at__lt=cutoff)
    )


@transaction.atomic
def purge_expired_signups(*, now: datetime.datetime | None = None, dry_run: bool = False) -> int:
    """Delete unconfirmed and rejected sign-ups past their retention period; how many there were.

    Called every day (the `purge_signups` command, or the daily job)."""
    expired = expired_signups(now)
    count = expired.count()
    if not dry_run and count:
        expired.delete()
    return count
