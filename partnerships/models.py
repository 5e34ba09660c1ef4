import datetime
import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, IntegerField, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import CVRField, DanishPhoneField, HttpsURLField

four_digits = RegexValidator(r"^[0-9]{4}$", _("Enter exactly 4 digits."), code="four_digits")
six_digits = RegexValidator(
    r"^[0-9]{6}$", _("An institution number has exactly 6 digits."), code="six_digits"
)


def normalize_login(value) -> str:
    """The one spelling of a login address, as login matches it: NFKC, no surrounding spaces, any case.

    The lockout (django-axes) counts failures under this spelling too, so no variant gets extra guesses.
    """
    return unicodedata.normalize("NFKC", str(value or "")).strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=normalize_login(username))


class User(AbstractUser):
    """A person who logs in with an email address; the role says what they may see and change."""

    class Role(models.TextChoices):
        NONE = "", _("No role")
        COORDINATOR = "coordinator", _("Municipal coordinator")
        VIEWER = "viewer", _("Regional viewer")
        COMPANY = "company", _("Company contact")

    username = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.NONE, blank=True)
    municipalities = models.ManyToManyField(
        "Municipality",
        verbose_name=_("coordinated municipalities"),
        related_name="coordinators",
        blank=True,
    )
    company = models.ForeignKey(
        "Company",
        models.SET_NULL,
        verbose_name=_("company"),
        related_name="users",
        null=True,
        blank=True,
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def is_regional_viewer(self) -> bool:
        return self.role == self.Role.VIEWER

    @property
    def is_company_user(self) -> bool:
        return self.role == self.Role.COMPANY and self.company_id is not None

    @property
    def sees_all_municipalities(self) -> bool:
        return self.is_staff or self.is_regional_viewer

    @property
    def has_role(self) -> bool:
        return self.is_staff or self.is_regional_viewer or self.is_coordinator or self.is_company_user

    @cached_property
    def coordinated_municipality_ids(self) -> frozenset[int]:
        if not self.is_coordinator:
            return frozenset()
        return frozenset(self.municipalities.values_list("pk", flat=True))

    def visible_municipalities(self) -> "MunicipalityQuerySet":
        """The municipalities whose data this user may read."""
        if self.sees_all_municipalities:
            return Municipality.objects.all()
        return Municipality.objects.filter(pk__in=self.coordinated_municipality_ids)

    def can_edit_in(self, municipality_id: int) -> bool:
        """Whether the user may change data belonging to the municipality."""
        return self.is_staff or municipality_id in self.coordinated_municipality_ids


class MunicipalityQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.sees_all_municipalities:
            return self
        return self.filter(pk__in=user.coordinated_municipality_ids)

    def with_goal_progress(self, on: datetime.date | None = None):
        """Annotate each municipality with `counting` agreements on the date and whether `goal_met`.

        One query for all municipalities; the rule itself is `CooperationAgreement.counting_q`.
        """
        on = on or timezone.localdate()
        return (
            self.annotate(
                counting=Count(
                    "schools__agreements",
                    filter=CooperationAgreement.counting_q(on, prefix="schools__agreements__"),
                    distinct=True,
                ),
            )
            .annotate(
                goal_met=Case(
                    When(counting__gte=F("agreement_goal"), then=Value(True)),
                    default=Value(False),
                    output_field=models.BooleanField(),
                )
            )
            .order_by("name")
        )

    def with_overview(self, on: datetime.date | None = None):
        """`with_goal_progress` plus the region overview's figures, all in one query.

        `goal_status` is met, close (one agreement short) or behind; `drafts` counts agreements in draft
        now; schools (active ones) and approved hosts are split by whether they have an agreement that
        counts on the date.
        """
        on = on or timezone.localdate()
        counting_here = CooperationAgreement.objects.filter(CooperationAgreement.counting_q(on))
        schools = School.objects.filter(municipality=OuterRef("pk"), active=True)
        hosts = Company.objects.approved_hosts().filter(municipality=OuterRef("pk"))
        return self.with_goal_progress(on).annotate(
            goal_status=Case(
                When(counting__gte=F("agreement_goal"), then=Value(Municipality.GoalStatus.MET)),
                When(counting__gte=F("agreement_goal") - 1, then=Value(Municipality.GoalStatus.CLOSE)),
                default=Value(Municipality.GoalStatus.BEHIND),
                output_field=models.CharField(),
            ),
            goal_rank=Case(
                When(counting__gte=F("agreement_goal"), then=Value(2)),
                When(counting__gte=F("agreement_goal") - 1, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            drafts=count_of(
                CooperationAgreement.objects.filter(
                    school__municipality=OuterRef("pk"), status=CooperationAgreement.Status.DRAFT
                ),
                "school__municipality",
            ),
            schools_total=count_of(schools, "municipality"),
            schools_with_agreement=count_of(
                schools.filter(Exists(counting_here.filter(school=OuterRef("pk")))), "municipality"
            ),
            hosts_total=count_of(hosts, "municipality"),
            hosts_with_agreement=count_of(
                hosts.filter(Exists(counting_here.filter(company=OuterRef("pk")))), "municipality"
            ),
        )

    def with_counts_on(self, days: dict[str, datetime.date]):
        """Annotate the agreements counting on each of several dates (name -> date), in one query."""
        return self.annotate(
            **{
                name: Count(
                    "schools__agreements",
                    filter=CooperationAgreement.counting_q(day, prefix="schools__agreements__"),
                    distinct=True,
                )
                for name, day in days.items()
            }
        )

    def in_programme(self, programme, on: datetime.date | None = None):
        """Municipalities taking part in the programme or having its agreements, with both facts.

        Annotates `participation_status`, `from_year`, `to_year` (None when not a participant) and
        `programme_counting`: the programme's agreements counting toward the goal on the date.
        """
        on = on or timezone.localdate()
        return (
            self.annotate(
                participation=models.FilteredRelation(
                    "participations", condition=Q(participations__programme=programme)
                ),
                participation_status=F("participation__status"),
                from_year=F("participation__from_year"),
                to_year=F("participation__to_year"),
                programme_counting=Count(
                    "schools__agreements",
                    filter=CooperationAgreement.counting_q(on, prefix="schools__agreements__")
                    & Q(schools__agreements__programme=programme),
                    distinct=True,
                ),
            )
            .filter(Q(participation_status__isnull=False) | Q(programme_counting__gt=0))
            .order_by("name")
        )


def count_of(queryset: models.QuerySet, group_by: str) -> Coalesce:
    """A correlated subquery counting the rows of `queryset` (already filtered on OuterRef), 0 if none."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class Municipality(models.Model):
    class GoalStatus(models.TextChoices):
        MET = "met", _("Goal met")
        CLOSE = "close", _("Close: one agreement short")
        BEHIND = "behind", _("Behind")

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[four_digits],
        help_text=_("The four-digit kommunekode, with its leading zero, e.g. 0751."),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    agreement_goal = models.PositiveSmallIntegerField(
        _("agreement goal"),
        default=3,
        help_text=_("How many active cooperation agreements the municipality aims for."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Exact(Length("code"), 4), name="municipality_code_four_digits"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:municipality_detail", args=[self.slug])

    @property
    def goal_missing(self) -> int:
        """Agreements still needed to meet the goal (needs the `counting` annotation)."""
        return max(self.agreement_goal - self.counting, 0)

    @property
    def goal_bar_value(self) -> int:
        return min(self.counting, self.agreement_goal)

    def get_goal_status_display(self) -> str:
        """The goal status in words (needs the `goal_status` annotation of `with_overview`)."""
        return self.GoalStatus(self.goal_status).label

    @property
    def schools_without_agreement(self) -> int:
        return self.schools_total - self.schools_with_agreement

    @property
    def hosts_without_agreement(self) -> int:
        return self.hosts_total - self.hosts_with_agreement


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Schools of the municipalities the user may read; for everybody else they do not exist."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_all_municipalities:
            return self
        return self.filter(municipality__in=user.coordinated_municipality_ids)

    def youth_educations(self):
        return self.filter(kind__in=School.YOUTH_EDUCATION_KINDS)

    def primary(self):
        return self.exclude(kind__in=School.YOUTH_EDUCATION_KINDS)

    def figures_by_kind(self, *, on: datetime.date, since: datetime.date | None = None):
        """Per kind of school: active schools, those with an agreement counting on the date, and the
        agreements counting on the date (and on `since`)."""
        rule = CooperationAgreement.counting_q(on, prefix="agreements__")
        figures = {
            "schools": Count("pk", filter=Q(active=True), distinct=True),
            "schools_with_agreement": Count("pk", filter=Q(active=True) & rule, distinct=True),
            "counting": Count("agreements", filter=rule, distinct=True),
        }
        if since is not None:
            before = CooperationAgreement.counting_q(since, prefix="agreements__")
            figures["counting_since"] = Count("agreements", filter=before, distinct=True)
        return self.order_by().values("kind").annotate(**figures).order_by("kind")


class School(models.Model):
    class Kind(models.TextChoices):
        FOLKESKOLE = "folkeskole", _("Folkeskole (municipal school)")
        FRISKOLE = "friskole", _("Friskole / privatskole")
        EFTERSKOLE = "efterskole", _("Efterskole")
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
        Municipality, models.PROTECT, verbose_name=_("municipality"), related_name="schools"
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
    active = models.BooleanField(_("active"), default=True)
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


class CompanyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Companies registered in the municipalities the user may read (a company user: its own)."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_all_municipalities:
            return self
        if user.is_company_user:
            return self.filter(pk=user.company_id)
        return self.filter(municipality__in=user.coordinated_municipality_ids)

    def approved_hosts(self):
        return self.filter(host_status=Company.HostStatus.APPROVED)


class Company(models.Model):
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
        unique=True,
        error_messages={"unique": _("A company with this CVR number is already registered.")},
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COMPANY)
    municipality = models.ForeignKey(
        Municipality, models.PROTECT, verbose_name=_("municipality"), related_name="companies"
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
        "programmes.Programme",
        verbose_name=_("programmes of interest"),
        related_name="interested_companies",
        blank=True,
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
            models.CheckConstraint(condition=Exact(Length("cvr"), 8), name="company_cvr_eight_digits"),
            models.CheckConstraint(
                condition=Q(hosting_capacity__lte=50), name="company_hosting_capacity_max"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "host_status"], name="company_municipality_status")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:company_detail", args=[self.pk])

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.municipality_id)


class ContactPerson(models.Model):
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


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Agreements of the schools in the user's municipalities (a company user: its own agreements)."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_all_municipalities:
            return self
        if user.is_company_user:
            return self.filter(company=user.company_id)
        return self.filter(school__municipality__in=user.coordinated_municipality_ids)

    def counting(self, on: datetime.date | None = None):
        """Agreements that count toward their municipality's goal on the date (default today)."""
        return self.filter(CooperationAgreement.counting_q(on or timezone.localdate()))

    def first_start_date(self) -> datetime.date | None:
        """The earliest start date of these agreements (where the trend over school years begins)."""
        return self.aggregate(first=Min("start_date"))["first"]

    @staticmethod
    def _figures(on: datetime.date, since: datetime.date | None) -> dict:
        rule = CooperationAgreement.counting_q(on)
        figures = {
            "total": Count("pk"),
            "counting": Count("pk", filter=rule),
            "schools": Count("school", filter=rule, distinct=True),
            "companies": Count("company", filter=rule, distinct=True),
            **{status.value: Count("pk", filter=Q(status=status)) for status in CooperationAgreement.Status},
        }
        if since is not None:
            figures["counting_since"] = Count("pk", filter=CooperationAgreement.counting_q(since))
        return figures

    def figures(self, *, on: datetime.date, since: datetime.date | None = None) -> dict:
        """Agreements counting on the date (and on `since`), and how many have each status now.

        `counting` and `counting_since` follow the goal-counting rule; the status figures count every
        agreement by its current status; `schools` and `companies` are those with a counting agreement.
        """
        return self.aggregate(**self._figures(on, since))

    def figures_by(self, *fields: str, on: datetime.date, since: datetime.date | None = None):
        """`figures` with one row per value of `fields` (e.g. per programme), in one query."""
        return self.order_by().values(*fields).annotate(**self._figures(on, since)).order_by(*fields)


class CooperationAgreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")

    school = models.ForeignKey(School, models.PROTECT, verbose_name=_("school"), related_name="agreements")
    company = models.ForeignKey(Company, models.PROTECT, verbose_name=_("company"), related_name="agreements")
    programme = models.ForeignKey(
        "programmes.Programme",
        models.PROTECT,
        verbose_name=_("programme"),
        related_name="agreements",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    activities = models.TextField(
        _("activities"), blank=True, help_text=_("What the school and company do together.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    contact_persons = models.ManyToManyField(
        ContactPerson, verbose_name=_("contact persons"), related_name="agreements", blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name=_("created by"),
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name=_("updated by"),
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[contact_persons])
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-start_date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="agreement_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "start_date", "end_date"], name="agreement_status_dates"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:agreement_detail", args=[self.pk])

    @property
    def municipality(self) -> Municipality:
        return self.school.municipality

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.school.municipality_id)

    @staticmethod
    def counting_q(on: datetime.date, prefix: str = "") -> Q:
        """The one goal-counting rule: active on the date (right status, started, not yet ended).

        Which statuses and programmes count is configured in settings (default: active, any programme).
        """
        rule = (
            Q(**{f"{prefix}status__in": settings.GOAL_COUNTING_STATUSES})
            & Q(**{f"{prefix}start_date__lte": on})
            & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on}))
        )
        if settings.GOAL_PROGRAMME_SLUGS:
            rule &= Q(**{f"{prefix}programme__slug__in": settings.GOAL_PROGRAMME_SLUGS})
        return rule

    def counts_on(self, on: datetime.date) -> bool:
        programme_ok = not settings.GOAL_PROGRAMME_SLUGS or (
            self.programme is not None and self.programme.slug in settings.GOAL_PROGRAMME_SLUGS
        )
        return (
            programme_ok
            and self.status in settings.GOAL_COUNTING_STATUSES
            and self.start_date <= on
            and (self.end_date is None or self.end_date >= on)
        )


class HostSignupQuerySet(models.QuerySet):
    def waiting(self):
        """Verified sign-ups that wait for a coordinator's decision."""
        return self.filter(status=HostSignup.Status.WAITING)

    def visible_to(self, user):
        """Sign-ups of companies in the municipalities the user may read."""
        if not user.is_authenticated or user.is_company_user:
            return self.none()
        if user.sees_all_municipalities:
            return self
        return self.filter(municipality__in=user.coordinated_municipality_ids)


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
    cvr = CVRField(_("CVR number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Company.Kind, default=Company.Kind.COMPANY)
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
        "programmes.Programme",
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
        verbose_name = _("host sign-up")
        verbose_name_plural = _("host sign-ups")
        ordering = ["submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hosting_capacity__lte=50), name="hostsignup_hosting_capacity_max"
            ),
        ]
        indexes = [models.Index(fields=["status", "municipality"], name="hostsignup_status_municipality")]

    def __str__(self):
        return f"{self.name} ({self.cvr})"


class RateLimitHit(models.Model):
    """One counted request for a rate limit; the client's address is kept only as a keyed hash."""

    scope = models.CharField(_("scope"), max_length=50)
    key = models.CharField(_("key"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("rate-limit hit")
        verbose_name_plural = _("rate-limit hits")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["scope", "key", "created_at"], name="ratelimithit_lookup")]

    def __str__(self):
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"
