"""Schools and youth educations, companies and other partner organisations, and their contact persons."""

import datetime
import re

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brasite.lib.versioning import Versioned

from ..fields import CVRField, DanishPhoneField, HttpsURLField, four_digits, six_digits, ten_digits
from .visibility import VisibleQuerySet


class SchoolQuerySet(VisibleQuerySet):
    def youth_educations(self):
        return self.filter(kind__in=School.YOUTH_EDUCATION_KINDS)

    def primary(self):
        return self.exclude(kind__in=School.YOUTH_EDUCATION_KINDS)

    def schools_by_kind(self, *, on: datetime.date) -> dict[str, dict]:
        """Per kind of school (those with any school): the active schools, and those with an agreement
        counting on the date. One grouped query; the agreements per kind come from `figure_rows`."""
        from .agreements import CooperationAgreement  # agreements.py imports this module

        counting_here = CooperationAgreement.objects.filter(
            CooperationAgreement.counting_q(on), school=OuterRef("pk")
        )
        rows = (
            self.order_by()
            .values("kind")
            .annotate(
                schools=Count("pk", filter=Q(active=True)),
                schools_with_agreement=Count("pk", filter=Q(active=True) & Exists(counting_here)),
            )
        )
        return {row.pop("kind"): row for row in rows}


class School(Versioned):
    class Kind(models.TextChoices):
        FOLKESKOLE = "folkeskole", _("Folkeskole (municipal school)")
        FRISKOLE = "friskole", _("Friskole / privatskole")
        EFTERSKOLE = "efterskole", _("Efterskole")
        SPECIAL = "specialskole", _("Special school")
        YOUTH_SCHOOL = "ungdomsskole", _("Municipal youth school")
        TENTH_GRADE = "10th_grade", _("10th-grade centre")
        STX = "stx", _("STX (upper secondary school)")
        HF = "hf", _("HF (higher preparatory)")
        HHX = "hhx", _("HHX (commercial upper secondary)")
        HTX = "htx", _("HTX (technical upper secondary)")
        VOCATIONAL = "eud_eux", _("EUD/EUX vocational college")
        PRODUCTION = "production", _("Production school")
        OTHER = "other", _("Other")

    class Stage(models.TextChoices):
        PRIMARY = "primary", _("Primary and lower secondary")
        YOUTH = "youth", _("Youth education")

    YOUTH_EDUCATION_KINDS = (Kind.STX, Kind.HF, Kind.HHX, Kind.HTX, Kind.VOCATIONAL, Kind.PRODUCTION)

    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        "partnerships.Municipality", models.PROTECT, verbose_name=_("municipality"), related_name="schools"
    )
    kind = models.CharField(_("kind of school"), max_length=20, choices=Kind, default=Kind.FOLKESKOLE)
    institution_number = models.CharField(
        _("institution number"),
        max_length=6,
        blank=True,
        validators=[six_digits],
        help_text=_("The six-digit number in the Ministry of Children and Education's register, if known."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True, validators=[four_digits])
    # From the institution register, for a map (WGS84 decimal degrees).
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive: closed, or no longer in the institution register.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution_number"],
                condition=~Q(institution_number=""),
                name="school_unique_institution_number",
                violation_error_message=_("A school with this institution number already exists."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="school_unique_name_per_municipality",
                violation_error_message=_("This municipality already has a school with this name."),
            ),
        ]
        indexes = [models.Index(fields=["municipality", "kind"], name="school_municipality_kind")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:school_detail", args=[self.pk])

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.municipality_id)

    @property
    def stage(self) -> str:
        return self.Stage.YOUTH if self.kind in self.YOUTH_EDUCATION_KINDS else self.Stage.PRIMARY

    def get_stage_display(self) -> str:
        return self.Stage(self.stage).label


class CompanyQuerySet(VisibleQuerySet):
    company_path = "pk"

    def approved_hosts(self):
        return self.filter(host_status=Company.HostStatus.APPROVED)

    def in_municipalities(self, municipalities):
        """Companies present in the municipalities (pks or a queryset): seated there, or with an active
        production unit there. Every choice of companies by municipality goes through here."""
        units = ProductionUnit.objects.filter(municipality__in=municipalities, active=True).values("company")
        return self.filter(Q(municipality__in=municipalities) | Q(pk__in=units))

    def open_to_outreach(self):
        """Companies that may be approached unsolicited: not reklamebeskyttet in the CVR register.
        Every outreach list (contact exports, host candidate lists) is built on this."""
        return self.filter(advertising_protected=False)

    def similar_to(
        self, *, name: str = "", address: str = "", postcode: str = "", cvr: str = "", exclude_pk=None
    ):
        """Companies that look like the same one (`similarity_q`). The duplicate warning of every way a
        company is added uses it: the company form, the host sign-up queue and (in Python, by
        `same_name_key`) the spreadsheet import."""
        similar = self.filter(similarity_q(name=name, address=address, postcode=postcode, cvr=cvr))
        return similar.exclude(pk=exclude_pk) if exclude_pk else similar


def similarity_q(*, name: str = "", address: str = "", postcode: str = "", cvr: str = "") -> Q:
    """The one look-alike rule: the same CVR number, the same name, or the same address in the same postcode,
    names and addresses compared as `same_name_key` compares them (an address alone is no match)."""
    condition = _same_text("name", name)
    if cvr:
        condition |= Q(cvr=cvr)
    if address.strip() and postcode.strip():
        condition |= _same_text("address", address) & Q(postcode=postcode.strip())
    return condition


def _same_text(field: str, text: str) -> Q:
    """`field` holds `text` whatever the case and the runs of whitespace (a regex, so that SQLite, too,
    compares Danish letters without regard to case); nothing matches an empty text."""
    words = text.split()
    pattern = r"^\s*" + r"\s+".join(re.escape(word) for word in words) + r"\s*$"
    return Q(**{f"{field}__iregex": pattern}) if words else Q(pk__in=[])


class Company(Versioned):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        ORGANISATION = "organisation", _("Organisation")
        ASSOCIATION = "association", _("Association")

    class HostStatus(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved host")
        REJECTED = "rejected", _("Rejected")
        INACTIVE = "inactive", _("Inactive")

    class Sector(models.TextChoices):
        MANUFACTURING = "manufacturing", _("Manufacturing and production")
        FOOD = "food", _("Food and agriculture")
        CONSTRUCTION = "construction", _("Construction")
        ENERGY = "energy", _("Energy and utilities")
        IT = "it", _("IT and communication")
        TRADE = "trade", _("Trade and transport")
        SERVICE = "service", _("Business services")
        HEALTH = "health", _("Health and care")
        PUBLIC = "public", _("Public sector")
        OTHER = "other", _("Other")

    class EmployeeBand(models.TextChoices):
        MICRO = "1-9", _("1–9 employees")
        SMALL = "10-49", _("10–49 employees")
        MEDIUM = "50-249", _("50–249 employees")
        LARGE = "250+", _("250 or more employees")

    name = models.CharField(_("name"), max_length=200)
    cvr = CVRField(
        _("CVR number"),
        blank=True,
        help_text=_("Associations and other organisations without a CVR number leave it empty."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COMPANY)
    municipality = models.ForeignKey(
        "partnerships.Municipality", models.PROTECT, verbose_name=_("municipality"), related_name="companies"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True, validators=[four_digits])
    sector = models.CharField(_("sector"), max_length=20, choices=Sector, blank=True)
    employee_band = models.CharField(
        _("number of employees"), max_length=10, choices=EmployeeBand, blank=True
    )
    website = HttpsURLField(_("website"), max_length=200, blank=True)
    host_status = models.CharField(
        _("host status"), max_length=10, choices=HostStatus, default=HostStatus.PENDING
    )
    programmes_of_interest = models.ManyToManyField(
        "partnerships.Programme",
        verbose_name=_("programmes of interest"),
        related_name="interested_companies",
        blank=True,
    )
    advertising_protected = models.BooleanField(
        _("advertising protected (reklamebeskyttet)"),
        default=False,
        help_text=_("Marked so in the CVR register: not to be contacted with unsolicited outreach."),
    )
    hosting_capacity = models.PositiveSmallIntegerField(
        _("hosting capacity"),
        default=1,
        help_text=_("How many classes the company can host in a HOP-IN week."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[programmes_of_interest])
    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("cvr"), 8) | (Q(cvr="") & ~Q(kind="company")),
                name="company_cvr_eight_digits",
                violation_error_message=_(
                    "A company needs its CVR number; associations and other organisations may leave it empty."
                ),
            ),
            models.UniqueConstraint(
                fields=["cvr"],
                condition=~Q(cvr=""),
                name="company_unique_cvr",
                violation_error_message=_("A company with this CVR number is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(hosting_capacity__lte=50), name="company_hosting_capacity_max"
            ),
        ]
        # In name order too: a municipality's hosts without an agreement are the first few in it, not a sort
        # of all of them.
        indexes = [
            models.Index(fields=["municipality", "host_status", "name"], name="company_municipality_hosts")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:company_detail", args=[self.pk])

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.municipality_id)

    def answer_for(self, school_year: int):
        """The company's yearly answer whether it hosts (`reminders.HostAnswer`, through the reverse relation,
        so this app imports nothing above it) for the school year, or None. Prefetch `yearly_host_answers`."""
        return next((a for a in self.yearly_host_answers.all() if a.school_year == school_year), None)


def same_name_key(text: str) -> str:
    """A name or address as compared for duplicates: lower case, runs of spaces made one."""
    return " ".join(text.split()).lower()


class ProductionUnit(Versioned):
    """A production unit (P-number) of a company in the CVR register: a place where it works, and so can
    host, possibly in another municipality than its seat."""

    company = models.ForeignKey(
        Company, models.CASCADE, verbose_name=_("company"), related_name="production_units"
    )
    p_number = models.CharField(
        _("P-number"),
        max_length=10,
        unique=True,
        validators=[ten_digits],
        help_text=_("The production unit's ten-digit number in the CVR register."),
        error_messages={"unique": _("A production unit with this P-number is already registered.")},
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True, validators=[four_digits])
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        models.PROTECT,
        verbose_name=_("municipality"),
        related_name="production_units",
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive: closed, or no longer the company's in the register."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("production unit")
        verbose_name_plural = _("production units")
        ordering = ["p_number"]
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("p_number"), 10), name="productionunit_p_number_ten_digits"
            )
        ]
        # Companies present in a municipality: found from the municipality's units without a table scan.
        indexes = [
            models.Index(fields=["municipality", "active", "company"], name="productionunit_municipality")
        ]

    def __str__(self):
        return f"{self.name or self.company} ({self.p_number})"


class ContactPersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Contact persons of the schools and companies the user may see."""
        return self.filter(
            Q(school__in=School.objects.visible_to(user)) | Q(company__in=Company.objects.visible_to(user))
        )

    def open_to_outreach(self):
        """Contact persons who may be approached unsolicited: at schools, or at companies open to outreach."""
        return self.filter(Q(school__isnull=False) | Q(company__in=Company.objects.open_to_outreach()))


class ContactPerson(Versioned):
    """A named person at a school or a company (personal data: see the privacy notice)."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = DanishPhoneField(_("phone"), blank=True)
    school = models.ForeignKey(
        School,
        models.CASCADE,
        verbose_name=_("school"),
        related_name="contacts",
        null=True,
        blank=True,
    )
    company = models.ForeignKey(
        Company,
        models.CASCADE,
        verbose_name=_("company"),
        related_name="contacts",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(school__isnull=False) & Q(company__isnull=True))
                | (Q(school__isnull=True) & Q(company__isnull=False)),
                name="contactperson_school_xor_company",
                violation_error_message=_(
                    "A contact person belongs to either a school or a company, not both."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def organisation(self):
        return self.school or self.company

    def is_editable_by(self, user) -> bool:
        return self.organisation.is_editable_by(user)
