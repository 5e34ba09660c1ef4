"""Fremtidens skole per municipality: teachers trained, resource persons, network members, agreements."""

import datetime

from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnerships.models import CooperationAgreement, Programme, count_of

from .models import NetworkMember, ResourcePerson, TeacherTraining


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
        resource_person_count=count_of(
            ResourcePerson.objects.filter(municipality=OuterRef("pk")), "municipality"
        ),
        network_member_count=count_of(
            NetworkMember.objects.filter(municipality=OuterRef("pk")), "municipality"
        ),
        agreement_count=count_of(agreements, "school__municipality"),
    ).order_by("name")
