"""Municipalities and their progress toward the goal (the counting rule itself is in agreements.py)."""

import collections
import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from brasite.lib.versioning import Versioned

from ..fields import four_digits
from ..schoolyears import SchoolYear
from .agreements import CooperationAgreement
from .organisations import Company, School
from .visibility import VisibleQuerySet


def goal_words(counting: int, goal: int) -> str:
    """Progress in words: "2 of 3 agreements", and once the goal is passed "5 agreements – the goal is 3"
    (never "5 of 3")."""
    values = {"counting": counting, "goal": goal}
    if counting > goal:
        return (
            ngettext(
                "%(counting)s agreement – the goal is %(goal)s",
                "%(counting)s agreements – the goal is %(goal)s",
                counting,
            )
            % values
        )
    return (
        ngettext("%(counting)s of %(goal)s agreement", "%(counting)s of %(goal)s agreements", goal) % values
    )


class MunicipalityQuerySet(VisibleQuerySet):
    municipality_path = "pk"

    def with_goal(self, on: datetime.date | None = None):
        """Annotate `agreement_goal`: the target of the school year the date falls in (default 3)."""
        return self.annotate(agreement_goal=goal_of_year(SchoolYear.containing(on or timezone.localdate())))

    def served(self):
        """The municipalities of some group the portal serves (the others are reference data only); all of
        them while no group is set up."""
        membership = Municipality.municipality_groups.through.objects
        return self.filter(Exists(membership.filter(municipality=OuterRef("pk"))) | ~Exists(membership.all()))

    def in_group(self, group):
        """The municipalities of `group` (a MunicipalityGroup); all served ones when it is None."""
        if group is None:
            return self.served()
        return self.filter(municipality_groups=group)

    def with_goal_progress(self, on: datetime.date | None = None):
        """Annotate each municipality with `counting` agreements on the date and the `agreement_goal` of
        that date's school year (`goal_met`, `goal_status` and `goal_rank` follow from the two).

        One query for all municipalities, a correlated count per municipality (an index scan of its own
        agreements, never a join of every agreement); the rule itself is `CooperationAgreement.counting_q`.
        """
        on = on or timezone.localdate()
        return self.with_goal(on).annotate(counting=counting_on(on)).order_by("name")

    def goal_progress(self, on: datetime.date | None = None, counts=None, **days: datetime.date) -> list:
        """The municipalities in name order with the annotations of `with_goal_progress`, for a list of
        them: `counting` (and a count for each further named date in `days`) comes from one grouped pass
        over the agreements (`counts_on`) instead of a count per municipality. Two queries; one where the
        caller has the counts already, per municipality pk (a pass made for more figures)."""
        on = on or timezone.localdate()
        municipalities = list(self.with_goal(on).order_by("name"))
        if counts is None:
            counts = Municipality.objects.filter(pk__in=[m.pk for m in municipalities]).counts_on(
                {"counting": on, **days}
            )
        for municipality in municipalities:
            for name in ("counting", *days):
                setattr(municipality, name, counts.get(municipality.pk, {}).get(name, 0))
        return municipalities

    def with_overview(self, on: datetime.date | None = None):
        """The region overview's figures besides the goal and the drafts (`goal_progress` adds the counts,
        `drafts_now` the drafts), in one query: schools (active ones) and approved hosts, split by whether
        they have an agreement that counts on the date.
        """
        on = on or timezone.localdate()
        counting_here = CooperationAgreement.objects.filter(CooperationAgreement.counting_q(on))
        schools = School.objects.filter(municipality=OuterRef("pk"), active=True)
        hosts = Company.objects.approved_hosts().filter(municipality=OuterRef("pk"))
        return self.annotate(
            schools_total=count_of(schools, "municipality"),
            schools_with_agreement=count_of(
                schools.filter(Exists(counting_here.filter(school=OuterRef("pk")))), "municipality"
            ),
            hosts_total=count_of(hosts, "municipality"),
            hosts_with_agreement=count_of(
                hosts.filter(Exists(counting_here.filter(company=OuterRef("pk")))), "municipality"
            ),
        )

    def drafts_now(self) -> collections.Counter:
        """The agreements in draft now per municipality pk, in one grouped query over the drafts' own index
        (a correlated count per municipality would visit every agreement of each of its schools)."""
        rows = (
            CooperationAgreement.objects.filter(
                status=CooperationAgreement.Status.DRAFT, school__municipality__in=self.values("pk")
            )
            .order_by()
            .values_list("school__municipality")
            .annotate(n=Count("*"))  # not COUNT(id): the drafts' index holds only their schools
        )
        return collections.Counter(dict(rows))

    def with_counts_on(self, days: dict[str, datetime.date]):
        """Annotate the agreements counting on each of a few dates (name -> date), in one query."""
        return self.annotate(**{name: counting_on(day) for name, day in days.items()})

    def counts_on(self, days: dict[str, datetime.date]) -> dict[int, dict[str, int]]:
        """The agreements counting on each of many dates (name -> date) per municipality pk (0s for a pk
        without any): one grouped pass over the agreements, so ten years of trend cost what one date does;
        a date under several names is counted once."""
        unique = {day: f"on_{index}" for index, day in enumerate(sorted(set(days.values())))}
        # `counting_q` split: the date-free part and the span of the days once per row, then one date each.
        agreed = CooperationAgreement.agreed_q() & CooperationAgreement.dates_q(min(unique), max(unique))
        rows = (
            CooperationAgreement.objects.filter(agreed, school__municipality__in=self.values("pk"))
            .order_by()
            .values("school__municipality")
            .annotate(
                **{
                    alias: Count("pk", filter=CooperationAgreement.dates_q(day, day))
                    for day, alias in unique.items()
                }
            )
        )
        counted = collections.defaultdict(lambda: dict.fromkeys(days, 0))
        for row in rows:
            counted[row["school__municipality"]] = {name: row[unique[day]] for name, day in days.items()}
        return counted

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
                programme_counting=counting_on(on, programme=programme),
            )
            .filter(Q(participation_status__isnull=False) | Q(programme_counting__gt=0))
            .order_by("name")
        )


def goal_of_year(school_year: SchoolYear, outer: str = "pk") -> Coalesce:
    """A municipality's target for the school year (a correlated subquery), the default when none is set."""
    target = (
        SchoolYearGoal.objects.filter(municipality=OuterRef(outer), school_year=school_year.start_year)
        .order_by()
        .values("target")[:1]
    )
    return Coalesce(Subquery(target, output_field=IntegerField()), Value(SchoolYearGoal.DEFAULT_TARGET))


def counting_on(on: datetime.date, **filters) -> Coalesce:
    """The agreements of the outer municipality that count toward its goal on the date (`counting_q`), as
    a correlated subquery; `filters` narrow them further (e.g. to one programme)."""
    agreements = CooperationAgreement.objects.filter(
        CooperationAgreement.counting_q(on), school__municipality=OuterRef("pk"), **filters
    )
    return count_of(agreements, "school__municipality")


def count_of(queryset: models.QuerySet, group_by: str) -> Coalesce:
    """A correlated subquery counting the rows of `queryset` (already filtered on OuterRef), 0 if none."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class Municipality(Versioned):
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
    region = models.ForeignKey(
        "partnerships.Region",
        models.PROTECT,
        verbose_name=_("region"),
        related_name="municipalities",
        null=True,
        blank=True,
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
        return reverse("reporting:municipality_detail", args=[self.slug])

    def is_editable_by(self, user) -> bool:
        return user.can_edit_in(self.pk)

    def goal_for(self, school_year: SchoolYear) -> int:
        """The target for one school year (one query; pages use the `agreement_goal` annotation)."""
        goals = self.goals.filter(school_year=school_year.start_year)
        target = goals.values_list("target", flat=True).first()
        return SchoolYearGoal.DEFAULT_TARGET if target is None else target

    @property
    def goal_in_words(self) -> str:
        """`goal_words` for this municipality (needs the `counting` annotation)."""
        return goal_words(self.counting, self.agreement_goal)

    @property
    def goal_missing(self) -> int:
        """Agreements still needed to meet the goal (needs the `counting` annotation)."""
        return max(self.agreement_goal - self.counting, 0)

    @property
    def goal_bar_value(self) -> int:
        return min(self.counting, self.agreement_goal)

    @classmethod
    def goal_status_of(cls, counting: int, goal: int) -> str:
        """The goal's status: met, close (one agreement short) or behind."""
        if counting >= goal:
            return cls.GoalStatus.MET
        if counting >= goal - 1:
            return cls.GoalStatus.CLOSE
        return cls.GoalStatus.BEHIND

    @property
    def goal_met(self) -> bool:
        """Needs the `counting` and `agreement_goal` annotations (`with_goal_progress`)."""
        return self.goal_status == self.GoalStatus.MET

    @property
    def goal_status(self) -> str:
        return self.goal_status_of(self.counting, self.agreement_goal)

    @property
    def goal_rank(self) -> int:
        """For sorting by status: behind 0, close 1, met 2."""
        return {self.GoalStatus.MET: 2, self.GoalStatus.CLOSE: 1, self.GoalStatus.BEHIND: 0}[self.goal_status]

    def get_goal_status_display(self) -> str:
        """The goal status in words (needs the annotations of `with_goal_progress`)."""
        return self.GoalStatus(self.goal_status).label

    @property
    def schools_without_agreement(self) -> int:
        return self.schools_total - self.schools_with_agreement

    @property
    def hosts_without_agreement(self) -> int:
        return self.hosts_total - self.hosts_with_agreement


class SchoolYearGoal(Versioned):
    """A municipality's target for one school year: raising it for one year leaves the others as they were."""

    DEFAULT_TARGET = 3  # the region's headline goal, for every school year without a recorded target

    municipality = models.ForeignKey(
        Municipality, models.CASCADE, verbose_name=_("municipality"), related_name="goals"
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"),
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("The year the school year starts in: 2026 for 2026/27 (1 August to 31 July)."),
    )
    target = models.PositiveSmallIntegerField(
        _("agreement goal"),
        default=DEFAULT_TARGET,
        help_text=_("How many agreements in force the municipality aims for in this school year."),
    )

    class Meta:
        verbose_name = _("goal for a school year")
        verbose_name_plural = _("goals per school year")
        ordering = ["municipality__name", "-school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "school_year"], name="schoolyeargoal_one_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.municipality}: {SchoolYear(self.school_year).label}"

    @property
    def school_year_label(self) -> str:
        return SchoolYear(self.school_year).label
