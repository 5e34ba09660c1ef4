"""HOP-IN coverage: placed classes of all classes of the week's grade."""

from django.db.models import OuterRef, Subquery

from .models import HopInWeek


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
