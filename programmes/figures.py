"""Figures of the programmes' work per municipality, for the programme, municipality and report pages."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnerships.models import CooperationAgreement, Municipality

from .hopin_models import HopInWeek
from .models import Programme
from .network_models import NetworkMember, OutreachActivity, ResourcePerson, TeacherTraining

HOPIN, JETNET, FREMTIDENS = "hop-in", "jet-net", "fremtidens-skole"


def hopin_coverage(school_year: int):
    """HOP-IN weeks of a school year, one per municipality, with `classes_total` and `classes_placed`.

    For the annual report: coverage = placed classes / all classes of the week's grade.
    """
    return (
        HopInWeek.objects.filter(school_year=school_year)
        .with_coverage()
        .select_related("municipality")
        .order_by("municipality__name")
    )


def latest_hopin_weeks(municipalities=None):
    """The newest HOP-IN week of each municipality (of the given ones), with coverage."""
    weeks = HopInWeek.objects.all()
    if municipalities is not None:
        weeks = weeks.filter(municipality__in=municipalities)
    newest = HopInWeek.objects.filter(municipality=OuterRef("municipality")).order_by("-school_year")
    return (
        weeks.filter(pk=Subquery(newest.values("pk")[:1]))
        .with_coverage()
        .select_related("municipality")
        .order_by("municipality__name")
    )


@dataclass
class StepProgress:
    step: int
    label: str
    activities: int = 0
    reached: int = 0
    last_date: datetime.date | None = None

    @property
    def started(self) -> bool:
        return self.activities > 0


@dataclass
class MunicipalityProgress:
    municipality: Municipality
    steps: list[StepProgress]

    @property
    def steps_started(self) -> int:
        return sum(step.started for step in self.steps)


def jetnet_progress(municipalities) -> list[MunicipalityProgress]:
    """Per municipality and step: activities, people reached and the latest date (one query)."""
    municipalities = list(municipalities)
    rows = (
        OutreachActivity.objects.filter(municipality__in=municipalities)
        .order_by()
        .values("municipality", "step")
        .annotate(activities=Count("pk"), reached=Sum("reached"), last_date=Max("date"))
    )
    found = {(row["municipality"], row["step"]): row for row in rows}
    result = []
    for municipality in municipalities:
        steps = []
        for step, label in OutreachActivity.Step.choices:
            row = found.get((municipality.pk, step), {})
            steps.append(
                StepProgress(
                    step=step,
                    label=label,
                    activities=row.get("activities", 0),
                    reached=row.get("reached") or 0,
                    last_date=row.get("last_date"),
                )
            )
        result.append(MunicipalityProgress(municipality, steps))
    return result


def _count(queryset, field: str):
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), Value(0))


def fremtidens_figures(municipalities, programme: Programme | None, on: datetime.date | None = None):
    """Annotate municipalities with teachers trained, resource persons, network members and agreements.

    `agreements` counts the programme's agreements with the goal-counting rule on the date (default today).
    """
    on = on or timezone.localdate()
    trained = (
        TeacherTraining.objects.filter(school__municipality=OuterRef("pk"))
        .order_by()
        .values("school__municipality")
        .annotate(n=Sum("teachers_trained"))
        .values("n")
    )
    agreements = CooperationAgreement.objects.counting(on).filter(
        school__municipality=OuterRef("pk"), programme=programme
    )
    return municipalities.annotate(
        teachers_trained=Coalesce(Subquery(trained[:1], output_field=IntegerField()), Value(0)),
        resource_person_count=_count(
            ResourcePerson.objects.filter(municipality=OuterRef("pk")), "municipality"
        ),
        network_member_count=_count(
            NetworkMember.objects.filter(municipality=OuterRef("pk")), "municipality"
        ),
        agreement_count=_count(agreements, "school__municipality"),
    ).order_by("name")


def participating(programme: Programme):
    return Municipality.objects.filter(participations__programme=programme).order_by("name")


def programme_work_context(programme: Programme) -> dict:
    """What the programme page shows of the work, by programme: add to its context."""
    if programme.slug == HOPIN:
        return {"work_kind": HOPIN, "hopin_weeks": latest_hopin_weeks()}
    if programme.slug == JETNET:
        return {"work_kind": JETNET, "jetnet_rows": jetnet_progress(participating(programme))}
    if programme.slug == FREMTIDENS:
        return {
            "work_kind": FREMTIDENS,
            "fremtidens_rows": fremtidens_figures(participating(programme), programme),
        }
    return {"work_kind": ""}


def municipality_work_context(municipality: Municipality) -> dict:
    """What the municipality page shows of the programmes' work: add to its context."""
    slugs = set(municipality.participations.values_list("programme__slug", flat=True))
    context = {
        "hopin_week": latest_hopin_weeks([municipality]).first(),
        "jetnet_progress": None,
        "fremtidens": None,
    }
    if JETNET in slugs:
        context["jetnet_progress"] = jetnet_progress([municipality])[0]
    if FREMTIDENS in slugs:
        programme = Programme.objects.get(slug=FREMTIDENS)
        context["fremtidens"] = fremtidens_figures(
            Municipality.objects.filter(pk=municipality.pk), programme
        ).first()
    return context
