"""The HOP-IN records, one module per aggregate, re-exported here (`from .hopin.models import HopInWeek`).

The migrations name `programmes.hopin.models.new_plan_seed`, the default of `HopInWeek.plan_seed`.
"""

from .placements import HopInHost, Placement, TutorOffer
from .weeks import ClassCount, HopInWeek, PlanPolicy, SchoolClass, coverage_percent, new_plan_seed

__all__ = [
    "ClassCount",
    "HopInHost",
    "HopInWeek",
    "Placement",
    "PlanPolicy",
    "SchoolClass",
    "TutorOffer",
    "coverage_percent",
    "new_plan_seed",
]
