"""The HOP-IN week and the classes it is for: the week and its planner options, the classes and their wishes.

Also each school's number of classes of a grade (`ClassCount`), which the week's coverage is measured against.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brasite.lib.versioning import Versioned
from partnerships.fields import DanishPhoneField
from partnerships.models import Company, School, VisibleQuerySet, count_of
from partnerships.schoolyears import SchoolYear

GRADE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(10)]


def new_plan_seed() -> int:
    """A fresh random seed for the planner's tie-breaks (stored with the week, so a re-run is the same)."""
    return secrets.randbelow(1_000_000)


class HopInWeekQuerySet(VisibleQuerySet):
    def with_coverage(self):
        """Annotate `classes_total`, `classes_placed` and `classes_typed` in one query.

        `classes_total` counts, per school, the larger of the classes typed in and the number of classes of
        the grade the school has (`ClassCount`, entered per school and year), so a school whose classes are
        missing lowers the coverage instead of vanishing from it.
        """
        classes = SchoolClass.objects.filter(
            school__municipality=OuterRef("municipality"),
            school_year=OuterRef("school_year"),
            grade=OuterRef("grade"),
        )
        # Classes the schools have beyond those typed in: sum over schools of max(declared - typed, 0).
        typed_at_school = SchoolClass.objects.filter(
            school=OuterRef("school"), school_year=OuterRef("school_year"), grade=OuterRef("grade")
        )
        missing = (
            ClassCount.objects.filter(
                school__municipality=OuterRef("municipality"),
                school_year=OuterRef("school_year"),
                grade=OuterRef("grade"),
            )
            .annotate(typed=count_of(typed_at_school, "school"))
            .annotate(
                missing=models.Case(
                    models.When(classes__gt=F("typed"), then=F("classes") - F("typed")),
                    default=models.Value(0),
                    output_field=models.IntegerField(),
                )
            )
            .order_by()
            .values("school_year")
            .annotate(total=models.Sum("missing"))
            .values("total")
        )
        return self.annotate(
            classes_typed=count_of(classes, "school_year"),
            classes_missing=Coalesce(Subquery(missing, output_field=models.IntegerField()), models.Value(0)),
            classes_total=F("classes_typed") + F("classes_missing"),
            classes_placed=count_of(classes.filter(placement__isnull=False), "school_year"),
        )


class PlanPolicy(models.TextChoices):
    """The planner's policies (`planning.Policy`), as people read them."""

    MOST_WISHES = "most_wishes", _("Most classes with one of their wishes")
    MOST_FIRST_WISHES = "most_first_wishes", _("Most first wishes")


class HopInWeek(Versioned):
    """One municipality's HOP-IN production week in a school year."""

    municipality = models.ForeignKey(
        "partnerships.Municipality",
        models.PROTECT,
        verbose_name=_("municipality"),
        related_name="hopin_weeks",
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The school year's first calendar year: 2025 for 2025/26.")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    grade = models.PositiveSmallIntegerField(
        _("grade"), default=7, validators=GRADE_VALIDATORS, help_text=_("Usually 7th grade; some use 6th.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    plan_policy = models.CharField(
        _("planning policy"),
        max_length=20,
        choices=PlanPolicy,
        default=PlanPolicy.MOST_WISHES,
        help_text=_("What the automatic plan puts first."),
    )
    plan_seed = models.PositiveIntegerField(
        _("draw number"),
        default=new_plan_seed,
        help_text=_("Decides ties between equally good plans; the same number gives the same plan."),
    )
    one_class_per_school_per_host = models.BooleanField(
        _("at most one class from the same school per host"), default=False
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name=_("coordinator"),
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Named as the contact in the printed plans and the emails."),
    )
    coordinator_phone = DanishPhoneField(_("coordinator's phone"), blank=True)
    # The plan as it was last sent: {"sent_at": ISO time, "placements": {class id: [host id, tutor school
    # id, tutors]}}; compared with the current placements to say what changed since.
    sent_plan = models.JSONField(_("plan as sent"), default=dict, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["sent_plan"])  # its changes are listed on the week page
    objects = HopInWeekQuerySet.as_manager()

    class Meta:
        verbose_name = _("HOP-IN week")
        verbose_name_plural = _("HOP-IN weeks")
        ordering = ["-school_year", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "school_year"],
                name="hopinweek_unique_per_school_year",
                violation_error_message=_("This municipality already has a HOP-IN week in this school year."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="hopinweek_ends_not_before_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(condition=Q(grade__gte=1, grade__lte=10), name="hopinweek_grade_1_to_10"),
        ]

    def __str__(self):
        return f"HOP-IN {self.municipality} {self.school_year_label}"

    def get_absolute_url(self):
        return reverse("programmes:hopin_week_detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.school_year:
            year = SchoolYear(self.school_year)
            if not year.first_day <= self.starts_on <= year.last_day:
                raise ValidationError(
                    {
                        "starts_on": _("The week must start within the school year %(year)s.")
                        % {"year": year.label}
                    }
                )

    @property
    def school_year_label(self) -> str:
        return SchoolYear(self.school_year).label

    @property
    def coverage(self) -> int | None:
        """Placed classes in percent of all classes of the grade (needs `with_coverage()`)."""
        return coverage_percent(self.classes_placed, self.classes_total)

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.municipality_id)

    def classes(self) -> "SchoolClassQuerySet":
        """All classes the week is for: the grade, in the municipality's schools, in the school year."""
        return SchoolClass.objects.filter(
            school__municipality=self.municipality_id, school_year=self.school_year, grade=self.grade
        )

    def previous(self) -> "HopInWeek | None":
        return (
            HopInWeek.objects.filter(municipality=self.municipality_id, school_year__lt=self.school_year)
            .order_by("-school_year")
            .first()
        )


def coverage_percent(placed: int, total: int) -> int | None:
    """Placed classes as a whole percentage of all classes, None when there are no classes."""
    if not total:
        return None
    return round(100 * placed / total)


class ClassCount(models.Model):
    """How many classes of a grade a school has in a school year: what HOP-IN coverage is measured against."""

    school = models.ForeignKey(School, models.CASCADE, verbose_name=_("school"), related_name="class_counts")
    school_year = models.PositiveSmallIntegerField(_("school year"))
    grade = models.PositiveSmallIntegerField(_("grade"), default=7, validators=GRADE_VALIDATORS)
    classes = models.PositiveSmallIntegerField(_("number of classes"), validators=[MaxValueValidator(30)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("number of classes")
        verbose_name_plural = _("numbers of classes")
        ordering = ["-school_year", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "grade"], name="classcount_unique_per_school_year_grade"
            ),
            models.CheckConstraint(condition=Q(classes__lte=30), name="classcount_classes_max"),
        ]

    def __str__(self):
        return f"{self.school} {SchoolYear(self.school_year).label}: {self.classes}"


class SchoolClassQuerySet(VisibleQuerySet):
    municipality_path = "school__municipality"

    def unplaced(self):
        return self.filter(placement__isnull=True)


class SchoolClass(Versioned):
    """A class of pupils in one school year, e.g. 7.A, with up to three wished host companies."""

    school = models.ForeignKey(School, models.PROTECT, verbose_name=_("school"), related_name="classes")
    school_year = models.PositiveSmallIntegerField(_("school year"))
    grade = models.PositiveSmallIntegerField(_("grade"), default=7, validators=GRADE_VALIDATORS)
    name = models.CharField(_("class"), max_length=20, help_text=_("For example 7.A"))
    pupils = models.PositiveSmallIntegerField(
        _("number of pupils"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    wish_1 = models.ForeignKey(
        Company,
        models.SET_NULL,
        verbose_name=_("first wish"),
        related_name="+",
        null=True,
        blank=True,
    )
    wish_2 = models.ForeignKey(
        Company,
        models.SET_NULL,
        verbose_name=_("second wish"),
        related_name="+",
        null=True,
        blank=True,
    )
    wish_3 = models.ForeignKey(
        Company,
        models.SET_NULL,
        verbose_name=_("third wish"),
        related_name="+",
        null=True,
        blank=True,
    )

    history = HistoricalRecords()
    objects = SchoolClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("school class")
        verbose_name_plural = _("school classes")
        ordering = ["school__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"],
                name="schoolclass_unique_name_per_year",
                violation_error_message=_(
                    "This school already has a class with this name in this school year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=1, grade__lte=10), name="schoolclass_grade_1_to_10"
            ),
            models.CheckConstraint(
                condition=(Q(wish_1__isnull=True) | Q(wish_2__isnull=True) | ~Q(wish_1=F("wish_2")))
                & (Q(wish_1__isnull=True) | Q(wish_3__isnull=True) | ~Q(wish_1=F("wish_3")))
                & (Q(wish_2__isnull=True) | Q(wish_3__isnull=True) | ~Q(wish_2=F("wish_3"))),
                name="schoolclass_wishes_distinct",
                violation_error_message=_("Wish each host only once."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.school})"

    @property
    def wishes(self) -> list[Company]:
        """The wished companies, most wanted first (select_related the wishes when listing)."""
        return [company for company in (self.wish_1, self.wish_2, self.wish_3) if company]

    @property
    def wish_ids(self) -> list[int]:
        return [pk for pk in (self.wish_1_id, self.wish_2_id, self.wish_3_id) if pk]

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.school.municipality_id)
