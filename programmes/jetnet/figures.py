"""Jet-Net progress per municipality and step."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Sum

from partnerships.models import Municipality

from .models import OutreachActivity


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
