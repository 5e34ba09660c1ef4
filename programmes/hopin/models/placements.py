"""Who takes a HOP-IN week's classes in, and where each class goes: hosts, tutor offers and placements.

The host companies with their capacity and preferences, the tutor students a youth education sends, and the
placement of each class with a host (with its tutors).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brasite.lib.versioning import Versioned
from partnerships.models import Company, School, VisibleQuerySet, count_of

from .weeks import HopInWeek, SchoolClass


class HopInHostQuerySet(VisibleQuerySet):
    """Hosts of the weeks the user may read; a company user sees its own company's hosting."""

    municipality_path = "week__municipality"
    company_path = "company"

    def with_load(self):
        """Annotate `placed` (classes placed with the host) and `free` (capacity left, never negative)."""
        placed = Placement.objects.filter(host=OuterRef("pk"))
        return self.annotate(placed=count_of(placed, "host")).annotate(
            free=models.Case(
                models.When(capacity__gt=F("placed"), then=F("capacity") - F("placed")),
                default=models.Value(0),
                output_field=models.IntegerField(),
            )
        )


class HopInHost(Versioned):
    """A company hosting classes in one HOP-IN week, with its capacity, preferences and later answer."""

    class Answer(models.TextChoices):
        UNKNOWN = "", _("Not asked yet")
        YES = "yes", _("Yes, will host again")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    week = models.ForeignKey(HopInWeek, models.CASCADE, verbose_name=_("HOP-IN week"), related_name="hosts")
    company = models.ForeignKey(
        Company, models.PROTECT, verbose_name=_("company"), related_name="hopin_hostings"
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=1,
        validators=[MaxValueValidator(50)],
        help_text=_("How many classes the company can host this week."),
    )
    preferred_schools = models.ManyToManyField(
        School,
        verbose_name=_("preferred schools"),
        related_name="+",
        blank=True,
        help_text=_("The planner places classes of these schools here before others (after wishes)."),
    )
    preferences = models.TextField(
        _("other preferences"), blank=True, help_text=_("For example: only mornings, safety shoes needed.")
    )
    will_host_again = models.CharField(
        _("will host again"), max_length=5, choices=Answer, default=Answer.UNKNOWN, blank=True
    )
    feedback = models.TextField(_("feedback after the week"), blank=True)

    history = HistoricalRecords(m2m_fields=[preferred_schools])
    objects = HopInHostQuerySet.as_manager()

    class Meta:
        verbose_name = _("HOP-IN host")
        verbose_name_plural = _("HOP-IN hosts")
        ordering = ["company__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "company"],
                name="hopinhost_unique_per_week",
                violation_error_message=_("This company is already a host this week."),
            ),
            models.CheckConstraint(condition=Q(capacity__lte=50), name="hopinhost_capacity_max"),
        ]

    def __str__(self):
        return str(self.company)

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.week.municipality_id)


class TutorOfferQuerySet(VisibleQuerySet):
    municipality_path = "week__municipality"


class TutorOffer(Versioned):
    """Tutor students a youth education sends to a HOP-IN week."""

    week = models.ForeignKey(
        HopInWeek, models.CASCADE, verbose_name=_("HOP-IN week"), related_name="tutor_offers"
    )
    school = models.ForeignKey(
        School, models.PROTECT, verbose_name=_("youth education"), related_name="tutor_offers"
    )
    tutors = models.PositiveSmallIntegerField(
        _("tutor students"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )

    history = HistoricalRecords()
    objects = TutorOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("tutor offer")
        verbose_name_plural = _("tutor offers")
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "school"],
                name="tutoroffer_unique_per_week",
                violation_error_message=_("This youth education already offers tutors this week."),
            ),
        ]

    def __str__(self):
        return f"{self.school}: {self.tutors}"

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.week.municipality_id)


class PlacementQuerySet(VisibleQuerySet):
    municipality_path = "host__week__municipality"


class Placement(Versioned):
    """A class placed with a host for the week; a class can be placed only once (OneToOne)."""

    school_class = models.OneToOneField(
        SchoolClass, models.CASCADE, verbose_name=_("class"), related_name="placement"
    )
    host = models.ForeignKey(HopInHost, models.CASCADE, verbose_name=_("host"), related_name="placements")
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Locked placements are kept when the plan is run again.")
    )
    tutor_school = models.ForeignKey(
        School,
        models.SET_NULL,
        verbose_name=_("tutors from"),
        related_name="+",
        null=True,
        blank=True,
    )
    tutors = models.PositiveSmallIntegerField(_("tutor students"), default=0)
    by_hand = models.BooleanField(_("moved by hand"), default=False, editable=False)

    history = HistoricalRecords()
    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["school_class__school__name", "school_class__name"]

    def __str__(self):
        return f"{self.school_class} → {self.host}"

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.host.week.municipality_id)
