"""The core records, one module per aggregate, re-exported here (`from partnerships.models import School`)."""

from .agreements import AgreementQuerySet, AgreementTransition, CooperationAgreement
from .groups import MunicipalityGroup, Region
from .municipalities import Municipality, MunicipalityQuerySet, SchoolYearGoal, count_of, goal_of_year
from .organisations import (
    Company,
    CompanyQuerySet,
    ContactPerson,
    ProductionUnit,
    School,
    SchoolQuerySet,
    same_name_key,
    similarity_q,
)
from .programmes import Programme, ProgrammeParticipation
from .ratelimits import RateLimitHit
from .users import User, UserManager, normalize_login
from .visibility import VisibleQuerySet

__all__ = [
    "AgreementQuerySet",
    "AgreementTransition",
    "Company",
    "CompanyQuerySet",
    "ContactPerson",
    "CooperationAgreement",
    "Municipality",
    "MunicipalityGroup",
    "MunicipalityQuerySet",
    "Programme",
    "ProductionUnit",
    "ProgrammeParticipation",
    "RateLimitHit",
    "Region",
    "School",
    "SchoolYearGoal",
    "SchoolQuerySet",
    "User",
    "UserManager",
    "VisibleQuerySet",
    "count_of",
    "goal_of_year",
    "normalize_login",
    "same_name_key",
    "similarity_q",
]
