"""A company's offer to host pupils, from the public form to the coordinator's decision."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from partnerships.fields import CVRField, DanishPhoneField, HttpsURLField, four_digits
from partnerships.models import Company, ContactPerson, Municipality, VisibleQuerySet


class HostSignupQuerySet(VisibleQuerySet):
    """Sign-ups of companies in the municipalities the user may read (never for company users)."""

    def waiting(self):
        """Verified sign-ups that wait for a coordinator's decision."""
        return self.filter(status=HostSignup.Status.WAITING)


class HostSignup(models.Model):
    """A company's offer to host pupils, from the public form until a coordinator decides.

    The company and its contact person are created only when the email address is confirmed, so
    unconfirmed sign-ups never reach the coordinators.
    """

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("Email address not yet confirmed")
        WAITING = "waiting", _("Awaiting approval")
        KNOWN = "known", _("Company already registered")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name of the company"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Company.Kind, default=Company.Kind.COMPANY)
    cvr = CVRField(
        _("CVR number"),
        blank=True,
        help_text=_(
            "A company gives its CVR number; an association or organisation without one leaves it empty."
        ),
    )
    address = models.CharField(_("address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=4, validators=[four_digits])
    municipality = models.ForeignKey(
        Municipality, models.PROTECT, verbose_name=_("municipality"), related_name="host_signups"
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Company.Sector, blank=True)
    employee_band = models.CharField(
        _("number of employees"), max_length=10, choices=Company.EmployeeBand, blank=True
    )
    website = HttpsURLField(_("website"), max_length=200, blank=True)
    hosting_capacity = models.PositiveSmallIntegerField(
        _("hosting capacity"),
        default=1,
        validators=[MaxValueValidator(50)],
        help_text=_("How many classes the company can host in a HOP-IN week (0 to 50)."),
    )
    programmes_of_interest = models.ManyToManyField(
        "partnerships.Programme",
        verbose_name=_("programmes of interest"),
        related_name="host_signups",
        blank=True,
    )
    contact_name = models.CharField(_("your name"), max_length=200)
    contact_role = models.CharField(_("your job title"), max_length=200, blank=True)
    contact_email = models.EmailField(_("your email address"))
    contact_phone = DanishPhoneField(_("your phone number"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="da", editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.UNVERIFIED)
    company = models.ForeignKey(
        Company,
        models.SET_NULL,
        verbose_name=_("company"),
        related_name="host_signups",
        null=True,
        blank=True,
    )
    contact = models.ForeignKey(
        ContactPerson,
        models.SET_NULL,
        verbose_name=_("contact person"),
        related_name="host_signups",
        null=True,
        blank=True,
    )
    consented_at = models.DateTimeField(_("consent given at"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    verified_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name=_("decided by"),
        related_name="+",
        null=True,
        blank=True,
    )
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)

    objects = HostSignupQuerySet.as_manager()

    class Meta:
        db_table = "partnerships_hostsignup"  # the table from before the model moved to this app
        verbose_name = _("host sign-up")
        verbose_name_plural = _("host sign-ups")
        ordering = ["submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("cvr"), 8) | (Q(cvr="") & ~Q(kind=Company.Kind.COMPANY)),
                name="hostsignup_cvr_eight_digits",
                violation_error_message=_(
                    "A company needs its CVR number; associations and other organisations may leave it empty."
                ),
            ),
            models.CheckConstraint(
                condition=Q(hosting_capacity__lte=50), name="hostsignup_hosting_capacity_max"
            ),
        ]
        indexes = [models.Index(fields=["status", "municipality"], name="hostsignup_status_municipality")]

    def __str__(self):
        return f"{self.name} ({self.cvr})" if self.cvr else self.name

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.municipality_id)
